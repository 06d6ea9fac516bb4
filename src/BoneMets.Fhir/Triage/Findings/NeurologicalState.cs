using BoneMets.Fhir.Terminology;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>One recorded neurological deficit, in words a clinician reads, and the resource it came from.</summary>
public sealed record NeurologicalDeficit(string What, string Source);

/// <summary>
/// Every encoding of neurological state the integration guide accepts, read one way, so that every rule that reads
/// neurology (the MSCC emergency, the request for a neurological assessment, NOMS "N", Tokuhashi palsy) sees the same
/// facts:
/// <list type="bullet">
/// <item>the NICE NG234 symptom and sign Observations (<see cref="ObservationCodes.NeurologicalRedFlags"/>,
/// valueBoolean): true is a deficit, false is looked for and absent;</item>
/// <item>the Frankel grade (<see cref="ObservationCodes.FrankelGrade"/>): A–D is a deficit (A complete loss, B sensory
/// only, C motor useless, D motor useful — each is motor or sensory loss), E is normal motor and sensory function.</item>
/// </list>
/// Frankel grades (or a sign recorded both present and absent) for the same moment that disagree (the reader keeps
/// neither) still count: if any of them is below E (or present), that is a deficit until the record is resolved (a
/// conflict must not lower the urgency), and either way a neurological assessment was sent.
/// Frankel grades motor and sensory function only: a Frankel E does not say whether radicular pain or bladder or
/// bowel dysfunction is present (<see cref="NotGradedByFrankel"/>).
/// </summary>
public static class NeurologicalState
{
    /// <summary>The NG234 symptoms and signs a Frankel grade does not cover (it grades motor and sensory function).</summary>
    public static readonly IReadOnlyList<string> NotGradedByFrankel = [ObservationCodes.RadicularPain, ObservationCodes.BladderBowelDysfunction];

    /// <summary>Frankel A–D: motor and/or sensory loss below the lesion.</summary>
    public static bool IsDeficit(FrankelGrade grade) => grade != FrankelGrade.E;

    /// <summary>What each Frankel grade means (Frankel 1969), as the frankel-grade CodeSystem displays it.</summary>
    public static string Meaning(FrankelGrade grade) => grade switch
    {
        FrankelGrade.A => "complete: no motor or sensory function below the lesion",
        FrankelGrade.B => "sensory only: no motor function below the lesion",
        FrankelGrade.C => "motor useless",
        FrankelGrade.D => "motor useful",
        FrankelGrade.E => "normal motor and sensory function",
        _ => throw new ArgumentOutOfRangeException(nameof(grade), grade, null),
    };

    /// <summary>Every deficit recorded: the signs recorded present (ordinal order), then a Frankel grade below E.</summary>
    public static IReadOnlyList<NeurologicalDeficit> Deficits(ClinicalFindings findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var deficits = findings.PresentSigns(ObservationCodes.NeurologicalRedFlags)
            .Select(code => new NeurologicalDeficit(code, findings.Signs[code].Source))
            .ToList();
        if (findings.FrankelGrade is { } frankel && IsDeficit(frankel.Value))
        {
            deficits.Add(new NeurologicalDeficit($"Frankel grade {frankel.Value} ({Meaning(frankel.Value)})", frankel.Source));
        }

        foreach (var (code, records) in findings.ConflictingSigns.Where(c => ObservationCodes.NeurologicalRedFlags.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (records.FirstOrDefault(r => r.Value) is { } present)
            {
                deficits.Add(new NeurologicalDeficit($"{code} (recorded both present and absent for the same time)", present.Source));
            }
        }

        var conflicting = findings.ConflictingFrankelGrades;
        if (conflicting.Any(f => IsDeficit(f.Value)))
        {
            var grades = string.Join(", ", conflicting.Select(f => f.Value).Distinct().Order());
            deficits.AddRange(conflicting.Where(f => IsDeficit(f.Value)).Take(1).Select(f => new NeurologicalDeficit(
                $"conflicting Frankel grades {grades} recorded for the same time, at least one below E", f.Source)));
        }

        return deficits;
    }

    /// <summary>A neurological assessment was sent: any NG234 sign recorded (present or absent), or a Frankel grade.</summary>
    public static bool Assessed(ClinicalFindings findings) =>
        findings.FrankelGrade is not null || findings.ConflictingFrankelGrades.Count > 0
        || findings.Signs.Keys.Concat(findings.ConflictingSigns.Keys).Any(ObservationCodes.NeurologicalRedFlags.Contains);

    /// <summary>"limb-weakness, Frankel grade D (motor useful)".</summary>
    public static string Describe(IEnumerable<NeurologicalDeficit> deficits) => string.Join(", ", deficits.Select(d => d.What));
}
