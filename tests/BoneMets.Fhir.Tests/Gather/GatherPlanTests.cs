using BoneMets.Fhir.Case;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Gather;

public sealed class GatherPlanTests
{
    private static readonly Partner Westbrook = new("westbrook", new PartnerOptions { BaseUrl = "https://ehr.westbrook.example.org/fhir" });

    private static Capabilities Server(params (string Type, string[] Params)[] types) => new(true,
        types.ToDictionary(t => t.Type, t => new ResourceSupport(t.Params.ToHashSet(), new HashSet<string>()), StringComparer.Ordinal));

    [Fact]
    public void For_UnknownCapabilities_AsksUsCoreSearchesInOrder()
    {
        var (queries, gaps) = GatherPlan.For(Stages.Message("08"), Westbrook, Capabilities.Unknown);

        Assert.Equal(PartnerStub.FullSearches, queries.Select(q => q.Url));
        Assert.Empty(gaps);
    }

    [Fact]
    public void For_SubjectOnly_SearchesBySubject_AndNamesWhatCannotBeSearched()
    {
        var caps = Server(("Condition", ["subject"]), ("DiagnosticReport", ["category"]), ("ImagingStudy", ["patient"]), ("Observation", ["patient", "code"]));

        var (queries, gaps) = GatherPlan.For(Stages.Message("08"), Westbrook, caps);

        Assert.Equal($"Condition?subject=Patient/{PartnerStub.PatientId}", queries[0].Url);
        Assert.Equal([new ContextGap("Radiology reports", "the partner's CapabilityStatement offers no DiagnosticReport search by patient or subject")], gaps);
    }

    [Fact]
    public void For_ReferencesTheMessageDoesNotResolve_ReadsThoseAtThePartnerOnly()
    {
        var message = Stages.Message("08");
        message.ServiceRequest.SupportingInfo.Add(new ResourceReference("https://ehr.westbrook.example.org/fhir/DiagnosticReport/ct-1"));
        message.ServiceRequest.SupportingInfo.Add(new ResourceReference("Observation/ecog-9"));
        message.ServiceRequest.SupportingInfo.Add(new ResourceReference("https://elsewhere.example.org/fhir/Observation/x"));

        var (queries, gaps) = GatherPlan.For(message, Westbrook, Capabilities.Unknown);

        Assert.Equal(
            [new GatherQuery("Referenced DiagnosticReport", "DiagnosticReport/ct-1"), new GatherQuery("Referenced Observation", "Observation/ecog-9")],
            queries.Skip(PartnerStub.FullSearches.Length));
        Assert.Equal(
            [new ContextGap("Referenced https://elsewhere.example.org/fhir/Observation/x", "the reference points outside the partner's FHIR API and was not followed")],
            gaps);
    }
}
