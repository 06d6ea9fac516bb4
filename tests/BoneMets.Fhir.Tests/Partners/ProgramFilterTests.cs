using BoneMets.Fhir.Partners;
using BoneMets.Fhir.Subscriptions;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Tests.Partners;

public sealed class ProgramFilterTests
{
    private const string Base = "https://ehr.westbrook.example.org/fhir";

    private static ProgramFilter Filter(string filter) => ProgramFilter.Parse(filter).Filter!;

    private static ServiceRequest To(params ResourceReference[] performers) => new() { Performer = [.. performers] };

    [Fact]
    public void Parse_PerformerSearch_TypeQueryAndAddressee()
    {
        var filter = Filter("ServiceRequest?status=active&performer=Organization/bonemets,Organization/spine");

        Assert.Equal(("ServiceRequest", "status=active&performer=Organization/bonemets,Organization/spine", "performer"), (filter.ResourceType, filter.Query, filter.Parameter));
        Assert.Equal(["Organization/bonemets", "Organization/spine"], filter.Values);
    }

    [Theory]
    [InlineData("Organization/bonemets", true)]
    [InlineData(Base + "/Organization/bonemets", true)] // absolute on the partner's base
    [InlineData(Base + "/Organization/bonemets/_history/3", true)]
    [InlineData("Organization/other-clinic", false)]
    [InlineData("https://elsewhere.example.org/fhir/Organization/bonemets", false)]
    [InlineData("Practitioner/bonemets", false)]
    public void Addresses_ServiceRequestPerformer_MatchesTheProgramOnly(string performer, bool addressed) =>
        Assert.Equal(addressed, Filter("ServiceRequest?performer=Organization/bonemets").Addresses(To(new ResourceReference(performer)), null, Base));

    [Fact]
    public void Addresses_NoPerformer_NotAddressed() =>
        Assert.False(Filter("ServiceRequest?performer=Organization/bonemets").Addresses(new ServiceRequest(), null, Base));

    [Fact]
    public void Addresses_OneOfSeveralPerformers_Addressed() =>
        Assert.True(Filter("ServiceRequest?performer=Organization/bonemets").Addresses(To(new ResourceReference("Organization/x"), new ResourceReference("Organization/bonemets")), null, Base));

    [Theory]
    [InlineData("http://hospital.example.org/organization|BM", true)]
    [InlineData("http://other.example.org|BM", false)]
    [InlineData("|BM", false)] // "|value": the identifier has no system
    [InlineData("BM", true)]
    public void Addresses_PerformerIdentifier_MatchesSystemAndValue(string token, bool addressed)
    {
        var performer = new ResourceReference { Identifier = new Identifier("http://hospital.example.org/organization", "BM") };

        Assert.Equal(addressed, Filter($"ServiceRequest?performer:identifier={token}").Addresses(To(performer), null, Base));
    }

    [Fact]
    public void Addresses_TaskFilter_JudgesTheOwner_OrThePerformerWithoutATask()
    {
        var filter = Filter("Task?owner=Organization/bonemets");

        Assert.True(filter.Addresses(To(new ResourceReference("Organization/other")), new Task { Owner = new ResourceReference("Organization/bonemets") }, Base));
        Assert.False(filter.Addresses(To(new ResourceReference("Organization/bonemets")), new Task { Owner = new ResourceReference("Organization/other") }, Base));
        Assert.True(filter.Addresses(To(new ResourceReference("Organization/bonemets")), null, Base));
    }
}
