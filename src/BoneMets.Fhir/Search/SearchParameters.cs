using Hl7.Fhir.FhirPath;
using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using System.Text.RegularExpressions;

namespace BoneMets.Fhir.Search;

public enum IndexKind { Token, Reference }

/// <summary>
/// A search parameter the read API supports: its FHIR name, type, FHIRPath and canonical URL, taken from Firely's
/// R4 list (<see cref="ModelInfo.SearchParameters"/>). The expression is this resource's branch of the spec's one
/// (shared parameters such as clinical-patient list every resource) without <c>.where(resolve() is X)</c>: a stored
/// resource is indexed alone, with nothing to resolve, so that filter becomes <see cref="TargetType"/>.
/// </summary>
public sealed record SearchParameterDefinition(string Resource, string Name, IndexKind Type, string Expression, string Definition, string? TargetType = null);

/// <summary>One value a resource is indexed under: a token (system, code) or a reference ("Type/id").</summary>
public sealed record IndexValue(string Param, string? System, string Value);

/// <summary>
/// The searches a referring team needs (Task by focus, identifier, status; CommunicationRequest by based-on;
/// Appointment by patient; …) plus _id and _lastUpdated on every type. Values are extracted once, at write time.
/// Which parameters are served is ours (the CapabilityStatement declares them); what each one means is FHIR's.
/// </summary>
public static partial class SearchParameters
{
    private static readonly (string Resource, string Name)[] Served =
    [
        ("Task", "focus"), ("Task", "identifier"), ("Task", "status"), ("Task", "business-status"), ("Task", "patient"),
        ("Task", "owner"), ("Task", "requester"), ("Task", "based-on"),
        ("CommunicationRequest", "based-on"), ("CommunicationRequest", "identifier"), ("CommunicationRequest", "status"),
        ("CommunicationRequest", "subject"), ("CommunicationRequest", "patient"), ("CommunicationRequest", "recipient"),
        ("Appointment", "patient"), ("Appointment", "actor"), ("Appointment", "identifier"), ("Appointment", "status"),
        ("Appointment", "based-on"),
        ("ServiceRequest", "identifier"), ("ServiceRequest", "patient"), ("ServiceRequest", "subject"), ("ServiceRequest", "status"),
        ("Patient", "identifier"),
        ("Condition", "patient"), ("Condition", "code"),
        ("Observation", "patient"), ("Observation", "code"),
        ("Provenance", "target"),
        ("RiskAssessment", "patient"), ("RiskAssessment", "subject"),
        ("Bundle", "identifier"),
    ];

    public static readonly IReadOnlyList<SearchParameterDefinition> All = [.. Served.Select(p => FromFirely(p.Resource, p.Name))];

    internal static SearchParameterDefinition FromFirely(string resource, string name)
    {
        var spec = ModelInfo.SearchParameters.SingleOrDefault(p => p.Resource == resource && p.Name == name)
            ?? throw new InvalidOperationException($"R4 defines no search parameter '{name}' on {resource}.");
        var kind = spec.Type switch
        {
            SearchParamType.Token => IndexKind.Token,
            SearchParamType.Reference => IndexKind.Reference,
            _ => throw new InvalidOperationException($"{resource}?{name} is a {spec.Type} parameter; the index holds tokens and references only."),
        };

        // "AllergyIntolerance.patient | … | Observation.subject.where(resolve() is Patient) | …": this resource's branch.
        var branch = spec.Expression!.Split('|', StringSplitOptions.TrimEntries)
            .Single(e => e.StartsWith(resource + ".", StringComparison.Ordinal));
        return ResolveFilter().Match(branch) is { Success: true } m
            ? new SearchParameterDefinition(resource, name, kind, m.Groups["path"].Value, spec.Url!, m.Groups["type"].Value)
            : new SearchParameterDefinition(resource, name, kind, branch, spec.Url!);
    }

    [GeneratedRegex(@"^(?<path>[A-Za-z.]+)\.where\(resolve\(\) is (?<type>[A-Z][A-Za-z]+)\)$")]
    private static partial Regex ResolveFilter();

    private static readonly ILookup<string, SearchParameterDefinition> ByResource = All.ToLookup(p => p.Resource, StringComparer.Ordinal);

    public static IEnumerable<SearchParameterDefinition> For(string resourceType) => ByResource[resourceType];

    public static SearchParameterDefinition? Find(string resourceType, string name) =>
        ByResource[resourceType].FirstOrDefault(p => p.Name == name);

    public static IReadOnlyList<IndexValue> Extract(Resource resource)
    {
        var values = new List<IndexValue>();
        foreach (var p in For(resource.TypeName))
        {
            foreach (var node in resource.Select(p.Expression).OfType<Base>())
            {
                values.AddRange(ValuesOf(p, node));
            }
        }

        return values;
    }

    private static IEnumerable<IndexValue> ValuesOf(SearchParameterDefinition p, Base node)
    {
        switch (node)
        {
            case ResourceReference { Reference: { } r }:
                var local = ReferenceValue.Normalize(r);
                if (p.TargetType is null || local.StartsWith(p.TargetType + "/", StringComparison.Ordinal))
                {
                    yield return new IndexValue(p.Name, null, local);
                }

                break;
            case Identifier { Value: { } v } identifier:
                yield return new IndexValue(p.Name, identifier.System, v);
                break;
            case CodeableConcept concept:
                foreach (var c in concept.Coding.Where(c => c.Code is not null))
                {
                    yield return new IndexValue(p.Name, c.System, c.Code!);
                }

                break;
            case Coding { Code: { } code } coding:
                yield return new IndexValue(p.Name, coding.System, code);
                break;
            case PrimitiveType { JsonValue: { } value }:
                // Coded enums (Task.status …) index under their FHIR literal, not the C# enum name.
                yield return new IndexValue(p.Name, null, value is Enum e ? e.GetLiteral() ?? e.ToString() : Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
        }
    }
}

public static class ReferenceValue
{
    /// <summary>Keeps the last "Type/id" of a literal reference (dropping any base URL and _history) so "Task/1" and "http://x/fhir/Task/1" match.</summary>
    public static string Normalize(string reference)
    {
        if (reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return reference;
        }

        var trimmed = SplitVersion(reference).Unversioned;
        var parts = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? $"{parts[^2]}/{parts[^1]}" : trimmed;
    }

    /// <summary>A reference without its "/_history/v" suffix, and that version (null when unversioned).</summary>
    public static (string Unversioned, string? Version) SplitVersion(string reference)
    {
        var history = reference.IndexOf(HistorySegment, StringComparison.Ordinal);
        return history < 0 ? (reference, null) : (reference[..history], reference[(history + HistorySegment.Length)..]);
    }

    private const string HistorySegment = "/_history/";
}
