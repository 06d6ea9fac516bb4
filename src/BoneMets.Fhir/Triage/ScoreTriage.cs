using BoneMets.Fhir.Case;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Rules;
using BoneMets.Fhir.Triage.Scores;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage;

/// <summary>A triage decision with the score report it rests on (the command line prints both).</summary>
public sealed record ScoredTriage(TriageDecision Decision, ScoreReport Scores, TriageEvidence Evidence);

/// <summary>
/// The score triage: reads the case's findings, computes every published score (<see cref="ScoreEngine"/>), and
/// applies the rules of shared/reference/scores.md — MSCC (<see cref="MsccRules"/>), spinal instability and NOMS
/// (<see cref="SpineRules"/>), long-bone fracture risk (<see cref="LongBoneRules"/>), hypercalcaemia
/// (<see cref="CalciumRules"/>). The urgency is the most urgent any rule reached; each team is routed with every
/// reason that put it there; a case no rule routes goes to Triage:DefaultTeam. Missing inputs that could change the
/// urgency or the routing are asked for (<see cref="MissingInputs"/>), and so is whatever the triage reads that
/// gathering could not get (<see cref="GapRules"/>); every score becomes an Observation
/// (<see cref="ScoreObservations"/>). Pure: the clock is passed in.
/// <para>Interventional radiology is never routed: scores.md has no rule that sends a case there (cement
/// augmentation or ablation of a painful stable lesion is not among its rules), so the engine does not invent one.</para>
/// </summary>
public sealed class ScoreTriage(TriageOptions options, Deadlines deadlines) : ITriage
{
    public const string Version = "2.0";

    private readonly ScoreSettings settings = options.ToScoreSettings();

    public string Method =>
        $"BoneMets score triage {Version}: {Mirels.Version}, {Sins.Version}, {BilskyEscc.Version}, {Noms.Version}, {TokuhashiRevised.Version}, "
        + $"{ModifiedBauer.Version}, {Nesms.Version}, corrected calcium with {CtcaeHypercalcemia.Version}; NICE NG234 MSCC; local policy after BOAST 2022";

    public TriageDecision Assess(ConsultCase consultCase, DateTimeOffset now) => Evaluate(consultCase, now).Decision;

    public ScoredTriage Evaluate(ConsultCase consultCase, DateTimeOffset now)
    {
        var evidence = TriageEvidence.From(consultCase, settings);
        var routing = options.Routing;
        var indications = MsccRules.Evaluate(evidence, routing)
            .Concat(SpineRules.Evaluate(evidence, routing))
            .Concat(LongBoneRules.Evaluate(evidence, routing))
            .Concat(CalciumRules.Evaluate(evidence, routing))
            .Concat(Unscored(evidence))
            .Concat(GapRules.Evaluate(consultCase))
            .ToList();
        if (!indications.Any(i => i.Teams.Count > 0))
        {
            indications.Add(new Indication(Urgency.Routine, [options.DefaultTeam], new TriageReason(TriageDecision.DefaultTeamRule,
                $"No rule routed the case to a team: the program's default team ({options.DefaultTeam}) takes it.", "local policy (Triage:DefaultTeam)", [])));
        }

        var urgency = indications.Max(i => i.Urgency);
        var routes = indications.SelectMany(i => i.Teams.Select(team => (Team: team, i.Reason.Text)))
            .GroupBy(x => x.Team)
            .OrderBy(g => CareTeams.All.ToList().IndexOf(g.Key))
            .Select(g => new TeamRoute(g.Key, [.. g.Select(x => x.Text).Distinct()]))
            .ToList();
        var reasons = indications.OrderByDescending(i => i.Urgency).Select(i => i.Reason).ToList();
        var missing = MissingInputs.For(evidence, routing, urgency, [.. routes.Select(r => r.Team)])
            .Concat(GapRules.Missing(consultCase)).ToList();
        var received = consultCase.ReceivedAt ?? now;
        var decision = new TriageDecision(urgency, deadlines.DueBy(urgency, received), deadlines.OutreachBy(received), routes, reasons, missing,
            Observations(consultCase, evidence, now));
        return new ScoredTriage(decision, evidence.Scores, evidence);
    }

    /// <summary>A lesion coded neither as long-bone nor spinal: no lesion score applies, and the reasons say so.</summary>
    private static IEnumerable<Indication> Unscored(TriageEvidence evidence) => evidence.Findings.Lesions
        .Where(l => !l.IsLongBone && !l.IsSpinal)
        .Select(l => Indication.Note("lesion-unscored",
            $"{Capitalised(evidence.Label(l))} is coded neither as a long-bone lesion (Mirels) nor as a spinal one (SINS, ESCC): no lesion score applies.",
            "scores.md: Mirels is for long bones, SINS and ESCC for the spine", [l.Source]));

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static List<Observation> Observations(ConsultCase consultCase, TriageEvidence evidence, DateTimeOffset now)
    {
        var build = new ScoreObservations(consultCase.ReferralKey, consultCase.Patient.Id ?? throw new InvalidOperationException("The case Patient has no id."), now);
        var observations = new List<Observation>();
        foreach (var (lesion, scores) in evidence.Lesions())
        {
            var bodySite = (consultCase.Find(lesion.Source) as Observation)?.BodySite;
            if (scores.Mirels is { } mirels)
            {
                observations.Add(build.Lesion("mirels", ObservationCodes.Mirels, ScoreBandCodes.Mirels, mirels, lesion.Source, bodySite));
            }

            if (scores.Sins is { } sins)
            {
                observations.Add(build.Lesion("sins", ObservationCodes.Sins, ScoreBandCodes.Sins, sins, lesion.Source, bodySite));
            }

            if (scores.Noms is { } noms)
            {
                observations.Add(build.Lesion("noms", ObservationCodes.NomsPathway, ScoreBandCodes.Noms, noms, lesion.Source, bodySite));
            }
        }

        var report = evidence.Scores;
        observations.Add(build.Patient("tokuhashi-revised", ObservationCodes.TokuhashiRevised, ScoreBandCodes.Tokuhashi, report.TokuhashiRevised));
        observations.Add(build.Patient("modified-bauer", ObservationCodes.ModifiedBauer, ScoreBandCodes.ModifiedBauer, report.ModifiedBauer));
        observations.Add(build.Patient("nesms", ObservationCodes.Nesms, ScoreBandCodes.Nesms, report.Nesms));
        observations.Add(build.Calcium(report.CorrectedCalcium, report.CtcaeHypercalcemia, CorrectedCalcium.BasisOf(evidence.Findings, evidence.Settings)));
        return observations;
    }
}
