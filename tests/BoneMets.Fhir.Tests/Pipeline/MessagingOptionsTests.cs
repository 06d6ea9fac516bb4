using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;

namespace BoneMets.Fhir.Tests.Pipeline;

public sealed class MessagingOptionsTests
{
    [Fact]
    public void Validate_Defaults_ValidAndNoGlobalReplyEndpoints()
    {
        var options = new MessagingOptions();

        Assert.Empty(Tests.Options.ProgramOptionsTests.Errors(options));
        Assert.Empty(options.ReplyEndpoints);
    }

    [Theory]
    [InlineData("https://hub.example.org/replies", true)]
    [InlineData("http://localhost:5090/replies", true)]
    [InlineData("http://127.0.0.1:5090/replies", true)]
    [InlineData("http://hub.example.org/replies", false)] // plain http only on loopback
    [InlineData("/replies", false)]
    [InlineData("ftp://hub.example.org/replies", false)]
    public void Validate_ReplyEndpoints_HttpsOrLoopbackHttp(string endpoint, bool valid)
    {
        var errors = Tests.Options.ProgramOptionsTests.Errors(new MessagingOptions { ReplyEndpoints = [endpoint] });

        Assert.Equal(valid ? [] : ["ReplyEndpoints"], errors);
    }
}
