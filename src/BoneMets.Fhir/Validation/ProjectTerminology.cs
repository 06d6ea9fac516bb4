using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// Terminology without a terminology server: Firely's <see cref="LocalTerminologyService"/> over the project's own
/// CodeSystems and ValueSets and FHIR's (specification.zip), all in memory. A code of one of those systems is checked
/// fully, display included (a display that differs from the CodeSystem's is reported as a warning). A code of a system
/// whose content is not available here (SNOMED CT, LOINC, ICD-10-CM, UCUM, …) cannot be judged: when the local check
/// does not find it, the answer is "not checked", which the validator turns into a warning
/// (<see cref="FirelyProfileValidator"/>'s failure handler), never an error.
/// </summary>
internal sealed class ProjectTerminology(IAsyncResourceResolver resolver) : ICodeValidationTerminologyService
{
    /// <summary>The text of the warning for a code that cannot be judged here; tests and docs/validation.md name it.</summary>
    public const string NotChecked = "is not checked: this server has no terminology service for";

    private readonly ICodeValidationTerminologyService local = new LocalTerminologyService(resolver, new ValueSetExpanderSettings { ValueSetSource = resolver });

    public async Task<Parameters> ValueSetValidateCode(Parameters parameters, string? id = null, bool useGet = false)
    {
        Parameters answer;
        try
        {
            answer = await local.ValueSetValidateCode(parameters, id, useGet).ConfigureAwait(false);
        }
        catch (FhirOperationException) when (Systems(parameters).Any())
        {
            throw Unavailable(await ExternalSystem(parameters).ConfigureAwait(false) ?? string.Join(", ", Systems(parameters)));
        }

        if (answer.GetSingleValue<FhirBoolean>("result")?.Value == false && await ExternalSystem(parameters).ConfigureAwait(false) is { } external)
        {
            throw Unavailable(external);
        }

        return answer;
    }

    public Task<Parameters> Subsumes(Parameters parameters, string? id = null, bool useGet = false) => local.Subsumes(parameters, id, useGet);

    private static FhirOperationException Unavailable(string system) =>
        new($"The code {NotChecked} {system}.", HttpStatusCode.NotImplemented);

    /// <summary>The first system of the code being checked whose CodeSystem is not held here; null when all are.</summary>
    private async Task<string?> ExternalSystem(Parameters parameters)
    {
        foreach (var system in Systems(parameters))
        {
            if (await resolver.FindCodeSystemAsync(system).ConfigureAwait(false) is not { Content: CodeSystemContentMode.Complete })
            {
                return system;
            }
        }

        return null;
    }

    private static IEnumerable<string> Systems(Parameters parameters)
    {
        var systems = new List<string?> { parameters.GetSingleValue<FhirUri>("system")?.Value, parameters.GetSingleValue<Coding>("coding")?.System };
        systems.AddRange(parameters.GetSingleValue<CodeableConcept>("codeableConcept")?.Coding.Select(c => c.System) ?? []);
        return systems.OfType<string>().Distinct(StringComparer.Ordinal);
    }
}
