using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// The triage decision and its scores for people and scripts. JSON: urgency, dueBy, routes, scores (lesion scores
/// as arrays, one entry per lesion — NOMS too, since its pathway is per spinal lesion), missing, reasons. Every score has
/// one shape: name, version, source, total and unit ("points"; "mg/dL" for the calcium; null for the categorical ESCC
/// grade and NOMS pathway, whose result is the band), band, meaning, items, missing, notes. A score that cannot be
/// computed keeps its place with "total": null and the inputs it lacks.
/// </summary>
public static class TriageReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(ScoredTriage scored, ConsultCase consultCase, string method)
    {
        var (decision, report) = (scored.Decision, scored.Scores);
        var lesions = scored.Evidence.Lesions().Select(l => (Site: Site(l.Lesion, consultCase), l.Scores)).ToList();
        var json = new JsonObject
        {
            ["urgency"] = decision.UrgencyCode,
            ["dueBy"] = FhirTime.Of(decision.DueBy),
            ["outreachBy"] = FhirTime.Of(decision.OutreachBy),
            ["method"] = method,
            ["routes"] = Array(decision.Routes.Select(r => new JsonObject
            {
                ["team"] = r.Team,
                ["display"] = CareTeams.Display(r.Team),
                ["reasons"] = Array(r.Reasons.Select(x => (JsonNode)x)),
            })),
            ["scores"] = new JsonObject
            {
                ["mirels"] = Array(lesions.Where(l => l.Scores.Mirels is not null).Select(l => Score(l.Scores.Mirels!, l.Scores.Lesion, l.Site))),
                ["sins"] = Array(lesions.Where(l => l.Scores.Sins is not null).Select(l => Score(l.Scores.Sins!, l.Scores.Lesion, l.Site))),
                ["escc"] = Array(lesions.Where(l => l.Scores.Escc is not null).Select(l => Escc(l.Scores.Escc!, l.Scores.Lesion, l.Site))),
                ["noms"] = Array(lesions.Where(l => l.Scores.Noms is not null).Select(l => Score(l.Scores.Noms!, l.Scores.Lesion, l.Site, unit: null))),
                ["tokuhashiRevised"] = Score(report.TokuhashiRevised),
                ["modifiedBauer"] = Score(report.ModifiedBauer),
                ["nesms"] = Score(report.Nesms),
                ["correctedCalcium"] = Calcium(report.CorrectedCalcium, report.CtcaeHypercalcemia, scored.Evidence),
            },
            ["missing"] = Array(decision.Missing.Select(m => new JsonObject { ["what"] = m.What, ["why"] = m.Why })),
            ["reasons"] = Array(decision.Reasons.Select(r => new JsonObject
            {
                ["rule"] = r.Rule,
                ["text"] = r.Text,
                ["source"] = r.Source,
                ["evidence"] = Array(r.Evidence.Select(e => (JsonNode)e)),
            })),
        };
        return json.ToJsonString(Indented);
    }

    public static string Text(ScoredTriage scored, ConsultCase consultCase, string method)
    {
        var (decision, report) = (scored.Decision, scored.Scores);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Urgency   {decision.UrgencyCode.ToUpperInvariant()}: to be seen by {FhirTime.Of(decision.DueBy)}; outreach by {FhirTime.Of(decision.OutreachBy)}");
        foreach (var route in decision.Routes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Route     {CareTeams.Display(route.Team)} ({route.Team})");
            foreach (var reason in route.Reasons)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"            - {reason}");
            }
        }

        text.AppendLine("Scores");
        foreach (var (lesion, scores) in scored.Evidence.Lesions())
        {
            var site = Site(lesion, consultCase);
            foreach (var result in new[] { scores.Mirels, scores.Sins, scores.Escc, scores.Noms }.OfType<ScoreResult>())
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {result.Name} at {site} ({lesion.Source}): {Summary(result)}");
            }
        }

        foreach (var result in new[] { report.TokuhashiRevised, report.ModifiedBauer, report.Nesms, report.CorrectedCalcium, report.CtcaeHypercalcemia })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {result.Name}: {Summary(result)}");
        }

        foreach (var missing in decision.Missing)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Missing   {missing.What}: {missing.Why}.");
        }

        foreach (var reason in decision.Reasons)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Reason    [{reason.Rule}] {reason.Text} ({reason.Source})");
        }

        text.Append(CultureInfo.InvariantCulture, $"Method    {method}");
        return text.ToString();
    }

    private static string Summary(ScoreResult result)
    {
        var value = result.Quantities.Count > 0 && result.Quantities[0] is var q ? $"{q.Value} {q.Unit}" : result.Total?.ToString(CultureInfo.InvariantCulture);
        var parts = new[]
        {
            value,
            result.Band?.Meaning,
            result.Missing.Count == 0 ? null : $"not computed, missing: {string.Join(", ", result.Missing)}",
        };
        var items = result.Items.Count == 0 ? string.Empty
            : " [" + string.Join("; ", result.Items.Select(i => $"{i.Name}: {i.Input ?? "?"}{(i.Points is { } p ? $" → {p}" : string.Empty)}")) + "]";
        return string.Join(", ", parts.Where(p => p is not null)) + items;
    }

    /// <summary>Name, version, source, total, band, items (points, or the input for an item that scores none), missing.</summary>
    private static JsonObject Score(ScoreResult result, string? lesion = null, string? site = null, string? unit = "points")
    {
        var json = new JsonObject();
        if (lesion is not null)
        {
            json["lesion"] = lesion;
            json["site"] = site;
        }

        json["name"] = result.Name;
        json["version"] = result.Version;
        json["source"] = result.Source;
        json["total"] = result.Total;
        json["unit"] = unit;
        json["band"] = result.Band?.Code;
        json["meaning"] = result.Band?.Meaning;
        var items = new JsonObject();
        foreach (var item in result.Items)
        {
            items[item.Name] = item.Points is { } points ? points : item.Input is { } input && result.Items.All(i => i.Points is null) ? input : null;
        }

        json["items"] = items;
        json["missing"] = Array(result.Missing.Select(m => (JsonNode)m));
        json["notes"] = Array(result.Notes.Select(n => (JsonNode)n));
        return json;
    }

    private static JsonObject Escc(ScoreResult escc, string lesion, string site)
    {
        var json = Score(escc, lesion, site, unit: null);
        json["grade"] = escc.Items.Count > 0 ? escc.Items[0].Input : null;
        return json;
    }

    /// <summary>
    /// The calcium in the common shape (total in mg/dL), plus what it is ("computed": corrected, or measured and why
    /// not corrected), the total in mmol/L, and the measured calcium as sent and in mg/dL.
    /// </summary>
    private static JsonObject Calcium(ScoreResult calcium, ScoreResult ctcae, Triage.Rules.TriageEvidence evidence)
    {
        var json = Score(calcium, unit: "mg/dL");
        json["total"] = calcium.Quantities.FirstOrDefault(q => q.Unit == "mg/dL")?.Value;
        json["totalSi"] = calcium.Quantities.FirstOrDefault(q => q.Unit == "mmol/L")?.Value;
        json["unitSi"] = "mmol/L";
        json["computed"] = CorrectedCalcium.BasisOf(evidence.Findings, evidence.Settings) switch
        {
            CalciumBasis.Corrected => "corrected for albumin",
            CalciumBasis.MeasuredAlbuminAbove4 => "measured, not corrected: albumin above 4.0 g/dL (local policy Triage:CorrectCalciumWhenAlbuminAbove4)",
            CalciumBasis.MeasuredAlbuminMissing => "not computed: albumin missing (the measured calcium is a floor)",
            _ => "not computed: calcium missing",
        };
        var measured = evidence.Findings.CalciumMgPerDl;
        json["measuredAsSent"] = measured is null ? null : measured.AsSent ?? $"{measured.Value} mg/dL";
        json["measuredMgPerDl"] = measured?.Value;
        json["ctcaeGrade"] = ctcae.Total;
        json["ctcaeVersion"] = ctcae.Version;
        return json;
    }

    /// <summary>The spinal level; else the lesion's bodySite with its Mirels site; else "unknown site".</summary>
    private static string Site(BoneLesion lesion, ConsultCase consultCase)
    {
        if (lesion.SpinalLevel is { } level)
        {
            return level.ToString();
        }

        var bodySite = (consultCase.Find(lesion.Source) as Observation)?.BodySite;
        var bone = bodySite?.Text ?? bodySite?.Coding.FirstOrDefault()?.Display;
        var mirelsSite = lesion.MirelsSite is { } s ? FindingCodes.MirelsSite.Code(s) : null;
        return (bone, mirelsSite) switch
        {
            (not null, not null) => $"{bone} ({mirelsSite})",
            (not null, null) => bone,
            (null, not null) => mirelsSite,
            _ => "unknown site",
        };
    }

    private static JsonArray Array(IEnumerable<JsonNode?> nodes) => new([.. nodes]);
}
