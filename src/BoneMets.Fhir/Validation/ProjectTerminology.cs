using System.Collections.Concurrent;
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
/// (<see cref="ProfileValidator"/>'s failure handler), never an error.
/// </summary>
/// <param name="extents">The project's ValueSets whose codes are listed in the ValueSet itself (<see cref="ValueSetCodes"/>):
/// a code of an external system is judged against such a list without that system's content.</param>
internal sealed class ProjectTerminology(IAsyncResourceResolver resolver, IReadOnlyDictionary<string, HashSet<(string System, string Code)>> extents)
    : ICodeValidationTerminologyService
{
    /// <summary>The text of the warning for a code that cannot be judged here; tests and docs/validation.md name it.</summary>
    public const string NotChecked = "is not checked: this server has no terminology service for";

    /// <summary>Answers kept for the same question (issue 17); past this many, the memo starts again empty.</summary>
    internal const int MemoCapacity = 20_000;

    private readonly ICodeValidationTerminologyService local = new LocalTerminologyService(resolver, new ValueSetExpanderSettings { ValueSetSource = resolver });
    private readonly ConcurrentDictionary<string, Answer> memo = new(StringComparer.Ordinal);

    /// <summary>Questions answered from the memo, not asked again; what tests read to know the memo was used.</summary>
    internal long Remembered => Interlocked.Read(ref remembered);

    private long remembered;

    /// <summary>
    /// The same question (value set, code, system, display, …) always gets the same answer here: the terminology is
    /// this process's own, in memory, and never changes while it runs. So each answer — a verdict, or "not checked" — is
    /// kept, keyed by the question's JSON, and the same coded element in the next message costs a dictionary lookup
    /// instead of an expansion (a third of a message's validation, docs/benchmarks.md). Copies go out, so a caller that
    /// changes its answer does not change the next one's.
    /// </summary>
    public async Task<Parameters> ValueSetValidateCode(Parameters parameters, string? id = null, bool useGet = false)
    {
        var question = (id ?? string.Empty) + "\n" + Fhir.FhirJson.Serialize(parameters);
        if (memo.TryGetValue(question, out var known))
        {
            Interlocked.Increment(ref remembered);
            return known.Give();
        }

        Answer answer;
        try
        {
            answer = new Answer(await Judge(parameters, id, useGet).ConfigureAwait(false), null);
        }
        catch (FhirOperationException e) when (e.Status == HttpStatusCode.NotImplemented)
        {
            answer = new Answer(null, e.Message);
        }

        if (memo.Count >= MemoCapacity)
        {
            memo.Clear();
        }

        memo.TryAdd(question, answer);
        return answer.Give();
    }

    private async Task<Parameters> Judge(Parameters parameters, string? id, bool useGet)
    {
        Parameters answer;
        try
        {
            answer = await local.ValueSetValidateCode(parameters, id, useGet).ConfigureAwait(false);
        }
        catch (FhirOperationException)
        {
            if (FromListedCodes(parameters) is { } listed)
            {
                return listed;
            }

            // A bare code (a code-typed element: Attachment.contentType, say) names no system: the value set's
            // expansion needed one whose content is not held here.
            throw Unavailable(await ExternalSystem(parameters).ConfigureAwait(false) ?? (Systems(parameters).Any() ? string.Join(", ", Systems(parameters))
                : $"the value set {ValueSetUrl(parameters)}"));
        }

        if (answer.GetSingleValue<FhirBoolean>("result")?.Value == false && await ExternalSystem(parameters).ConfigureAwait(false) is { } external)
        {
            return FromListedCodes(parameters) ?? throw Unavailable(external);
        }

        return answer;
    }

    public Task<Parameters> Subsumes(Parameters parameters, string? id = null, bool useGet = false) => local.Subsumes(parameters, id, useGet);

    /// <summary>A remembered answer: the verdict, or the "not checked" message the failure handler turns into a warning.</summary>
    private sealed record Answer(Parameters? Verdict, string? NotCheckedMessage)
    {
        public Parameters Give() => Verdict is { } verdict
            ? (Parameters)verdict.DeepCopy()
            : throw new FhirOperationException(NotCheckedMessage!, HttpStatusCode.NotImplemented);
    }

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

    /// <summary>The answer from a ValueSet that lists its codes (the BSeR business statuses, say); null for any other ValueSet.</summary>
    private Parameters? FromListedCodes(Parameters parameters)
    {
        var url = ValueSetUrl(parameters);
        if (url is null || !extents.TryGetValue(url, out var codes))
        {
            return null;
        }

        var sent = Codings(parameters).ToList();
        var result = new Parameters().Add("result", new FhirBoolean(sent.Any(codes.Contains)));
        return sent.Any(codes.Contains) ? result : result.Add("message", new FhirString($"None of the codes is in the value set {url}."));
    }

    private static string? ValueSetUrl(Parameters parameters) =>
        (parameters.GetSingleValue<FhirUri>("url")?.Value ?? parameters.GetSingleValue<Hl7.Fhir.Model.Canonical>("url")?.Value)?.Split('|')[0];

    private static IEnumerable<(string System, string Code)> Codings(Parameters parameters)
    {
        if (parameters.GetSingleValue<Code>("code")?.Value is { } code)
        {
            yield return (parameters.GetSingleValue<FhirUri>("system")?.Value ?? string.Empty, code);
        }

        var codings = new List<Coding?> { parameters.GetSingleValue<Coding>("coding") };
        codings.AddRange(parameters.GetSingleValue<CodeableConcept>("codeableConcept")?.Coding ?? []);
        foreach (var coding in codings.OfType<Coding>())
        {
            yield return (coding.System ?? string.Empty, coding.Code ?? string.Empty);
        }
    }

    private static IEnumerable<string> Systems(Parameters parameters)
    {
        var systems = new List<string?> { parameters.GetSingleValue<FhirUri>("system")?.Value, parameters.GetSingleValue<Coding>("coding")?.System };
        systems.AddRange(parameters.GetSingleValue<CodeableConcept>("codeableConcept")?.Coding.Select(c => c.System) ?? []);
        return systems.OfType<string>().Distinct(StringComparer.Ordinal);
    }
}
