using BoneMets.Fhir.Service.Auth;

namespace BoneMets.Fhir.IntegrationTests.Auth;

public sealed class SmartScopeTests
{
    [Theory]
    [InlineData("system/Task.rs", "system/Task.rs", true)]
    [InlineData("system/Task.rs", "system/Task.r", true)]
    [InlineData("system/*.cruds", "system/AuditEvent.rs", true)]
    [InlineData("system/Task.r", "system/Task.rs", false)]
    [InlineData("system/Task.rs", "system/Patient.r", false)]
    [InlineData("system/ServiceRequest.c", "system/ServiceRequest.rs", false)]
    public void Covers_AllowedAndWanted_ByTypeAndPermissions(string allowed, string wanted, bool covers)
    {
        Assert.True(SmartScope.TryParse(allowed, out var a));
        Assert.True(SmartScope.TryParse(wanted, out var w));
        Assert.Equal(covers, a.Covers(w));
    }

    [Theory]
    [InlineData("patient/Task.rs")]
    [InlineData("system/Task.sr")]
    [InlineData("system/Task.read")]
    [InlineData("system/task.rs")]
    [InlineData("system/.rs")]
    [InlineData("system/Task.")]
    [InlineData("openid")]
    public void TryParse_NotASmartV2SystemScope_Refused(string text) => Assert.False(SmartScope.TryParse(text, out _));

    [Fact]
    public void Grant_Requested_OnlyWhatTheClientIsAllowed()
    {
        Assert.True(SmartScope.TryParseAll("system/Task.rs system/ServiceRequest.c", out var allowed));
        Assert.True(SmartScope.TryParseAll("system/Task.r system/Patient.rs system/ServiceRequest.c system/Task.r", out var requested));

        Assert.Equal(["system/Task.r", "system/ServiceRequest.c"], SmartScope.Grant(requested, allowed).Select(s => s.ToString()));
    }
}
