using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Validation;

/// <summary>
/// ele-1 ("All FHIR elements must have a @value or children") is not evaluated on what the service received
/// (<c>ProfileValidator</c> leaves Firely's ele-1 out for <see cref="ResourceRole.Received"/>): Firely's strict parse,
/// which every received resource comes through (intake after the strict scan, a partner's answers, the CLI's files),
/// already refuses every element without a value or children. These bodies are the ways JSON can say "an element with
/// nothing in it". What the service builds itself is still held to ele-1.
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
        var parsed = FhirJson.TryParse(json);

        Assert.False(parsed.Succeeded, $"Firely's strict parse took {json}");
    }

    [Fact]
    public void Validate_WrittenBackElementWithoutValueOrChildren_Ele1StillAnError()
    {
        // Only code can make this: the parser refuses it (above). What the service writes is checked for it.
        var patient = new Patient { Name = [new HumanName()] };

        var issues = ResourceValidator.Default.Validate(patient, ResourceRole.WrittenBack);

        Assert.Contains(issues, i => i.Severity == OperationOutcome.IssueSeverity.Error && i.Diagnostics?.Contains("ele-1", StringComparison.Ordinal) == true);
    }
}
