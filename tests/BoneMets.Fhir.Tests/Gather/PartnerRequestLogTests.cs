using BoneMets.Fhir.Gather;

namespace BoneMets.Fhir.Tests.Gather;

public sealed class PartnerRequestLogTests
{
    private const string Base = "https://ehr.example.org/fhir";

    [Theory]
    [InlineData(Base + "/ServiceRequest?_lastUpdated=ge2026&patient=123", "ServiceRequest")] // no query: it may carry patient ids
    [InlineData(Base + "/Patient/123", "Patient")] // no id either
    [InlineData(Base + "/Subscription/sub-1/$events?eventsSinceNumber=1", "Subscription/$events")]
    [InlineData(Base + "?_getpages=abc", "(base)")]
    [InlineData(Base, "(base)")]
    [InlineData("https://other.example.org/fhir/Patient/1", "(other)")]
    public void Target_NamesWhatWasAskedWithoutIdsOrQuery(string url, string expected) =>
        Assert.Equal(expected, PartnerRequestLog.Target(new Uri(url), Base));
}
