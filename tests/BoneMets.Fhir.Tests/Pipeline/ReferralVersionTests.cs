using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Subscriptions;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Pipeline;

public sealed class ReferralVersionTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_ServerVersion_IsTheVersionId()
    {
        Assert.Equal("4", ReferralVersion.Of(new ServiceRequest { Id = "sr", Meta = new Meta { VersionId = "4" } }));
    }

    [Fact]
    public void Of_NoVersionId_HashOfContentIgnoringMeta()
    {
        var a = new ServiceRequest { Id = "sr", Status = RequestStatus.Active, Meta = new Meta { LastUpdated = Monday } };
        var b = new ServiceRequest { Id = "sr", Status = RequestStatus.Active };
        var cancelled = new ServiceRequest { Id = "sr", Status = RequestStatus.Revoked };

        Assert.Equal(ReferralVersion.Of(a), ReferralVersion.Of(b));
        Assert.NotEqual(ReferralVersion.Of(a), ReferralVersion.Of(cancelled));
    }

    [Fact]
    public void IsProcessed_SameVersion_True()
    {
        Assert.True(ReferralVersionGate.IsProcessed(new("k", "2", Monday), new("k", "2", Monday)));
    }

    [Fact]
    public void IsProcessed_NewerVersion_False()
    {
        Assert.False(ReferralVersionGate.IsProcessed(new("k", "2", Monday), new("k", "3", Monday.AddMinutes(1))));
        Assert.False(ReferralVersionGate.IsProcessed(null, new ProcessedVersion("k", "1", null)));
    }

    [Fact]
    public void IsProcessed_OlderVersionArrivingLate_True()
    {
        Assert.True(ReferralVersionGate.IsProcessed(new("k", "3", Monday), new("k", "2", Monday.AddMinutes(-5))));
    }
}
