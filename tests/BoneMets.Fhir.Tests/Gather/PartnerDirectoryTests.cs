using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Gather;

public sealed class PartnerDirectoryTests
{
    private static PartnerOptions At(string sender = "urn:none|x", params string[] endpoints) =>
        new() { BaseUrl = "https://ehr.example.org/fhir", SenderIdentifier = sender, SourceEndpoints = [.. endpoints] };

    [Fact]
    public void Resolve_SenderOrganizationIdentifier_NamesThePartner()
    {
        var directory = new PartnerDirectory(new PartnersOptions { ["a"] = At(), ["westbrook"] = At(PartnerStub.Sender) }, new GatherOptions());

        Assert.Equal("westbrook", directory.Resolve(Stages.Message("08"))!.Id);
    }

    [Fact]
    public void Resolve_SourceEndpoint_NamesThePartnerWhenNoSenderMatches()
    {
        var directory = new PartnerDirectory(new PartnersOptions { ["iface"] = At(endpoints: "https://interface.westbrook.example.org/fhir") }, new GatherOptions());

        Assert.Equal("iface", directory.Resolve(Stages.Message("08"))!.Id);
    }

    [Fact]
    public void Resolve_NothingMatches_TakesTheDefaultOrNone()
    {
        var partners = new PartnersOptions { ["fallback"] = At() };

        Assert.Equal("fallback", new PartnerDirectory(partners, new GatherOptions { DefaultPartner = "fallback" }).Resolve(Stages.Message("08"))!.Id);
        Assert.Null(new PartnerDirectory(partners, new GatherOptions()).Resolve(Stages.Message("08")));
    }
}
