using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;

namespace BoneMets.Fhir.Tests.Gather;

public sealed class PartnerDirectoryTests
{
    private static PartnerOptions At(string sender = "urn:none|x", params string[] endpoints) =>
        new() { BaseUrl = "https://ehr.example.org/fhir", SenderIdentifier = sender, SourceEndpoints = [.. endpoints] };

    [Fact]
    public void Resolve_SenderOrganizationIdentifier_NamesThePartner()
    {
        var directory = new PartnerDirectory(new GatherOptions { Partners = { ["a"] = At(), ["westbrook"] = At(PartnerStub.Sender) } });

        Assert.Equal("westbrook", directory.Resolve(Stages.Message("08"))!.Id);
    }

    [Fact]
    public void Resolve_SourceEndpoint_NamesThePartnerWhenNoSenderMatches()
    {
        var directory = new PartnerDirectory(new GatherOptions { Partners = { ["iface"] = At(endpoints: "https://interface.westbrook.example.org/fhir") } });

        Assert.Equal("iface", directory.Resolve(Stages.Message("08"))!.Id);
    }

    [Fact]
    public void Resolve_NothingMatches_TakesTheDefaultOrNone()
    {
        var partners = new Dictionary<string, PartnerOptions>(StringComparer.Ordinal) { ["fallback"] = At() };

        Assert.Equal("fallback", new PartnerDirectory(new GatherOptions { Partners = partners, DefaultPartner = "fallback" }).Resolve(Stages.Message("08"))!.Id);
        Assert.Null(new PartnerDirectory(new GatherOptions { Partners = partners }).Resolve(Stages.Message("08")));
    }
}
