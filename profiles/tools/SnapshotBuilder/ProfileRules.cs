using System.Text.Json.Nodes;

namespace BoneMets.Fhir.Profiles;

/// <summary>
/// Which profile a resource without meta.profile is held to: the reading the service itself makes
/// (CaseAssembler for Conditions, the bonemets-observation codes for Observations).
/// </summary>
internal static class ProfileRules
{
    public const string Base = "https://fhir.bonemets.org/StructureDefinition/";
    private const string ProjectObservation = "https://fhir.bonemets.org/CodeSystem/bonemets-observation";
    private const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    private const string Snomed = "http://snomed.info/sct";

    /// <param name="writtenBack">The resource is one the program wrote (a Task is then the write-back Task).</param>
    public static string? ProfileFor(JsonObject resource, bool writtenBack, IReadOnlyDictionary<string, HashSet<(string System, string Code)>> valueSets)
    {
        var codes = Codings(resource["code"]).ToList();
        bool In(string valueSet) => valueSets.TryGetValue(Base.Replace("StructureDefinition", "ValueSet", StringComparison.Ordinal) + valueSet, out var set)
            && codes.Any(set.Contains);
        var id = (JsonMatch.Primitive(resource["resourceType"]), JsonMatch.Primitive(resource["type"])) switch
        {
            ("Bundle", "message") => "bonemets-referral-message",
            ("Bundle", "document") => "bonemets-case-document",
            ("MessageHeader", _) => "bonemets-referral-message-header",
            ("Task", _) => writtenBack ? "bonemets-write-back-task" : "bonemets-referral-task",
            ("ServiceRequest", _) => "bonemets-referral-service-request",
            ("Condition", _) when codes.Any(IsSecondary) => "bonemets-bone-metastasis",
            ("Condition", _) when codes.Any(c => c.System == Icd10Cm && c.Code.StartsWith('C')) => "bonemets-primary-cancer",
            ("Observation", _) when codes.Contains((ProjectObservation, "bone-lesion")) => "bonemets-bone-lesion",
            ("Observation", _) when In("clinical-findings") => "bonemets-clinical-finding",
            ("Observation", _) when In("scores") => "bonemets-score",
            ("RiskAssessment", _) => "bonemets-triage-decision",
            ("Composition", _) => "bonemets-case-composition",
            ("CommunicationRequest", _) => "bonemets-communication-request",
            ("Appointment", _) => "bonemets-appointment",
            _ => null,
        };
        return id is null ? null : Base + id;
    }

    private static bool IsSecondary((string System, string Code) c) =>
        (c.System == Icd10Cm && (c.Code.StartsWith("C77", StringComparison.Ordinal) || c.Code.StartsWith("C78", StringComparison.Ordinal)
            || c.Code.StartsWith("C79", StringComparison.Ordinal) || c.Code.StartsWith("C7B", StringComparison.Ordinal)))
        || (c.System == Snomed && c.Code is "128462008" or "94222008");

    private static IEnumerable<(string System, string Code)> Codings(JsonNode? concept) =>
        ((concept as JsonObject)?["coding"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => (JsonMatch.Primitive(c["system"]) ?? string.Empty, JsonMatch.Primitive(c["code"]) ?? string.Empty));
}
