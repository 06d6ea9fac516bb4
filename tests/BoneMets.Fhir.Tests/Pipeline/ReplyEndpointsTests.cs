using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Pipeline;

/// <summary>Reply endpoints a sender names are allowed only when configuration names them, exactly.</summary>
public sealed class ReplyEndpointsTests
{
    private const string Messaging = "https://ehr.example.org/messaging/$process-message";
    private const string Source = "https://interface.example.org/fhir";
    private const string Global = "https://hub.example.org/replies";

    private static readonly Partner Westbrook = new("westbrook", new PartnerOptions
    {
        BaseUrl = "https://ehr.example.org/fhir",
        SourceEndpoints = [Source],
        WriteBack = new PartnerWriteBackOptions { MessagingEndpoint = Messaging },
    });

    private static MessageHeader Header(string source) => new() { Source = new MessageHeader.MessageSourceComponent { Endpoint = source } };

    private static string? Refused(string? responseUrl, bool isAsync, string source = "https://elsewhere.example.org/fhir", Partner? partner = null) =>
        ReplyEndpoints.Refusal(new IntakeRequest("{}", null, null, "http://localhost/fhir", isAsync, responseUrl), Header(source), partner ?? Westbrook, [Global])
            ?.Expression.Single();

    [Theory]
    [InlineData(Messaging)]
    [InlineData(Source)]
    [InlineData(Global)]
    [InlineData("HTTPS://EHR.example.org:443/messaging/$process-message")] // scheme, host case and the default port do not matter
    public void Refusal_ResponseUrlConfigured_Allowed(string url)
    {
        Assert.Null(Refused(url, isAsync: true));
    }

    [Theory]
    [InlineData("https://ehr.example.org/messaging/$process-message/x")] // no prefix match
    [InlineData("https://ehr.example.org.evil.net/messaging/$process-message")]
    [InlineData("https://ehr.example.org@169.254.169.254/messaging/$process-message")]
    [InlineData("http://ehr.example.org/messaging/$process-message")] // https configured, http asked
    [InlineData("http://127.0.0.1:8080/admin")]
    public void Refusal_ResponseUrlNotConfigured_RefusedAtTheParameter(string url)
    {
        Assert.Equal(ReplyEndpoints.ResponseUrl, Refused(url, isAsync: true));
        Assert.Equal(ReplyEndpoints.ResponseUrl, Refused(url, isAsync: false)); // status updates would go there too
    }

    [Fact]
    public void Refusal_AsyncSourceEndpoint_AllowedOnlyWhenConfigured()
    {
        Assert.Null(Refused(null, isAsync: true, source: Source));
        Assert.Equal(ReplyEndpoints.SourceEndpoint, Refused(null, isAsync: true));
        Assert.Equal(ReplyEndpoints.SourceEndpoint, Refused(null, isAsync: true, source: Source, partner: new Partner("other", new PartnerOptions())));
    }

    [Fact]
    public void Refusal_SynchronousWithoutResponseUrl_NothingToCheck()
    {
        Assert.Null(Refused(null, isAsync: false)); // the answer goes back in the HTTP response; the source endpoint gets nothing
    }

    [Fact]
    public void Refusal_NoPartner_OnlyTheGlobalList()
    {
        Assert.Null(ReplyEndpoints.Refusal(new IntakeRequest("{}", null, null, "http://localhost/fhir", true, Global), Header(Source), null, [Global]));
        Assert.NotNull(ReplyEndpoints.Refusal(new IntakeRequest("{}", null, null, "http://localhost/fhir", true, null), Header(Source), null, [Global]));
    }
}
