using System.Text.Json.Nodes;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneMets.Fhir.Tests.Validation;

/// <summary>
/// Every constraint of every profile fails an instance that breaks it, with the issue code and FHIRPath expected:
/// generated rows (<see cref="NegativeCorpus"/>) and a hand-made table for the invariants and nested rules.
/// </summary>
public sealed class NegativeCorpusTests
{
    private const string Obs = "https://fhir.bonemets.org/CodeSystem/bonemets-observation";

    public static TheoryData<string> GeneratedData() => [.. NegativeCorpus.Generated.Select(b => b.Name)];

    public static TheoryData<string> TableData() => [.. Table.Select(b => b.Name)];

    /// <summary>The hand-made rows: profile, what is broken, the change, issue code, expression.</summary>
    private static readonly Breakage[] Table =
    [
        new("bm-msg-1 MessageHeader not first", "bonemets-referral-message", j => Swap(j, 0, 1), "invariant", "Bundle"),
        new("bm-msg-2 two MessageHeaders", "bonemets-referral-message", j => Entries(j).Add(Entries(j)[0]!.DeepClone()), "invariant", "Bundle"),
        new("bm-msg-5 unresolved urn:uuid", "bonemets-referral-message", j => Entries(j)[0]!["resource"]!["focus"]![0]!["reference"] = "urn:uuid:00000000-0000-0000-0000-000000000000", "invariant", "Bundle"),
        new("bm-msg-3 no Patient in the message", "bonemets-referral-message", j => RemoveEntries(j, "Patient"), "invariant", "Bundle"),
        new("bm-msg-4 no ServiceRequest in the message", "bonemets-referral-message", j => RemoveEntries(j, "ServiceRequest"), "invariant", "Bundle"),
        new("bm-doc-1 the Composition is not a consult note", "bonemets-case-document", j => Entries(j)[0]!["resource"]!["type"]!["coding"]![0]!["code"] = "34133-9", "invariant", "Bundle"),
        new("bm-doc-2 no Patient in the document", "bonemets-case-document", j => RemoveEntries(j, "Patient"), "invariant", "Bundle"),
        new("bm-met-1 not a secondary-neoplasm code", "bonemets-bone-metastasis", j => j["code"] = Concept("http://hl7.org/fhir/sid/icd-10-cm", "C50.9"), "invariant", "Condition"),
        new("bm-pc-1 a secondary code as the primary", "bonemets-primary-cancer", j => Codings(j["code"]!).Add(Coding("http://hl7.org/fhir/sid/icd-10-cm", "C79.51")), "invariant", "Condition"),
        new("bm-lesion-1 long-bone and spinal components", "bonemets-bone-lesion", j => Components(j).Add(Component("spinal-level", Concept("https://fhir.bonemets.org/CodeSystem/spinal-level", "T8"))), "invariant", "Observation"),
        new("bm-lesion-2 neither (warning)", "bonemets-bone-lesion", j => j["component"] = new JsonArray(Component("lesion-type", Concept("https://fhir.bonemets.org/CodeSystem/lesion-type", "lytic"))), "invariant", "Observation"),
        new("bm-lesion-3 diameter fraction over 100 %", "bonemets-bone-lesion", j => Components(j).OfType<JsonObject>().First(c => Code(c) == "diameter-fraction")["valueQuantity"]!["value"] = 140, "invariant", "Observation.component[1]"),
        new("bm-finding-2 a negative count", "bonemets-clinical-finding", j => { j["code"] = Concept(Obs, "vertebral-body-metastases"); ClearValue(j); j["valueInteger"] = -1; }, "invariant", "Observation"),
        new("bm-finding-3 Frankel grade outside A-E", "bonemets-clinical-finding", j => { j["code"] = Concept(Obs, "frankel-grade"); ClearValue(j); j["valueCodeableConcept"] = Concept("https://fhir.bonemets.org/CodeSystem/frankel-grade", "F"); }, "invariant", "Observation"),
        new("bm-finding-1 fitness for surgery without valueBoolean", "bonemets-clinical-finding", j => { j["code"] = Concept(Obs, "fit-for-surgery"); ClearValue(j); j["valueString"] = "ASA 2"; }, "invariant", "Observation"),
        new("bm-finding-1 a red flag without valueBoolean", "bonemets-clinical-finding", j => { j["code"] = Concept(Obs, "limb-weakness"); ClearValue(j); j["valueString"] = "yes"; }, "invariant", "Observation"),
        new("bm-score-1 neither value nor dataAbsentReason", "bonemets-score", j => j.Remove("valueInteger"), "invariant", "Observation"),
        new("bm-score-2 Mirels as a Quantity", "bonemets-score", j => { j.Remove("valueInteger"); j["valueQuantity"] = new JsonObject { ["value"] = 8 }; }, "invariant", "Observation"),
        new("bm-score-3 a computed score naming no input", "bonemets-score", j => j.Remove("derivedFrom"), "invariant", "Observation"),
        new("bm-score-4 neither survey nor laboratory", "bonemets-score", j => j["category"] = new JsonArray(Concept("http://terminology.hl7.org/CodeSystem/observation-category", "exam")), "invariant", "Observation"),
        new("bonemets-score component code outside score-item", "bonemets-score", j => Components(j)[0]!["code"]!["coding"]![0]!["code"] = "mirels-score.colour", "code-invalid", "Observation.component[0].code"),
        new("bonemets-score interpretation outside score-band", "bonemets-score", j => j["interpretation"]![0]!["coding"]![0]!["code"] = "mirels-excellent", "code-invalid", "Observation.interpretation[0]"),
        new("bm-triage-1 urgency not first", "bonemets-triage-decision", j => j["prediction"]![0]!["outcome"] = new JsonObject { ["text"] = "urgent" }, "invariant", "RiskAssessment"),
        new("bm-task-1 business status 2.0 with status accepted", "bonemets-referral-task", j => { j["status"] = "accepted"; j["businessStatus"] = Concept("http://hl7.org/fhir/us/bser/CodeSystem/TaskBusinessStatusCS", "2.0"); }, "invariant", "Task"),
        new("bm-wbt-1 no triage output", "bonemets-write-back-task", j => j.Remove("output"), "invariant", "Task"),
        new("bm-wbt-2 no filler identifier", "bonemets-write-back-task", j => j["identifier"] = new JsonArray(new JsonObject { ["system"] = "urn:example", ["value"] = "1" }), "invariant", "Task"),
        new("bm-cr-1 no recipient (warning)", "bonemets-communication-request", j => j.Remove("recipient"), "invariant", "CommunicationRequest"),
        new("bm-appt-1 no Patient participant", "bonemets-appointment", j => RemoveParticipants(j, "Patient/"), "invariant", "Appointment"),
        new("bm-appt-2 no Location participant", "bonemets-appointment", j => RemoveParticipants(j, "Location/"), "invariant", "Appointment"),
        new("bonemets-case-composition section out of place", "bonemets-case-composition", j => Swap(j["section"]!.AsArray(), 0, 1), "structure", "Composition.section[1]"),
    ];

    [Theory]
    [MemberData(nameof(GeneratedData))]
    public void Validate_GeneratedBreakage_ReportsTheBrokenConstraint(string name) => AssertBreaks(NegativeCorpus.Generated.Single(b => b.Name == name));

    [Theory]
    [MemberData(nameof(TableData))]
    public void Validate_HandMadeBreakage_ReportsTheBrokenConstraint(string name) => AssertBreaks(Table.Single(b => b.Name == name));

    [Fact]
    public void NegativeCorpus_CoversEveryInvariantOfEveryProfile()
    {
        var keys = ProfileSet.Embedded.Profiles.Values.SelectMany(p => p.Differential!.Element).SelectMany(e => e.Constraint).Select(c => c.Key!).Distinct();
        Assert.All(keys.Where(k => k.StartsWith("bm-", StringComparison.Ordinal)), key =>
            Assert.Contains(Table, b => b.Name.StartsWith(key + " ", StringComparison.Ordinal)));
        Assert.True(NegativeCorpus.Generated.Count >= 40, $"only {NegativeCorpus.Generated.Count} generated breakages");
    }

    private static void AssertBreaks(Breakage breakage)
    {
        var json = NegativeCorpus.Example(breakage.Profile);
        breakage.Break(json);

        var issues = ResourceValidator.Default.ValidateJson(json.ToJsonString(), ResourceRole.Received);

        Assert.True(issues.Any(i => i.Code?.GetLiteral() == breakage.Code && i.Expression.Contains(breakage.Expression)
                && i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Warning),
            $"expected {breakage.Code} at {breakage.Expression}; got:\n" + string.Join("\n", issues.Select(i => $"{i.Severity} {i.Code?.GetLiteral()} {string.Join(",", i.Expression)}: {i.Diagnostics}")));
    }

    private static JsonArray Entries(JsonObject bundle) => bundle["entry"]!.AsArray();

    private static JsonArray Components(JsonObject observation) => observation["component"]!.AsArray();

    private static JsonArray Codings(JsonNode concept) => concept["coding"]!.AsArray();

    private static string? Code(JsonObject component) => component["code"]?["coding"]?[0]?["code"]?.GetValue<string>();

    private static void Swap(JsonObject bundle, int a, int b) => Swap(Entries(bundle), a, b);

    private static void Swap(JsonArray array, int a, int b)
    {
        var first = array[a]!.DeepClone();
        array[a] = array[b]!.DeepClone();
        array[b] = first;
    }

    private static void RemoveEntries(JsonObject bundle, string type)
    {
        var entries = Entries(bundle);
        foreach (var entry in entries.Where(e => e!["resource"]!["resourceType"]!.GetValue<string>() == type).ToList())
        {
            entries.Remove(entry);
        }
    }

    private static void RemoveParticipants(JsonObject appointment, string prefix)
    {
        var participants = appointment["participant"]!.AsArray();
        foreach (var p in participants.Where(p => p!["actor"]?["reference"]?.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal) == true).ToList())
        {
            participants.Remove(p);
        }
    }

    private static void ClearValue(JsonObject observation)
    {
        foreach (var key in observation.Select(kv => kv.Key).Where(k => k.StartsWith("value", StringComparison.Ordinal)).ToList())
        {
            observation.Remove(key);
        }
    }

    private static JsonObject Coding(string system, string code) => new() { ["system"] = system, ["code"] = code };

    private static JsonObject Concept(string system, string code) => new() { ["coding"] = new JsonArray(Coding(system, code)) };

    private static JsonObject Component(string code, JsonObject value) => new() { ["code"] = Concept(Obs, code), ["valueCodeableConcept"] = value };
}
