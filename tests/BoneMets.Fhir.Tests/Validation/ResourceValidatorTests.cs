using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Validation;

public sealed class ResourceValidatorTests
{
    private static readonly ResourceValidator Validator = ResourceValidator.Default;

    [Fact]
    public void Validate_EntryOfABundle_ExpressionsAndSentencesFromTheBundle()
    {
        var bundle = Stages.Bundle(Samples.Referral("01"));
        var index = bundle.Entry.FindIndex(e => e.Resource is ServiceRequest);
        ((ServiceRequest)bundle.Entry[index].Resource).Intent = RequestIntent.Plan;

        var issue = Assert.Single(Validator.Validate(bundle, ResourceRole.Received), i => i.Severity == OperationOutcome.IssueSeverity.Error);

        Assert.Equal($"Bundle.entry[{index}].resource.intent", issue.Expression.Single());
        Assert.StartsWith($"Bundle.entry[{index}].resource.intent is 'plan'", issue.Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReferenceToAWrongTypeInTheBundle_ResolvedThroughFullUrl()
    {
        var bundle = Stages.Bundle(Samples.Referral("01"));
        var serviceRequest = Stages.Only<ServiceRequest>(bundle);
        var practitioner = bundle.Entry.First(e => e.Resource is Practitioner or Organization);
        serviceRequest.Subject = new ResourceReference(practitioner.FullUrl);

        var issues = Validator.Validate(bundle, ResourceRole.Received);

        Assert.Contains(issues, i => i.Code == OperationOutcome.IssueType.Structure && i.Expression.Single().EndsWith(".subject.reference", StringComparison.Ordinal)
            && i.Diagnostics!.Contains($"points at a {practitioner.Resource.TypeName}", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FitForSurgeryFinding_AcceptedAsAClinicalFinding()
    {
        var bundle = Stages.Bundle(Samples.Referral("10"));
        var patient = bundle.Entry.First(e => e.Resource is Patient);
        const string id = "3f1c8d52-6a0e-4c1b-9d7e-2b5a4c8e9f10";
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{id}",
            Resource = new Observation
            {
                Id = id,
                Status = ObservationStatus.Final,
                Code = new CodeableConcept(BoneMets.Fhir.Terminology.CodeSystems.Observation, BoneMets.Fhir.Terminology.ObservationCodes.FitForSurgery),
                Subject = new ResourceReference(patient.FullUrl),
                Effective = new FhirDateTime("2025-11-06"),
                Value = new FhirBoolean(true),
            },
        });

        Assert.DoesNotContain(Validator.Validate(bundle, ResourceRole.Received), i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
    }

    [Fact]
    public void Validate_UnknownProfile_NotSupported()
    {
        var issue = Assert.Single(Validator.Validate(new Patient(), ResourceRole.Received, "https://example.org/StructureDefinition/none"));

        Assert.Equal(OperationOutcome.IssueType.NotSupported, issue.Code);
    }

    [Fact]
    public void Validate_ProfileForAnotherType_Structure()
    {
        var issue = Assert.Single(Validator.Validate(new Patient(), ResourceRole.Received, ProfileSet.Url("bonemets-score")));

        Assert.Equal((OperationOutcome.IssueType.Structure, "Patient"), (issue.Code, issue.Expression.Single()));
    }

    [Fact]
    public void ValidateJson_UnparseableResource_TheParserIssuesWithTheResourceType()
    {
        var issues = Validator.ValidateJson("""{"resourceType":"Observation","code":{"text":"x"}}""", ResourceRole.Received);

        Assert.Contains(issues, i => i.Code == OperationOutcome.IssueType.Required && i.Expression.Single() == "Observation.status");
    }

    [Fact]
    public void ProfileSet_Embedded_HoldsEveryGeneratedResource()
    {
        var set = ProfileSet.Embedded;

        Assert.Equal(15, set.Profiles.Count);
        Assert.Equal(19, set.CodeSystems.Count);
        Assert.All(set.Profiles.Values, p => Assert.NotEmpty(p.Snapshot!.Element));
        Assert.Contains(("https://fhir.bonemets.org/CodeSystem/score-band", "sins-unstable"), set.ValueSetCodes["https://fhir.bonemets.org/ValueSet/score-band"]);
        Assert.Equal(set.Profiles[ProfileSet.Url("bonemets-score")].Url, FhirJson.Parse<StructureDefinition>(set.ConformanceJson("StructureDefinition", "bonemets-score")!).Url);
        Assert.Null(set.ConformanceJson("Patient", "x"));
    }
}
