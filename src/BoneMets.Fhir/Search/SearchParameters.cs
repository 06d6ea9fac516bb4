using Hl7.Fhir.FhirPath;
using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneMets.Fhir.Search;

public enum IndexKind { Token, Reference }

/// <summary>A search parameter the read API supports: its FHIR name, type and FHIRPath (as in the R4 spec, without resolve()).</summary>
public sealed record SearchParameterDefinition(string Resource, string Name, IndexKind Type, string Expression, string? TargetType = null)
{
    public string Definition => $"http://hl7.org/fhir/SearchParameter/{Resource}-{Name}";
}

/// <summary>One value a resource is indexed under: a token (system, code) or a reference ("Type/id").</summary>
public sealed record IndexValue(string Param, string? System, string Value);

/// <summary>
/// The searches a referring team needs (Task by focus, identifier, status; CommunicationRequest by based-on;
/// Appointment by patient; …) plus _id and _lastUpdated on every type. Values are extracted once, at write time.
/// </summary>
public static class SearchParameters
{
    public static readonly IReadOnlyList<SearchParameterDefinition> All =
    [
        new("Task", "focus", IndexKind.Reference, "Task.focus"),
        new("Task", "identifier", IndexKind.Token, "Task.identifier"),
        new("Task", "status", IndexKind.Token, "Task.status"),
        new("Task", "business-status", IndexKind.Token, "Task.businessStatus"),
        new("Task", "patient", IndexKind.Reference, "Task.for", "Patient"),
        new("Task", "owner", IndexKind.Reference, "Task.owner"),
        new("Task", "requester", IndexKind.Reference, "Task.requester"),
        new("Task", "based-on", IndexKind.Reference, "Task.basedOn"),
        new("CommunicationRequest", "based-on", IndexKind.Reference, "CommunicationRequest.basedOn"),
        new("CommunicationRequest", "identifier", IndexKind.Token, "CommunicationRequest.identifier"),
        new("CommunicationRequest", "status", IndexKind.Token, "CommunicationRequest.status"),
        new("CommunicationRequest", "subject", IndexKind.Reference, "CommunicationRequest.subject"),
        new("CommunicationRequest", "patient", IndexKind.Reference, "CommunicationRequest.subject", "Patient"),
        new("CommunicationRequest", "recipient", IndexKind.Reference, "CommunicationRequest.recipient"),
        new("Appointment", "patient", IndexKind.Reference, "Appointment.participant.actor", "Patient"),
        new("Appointment", "actor", IndexKind.Reference, "Appointment.participant.actor"),
        new("Appointment", "identifier", IndexKind.Token, "Appointment.identifier"),
        new("Appointment", "status", IndexKind.Token, "Appointment.status"),
        new("Appointment", "based-on", IndexKind.Reference, "Appointment.basedOn"),
        new("ServiceRequest", "identifier", IndexKind.Token, "ServiceRequest.identifier"),
        new("ServiceRequest", "patient", IndexKind.Reference, "ServiceRequest.subject", "Patient"),
        new("ServiceRequest", "subject", IndexKind.Reference, "ServiceRequest.subject"),
        new("ServiceRequest", "status", IndexKind.Token, "ServiceRequest.status"),
        new("Patient", "identifier", IndexKind.Token, "Patient.identifier"),
        new("Condition", "patient", IndexKind.Reference, "Condition.subject", "Patient"),
        new("Condition", "code", IndexKind.Token, "Condition.code"),
        new("Observation", "patient", IndexKind.Reference, "Observation.subject", "Patient"),
        new("Observation", "code", IndexKind.Token, "Observation.code"),
        new("Provenance", "target", IndexKind.Reference, "Provenance.target"),
        new("RiskAssessment", "patient", IndexKind.Reference, "RiskAssessment.subject", "Patient"),
        new("RiskAssessment", "subject", IndexKind.Reference, "RiskAssessment.subject"),
        new("Bundle", "identifier", IndexKind.Token, "Bundle.identifier"),
    ];

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
