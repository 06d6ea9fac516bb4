using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Validation;

public sealed class VerdictCacheTests
{
    private const OperationOutcome.IssueSeverity Error = OperationOutcome.IssueSeverity.Error;

    private static List<OperationOutcome.IssueComponent> Errors(ResourceValidator validator, Bundle bundle) =>
        [.. validator.Validate(bundle, ResourceRole.Received).Where(i => i.Severity == Error)];

    [Fact]
    public void Validate_AResourceChangedAfterItsVerdictWasCached_ValidatedAgain()
    {
        var validator = new ResourceValidator(ProfileSet.Embedded);
        var bundle = Stages.Bundle(Samples.Referral("01"));
        Assert.Empty(Errors(validator, bundle)); // every entry's verdict now cached

        var index = bundle.Entry.FindIndex(e => e.Resource is ServiceRequest);
        ((ServiceRequest)bundle.Entry[index].Resource).Intent = RequestIntent.Plan;

        var issue = Assert.Single(Errors(validator, bundle));
        Assert.Equal($"Bundle.entry[{index}].resource.intent", issue.Expression.Single());
    }

    [Fact]
    public void Validate_SameContentWhoseReferencesNowResolveToOtherTypes_ValidatedAgain()
    {
        var validator = new ResourceValidator(ProfileSet.Embedded);
        var bundle = Stages.Bundle(Samples.Referral("01"));
        Assert.Empty(Errors(validator, bundle));
        var request = bundle.Entry.FindIndex(e => e.Resource is ServiceRequest);
        var json = FhirJson.Serialize(bundle.Entry[request].Resource);

        // The ServiceRequest is unchanged, but its subject's fullUrl now names the Practitioner and vice versa.
        var patient = bundle.Entry.Single(e => e.Resource is Patient);
        var practitioner = bundle.Entry.Single(e => e.Resource is Practitioner);
        (patient.FullUrl, practitioner.FullUrl) = (practitioner.FullUrl, patient.FullUrl);

        Assert.Equal(json, FhirJson.Serialize(bundle.Entry[request].Resource));
        Assert.Contains(Errors(validator, bundle), i => i.Expression.Single() == $"Bundle.entry[{request}].resource.subject.reference");
    }

    [Fact]
    public void Validate_SameInvalidContentTwice_TheSameIssuesEachTimeAndCallersCannotChangeTheCachedOnes()
    {
        var validator = new ResourceValidator(ProfileSet.Embedded);
        var bundle = Stages.Bundle(Samples.Referral("01"));
        Stages.Only<ServiceRequest>(bundle).Intent = RequestIntent.Plan;

        var first = Errors(validator, bundle);
        first.Single().Diagnostics = "changed by a caller";
        first.Single().Expression = ["elsewhere"];
        var second = Errors(validator, Stages.Bundle(FhirJson.Serialize(bundle)));

        Assert.StartsWith("Bundle.entry[", Assert.Single(second).Expression.Single(), StringComparison.Ordinal);
        Assert.EndsWith("].resource.intent", second.Single().Expression.Single(), StringComparison.Ordinal);
        Assert.StartsWith(second.Single().Expression.Single() + " is 'plan'", second.Single().Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_BeyondCapacity_TheOldestVerdictGoesFirst()
    {
        var cache = new VerdictCache(2);
        cache.Add("a", []);
        cache.Add("b", []);
        cache.Add("c", []);

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Find("a"));
        Assert.NotNull(cache.Find("b"));
        Assert.NotNull(cache.Find("c"));
    }

    [Fact]
    public void Key_SameJsonOtherProfile_OtherKey() =>
        Assert.NotEqual(VerdictCache.Key("http://a/StructureDefinition/x", "{}"), VerdictCache.Key("http://a/StructureDefinition/y", "{}"));
}
