using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// Per spinal lesion: SINS (Fisher 2010) — from 7 a spine surgical consultation is recommended, 13–18 is unstable
/// (team and urgency per band: Triage:Routing); and the NOMS pathway (Laufer 2013) — conventional radiotherapy or
/// radiosurgery → radiation-oncology; separation surgery then radiosurgery → neurosurgical-spine and radiation-oncology.
/// An incomplete SINS still routes when the known points alone reach a band (missing items score at least 0).
/// </summary>
public static class SpineRules
{
    public static IEnumerable<Indication> Evaluate(TriageEvidence evidence, TriageRoutingOptions routing)
    {
        foreach (var (lesion, scores) in evidence.Lesions())
        {
            if (scores.Sins is { } sins)
            {
                yield return Sins(evidence, lesion, sins, routing);
            }

            if (scores.Noms is { } noms)
            {
                yield return Noms(lesion, noms, evidence);
            }
        }
    }

    private static Indication Sins(TriageEvidence evidence, BoneLesion lesion, ScoreResult sins, TriageRoutingOptions routing)
    {
        var label = evidence.Label(lesion);
        var bounds = ScoreBounds.OfSins(sins);
        var known = sins.Total is { } total ? $"SINS {total}" : $"SINS at least {bounds.Lowest} (missing: {string.Join(", ", sins.Missing)})";
        var source = $"{Scores.Sins.Source}; team and urgency: local policy";
        if (bounds.Lowest >= Scores.Sins.UnstableMinimum)
        {
            return Indication.Routed(routing.SinsUnstable, "sins-unstable",
                $"{known} at {label}: unstable (13–18); spine surgical consultation", source + " (Triage:Routing:SinsUnstable)", [lesion.Source]);
        }

        if (bounds.Lowest >= Scores.Sins.IndeterminateMinimum)
        {
            return Indication.Routed(routing.SinsPotentiallyUnstable, "sins-potentially-unstable",
                $"{known} at {label}: potentially unstable (7–12); spine surgical consultation recommended from 7",
                source + " (Triage:Routing:SinsPotentiallyUnstable)", [lesion.Source]);
        }

        if (bounds.Highest < Scores.Sins.IndeterminateMinimum)
        {
            var stable = sins.Total is { } t ? $"SINS {t}" : $"SINS at most {bounds.Highest} (missing: {string.Join(", ", sins.Missing)})";
            return Indication.Note("sins-stable", $"{stable} at {label}: stable (0–6); SINS alone asks for no spine surgical consultation.",
                Scores.Sins.Source, [lesion.Source]);
        }

        return Indication.Note("sins-incomplete",
            $"SINS not computed at {label}: between {bounds.Lowest} and {bounds.Highest} until {string.Join(", ", sins.Missing)} arrive (requested).",
            Scores.Sins.Source, [lesion.Source]);
    }

    private static Indication Noms(BoneLesion lesion, ScoreResult noms, TriageEvidence evidence)
    {
        var settings = evidence.Settings;
        var primary = evidence.Findings.PrimaryCancer?.Value;
        var histology = primary is not { } site ? "primary cancer missing"
            : settings.Radiosensitivity.TryGetValue(site, out var s) ? $"{site} is {s.ToString().ToLowerInvariant()}"
            : $"{site} is not in the radiosensitivity table (unknown)";
        var grade = lesion.EsccGrade is { } g
            ? $"ESCC {FindingCodes.EsccGrade.Code(g)} ({(BilskyEscc.IsHighGrade(g, settings.Escc1c) ? "high" : "low")} grade)"
            : "ESCC grade missing";
        var fitness = evidence.Findings.FitForSurgery is { } fit ? (fit.Value ? "fit for surgery" : "not fit for surgery") : "fitness for surgery not recorded";
        var inputs = $"{histology}; {grade}; {fitness}";
        var source = $"{Scores.Noms.Source}; radiosensitivity: {settings.RadiosensitivitySource}";
        var label = evidence.Label(lesion);
        string[] teams = noms.Band switch
        {
            ScoreBand b when Scores.Noms.IsSurgical(b) => [CareTeams.NeurosurgicalSpine, CareTeams.RadiationOncology],
            var b when b == Scores.Noms.ConventionalRadiotherapy || b == Scores.Noms.StereotacticRadiosurgery => [CareTeams.RadiationOncology],
            _ => [],
        };
        if (noms.Band is not { } band)
        {
            return Indication.Note("noms-no-pathway", $"NOMS at {label}: no radiation pathway suggested ({inputs}).", source, [lesion.Source]);
        }

        return new Indication(Urgency.Routine, teams, new TriageReason($"noms-{band.Code}",
            $"NOMS at {label}: {inputs} → {band.Meaning}.", source, [lesion.Source]));
    }
}
