using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;

namespace BoneMets.Fhir.Tests.Validation;

/// <summary>
/// ele-1 ("All FHIR elements must have a @value or children") is not evaluated by the profile validator
/// (<c>Invariants</c> skips it): intake's two readers, the strict scan and Firely's strict parse, already refuse every
/// element without a value or children, before validation. These bodies are the ways JSON can say "an element with
/// nothing in it".
/// </summary>
public sealed class ElementHasValueTests
{
    [Theory]
    [InlineData("""{"resourceType":"Patient","name":[{}]}""")] // an empty complex element
    [InlineData("""{"resourceType":"Patient","name":[]}""")] // an empty array
    [InlineData("""{"resourceType":"Patient","gender":null}""")] // a null primitive
    [InlineData("""{"resourceType":"Patient","gender":""}""")] // an empty string
    [InlineData("""{"resourceType":"Patient","_gender":{}}""")] // a primitive's empty extension object, no value
    [InlineData("""{"resourceType":"Patient","maritalStatus":{"coding":[{}]}}""")] // an empty element nested deeper
    [InlineData("""{"resourceType":"Patient","name":[{"given":[null]}]}""")] // a repeating primitive with only a null
    [InlineData("""{"resourceType":"Patient","meta":{}}""")] // an empty element at the root
    public void Intake_ElementWithoutValueOrChildren_RefusedBeforeValidation(string json)
    {
        var strict = StrictJson.Check(Encoding.UTF8.GetBytes(json), new InputLimitsOptions());
        var parsed = FhirJson.TryParse(json);

        Assert.True(strict is not null || !parsed.Succeeded, $"neither reader refused {json}");
    }
}
