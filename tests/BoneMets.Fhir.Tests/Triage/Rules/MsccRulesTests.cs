using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Triage.Rules;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Cases;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Rules;

/// <summary>
/// Every encoding of a neurological deficit the integration guide documents reaches the MSCC rule the same way
/// (NICE NG234: neurological symptoms or signs in a person with cancer are an emergency), and the Frankel grade counts
/// as the neurological assessment.
/// </summary>
public class MsccRulesTests
{
    public static Observation Frankel(string grade, string id = "frankel") =>
        Project(id, ObservationCodes.FrankelGrade, Concept(CodeSystems.FrankelGrade, grade));

    /// <summary>Every way the guide lets a referrer say "this patient has a neurological deficit or cord compression".</summary>
    public static IReadOnlyDictionary<string, Func<Resource>> DeficitEncodings { get; } = new Dictionary<string, Func<Resource>>
    {
        ["radicular-pain"] = () => Sign(ObservationCodes.RadicularPain),
        ["limb-weakness"] = () => Sign(ObservationCodes.LimbWeakness),
        ["difficulty-walking"] = () => Sign(ObservationCodes.DifficultyWalking),
        ["sensory-loss"] = () => Sign(ObservationCodes.SensoryLoss),
        ["bladder-bowel-dysfunction"] = () => Sign(ObservationCodes.BladderBowelDysfunction),
        ["cord-compression-signs"] = () => Sign(ObservationCodes.CordCompressionSigns),
        ["cauda-equina-signs"] = () => Sign(ObservationCodes.CaudaEquinaSigns),
        ["Frankel A"] = () => Frankel("A", "frankel-A"),
        ["Frankel B"] = () => Frankel("B", "frankel-B"),
        ["Frankel C"] = () => Frankel("C", "frankel-C"),
        ["Frankel D"] = () => Frankel("D", "frankel-D"),
        ["G95.20"] = () => CordCompression(),
        ["G95.29"] = () => Icd10("cord-other", ClinicalCodes.Icd10CordCompressionOther),
    };

    public static TheoryData<string> FrankelDeficits() => ["A", "B", "C", "D"];

    [Theory]
    [MemberData(nameof(FrankelDeficits))]
    public void Evaluate_FrankelBelowEWithSpinalMetastases_EmergencyForSpineAndRadiotherapy(string grade)
    {
        var decision = Decide(Primary("C61"), Spine("t8", "T8"), Frankel(grade), Calcium(9m), Albumin(4m));

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Equal([CareTeams.NeurosurgicalSpine, CareTeams.RadiationOncology], decision.Routes.Select(r => r.Team));
        var reason = Assert.Single(decision.Reasons, r => r.Rule == "mscc-neurology");
        Assert.Contains($"Frankel grade {grade}", reason.Text, StringComparison.Ordinal);
        Assert.Equal(["Observation/frankel"], reason.Evidence);
        Assert.Equal(Now + new BoneMets.Fhir.Triage.TriageOptions().EmergencyWithin, decision.DueBy);
    }

    [Theory]
    [MemberData(nameof(FrankelDeficits))]
    public void Evaluate_FrankelBelowE_CountsAsTheNeurologicalAssessment(string grade)
    {
        var decision = Decide(Primary("C61"), Spine("t8", "T8"), Frankel(grade), Calcium(9m), Albumin(4m));

        Assert.DoesNotContain(decision.Missing, m => m.What.StartsWith("Neurological", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_FrankelBelowEWithoutASpinalLesionOnFile_StillAnEmergency()
    {
        // NG234: neurological symptoms or signs in a person with cancer; the MRI the emergency orders finds the lesion.
        var decision = Decide(Primary("C50.911"), Frankel("D"));

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Contains(decision.Missing, m => m.What == MissingInputs.MriWholeSpine);
    }

    [Fact]
    public void Evaluate_FrankelE_NoDeficitAndNoEmergency()
    {
        var decision = Decide(Primary("C61"), Spine("t8", "T8"), Frankel("E"), Calcium(9m), Albumin(4m));

        Assert.Equal(Urgency.Routine, decision.Urgency);
        Assert.DoesNotContain(decision.Reasons, r => r.Rule == "mscc-neurology");
    }

    [Fact]
    public void Evaluate_FrankelAndRedFlag_OneReasonNamingBoth()
    {
        var decision = Decide(Spine("t8", "T8"), Frankel("C"), Sign(ObservationCodes.LimbWeakness));

        var reason = Assert.Single(decision.Reasons, r => r.Rule == "mscc-neurology");
        Assert.Contains("limb-weakness, Frankel grade C (motor useless)", reason.Text, StringComparison.Ordinal);
        Assert.Equal([$"Observation/{ObservationCodes.LimbWeakness}", "Observation/frankel"], reason.Evidence);
    }

    [Fact]
    public void Evaluate_FrankelDAndERecordedForTheSameTime_ConflictStillAnEmergency()
    {
        // The reader keeps neither grade (a problem names the conflict); a conflict must not lower the urgency.
        var decision = Decide(Spine("t8", "T8"), Frankel("D", "frankel-d"), Frankel("E", "frankel-e"));

        Assert.Equal(Urgency.Emergency, decision.Urgency);
        Assert.Contains("conflicting Frankel grades D, E", Assert.Single(decision.Reasons, r => r.Rule == "mscc-neurology").Text, StringComparison.Ordinal);
        Assert.DoesNotContain(decision.Missing, m => m.What == MissingInputs.NeurologicalAssessment);
    }

    /// <summary>The spinal contexts a deficit can arrive in: every ESCC grade (and none), several levels and primaries.</summary>
    public static IEnumerable<(string Name, Resource[] Context)> Contexts()
    {
        string?[] grades = [null, "0", "1a", "1b", "1c", "2", "3"];
        string[] levels = ["C3", "T8", "L3", "S1"];
        string[] primaries = ["C61", "C64.1", "C90.00", "C80.1"]; // prostate (not in the table), kidney (radioresistant), myeloma (radiosensitive), unknown
        foreach (var grade in grades)
        {
            foreach (var level in levels)
            {
                foreach (var primary in primaries)
                {
                    yield return ($"{level} ESCC {grade ?? "missing"}, {primary}", [Primary(primary), Spine("s", level, escc: grade), Calcium(9m), Albumin(4m)]);
                }
            }
        }

        yield return ("stable SINS, every other sign absent, fit for surgery", [Primary("C64.1"), Spine("s", "T8"), .. NoNeurology(),
            Project("fit", ObservationCodes.FitForSurgery, new FhirBoolean(true))]);
        yield return ("a long-bone lesion too", [Spine("s", "T8"), LongBone("femur", "upper-limb", "mild", "blastic", 10m)]);
    }

    [Fact]
    public void Property_NoEncodingOfANeurologicalDeficitWithSpinalMetastases_EverYieldsLessThanEmergency()
    {
        // Exhaustive over a finite space rather than sampled: every encoding alone, and every pair, in every context; a
        // sign recorded absent in the context is replaced by the encoding (same id). Two Frankel grades for the same time
        // are a conflict the reader keeps neither of: the pair must still be an emergency.
        var encodings = DeficitEncodings.ToList();
        var combinations = encodings.Select(e => new[] { e })
            .Concat(encodings.SelectMany((a, i) => encodings.Skip(i + 1).Select(b => new[] { a, b })))
            .ToList();
        var checkedCases = 0;
        foreach (var (context, resources) in Contexts())
        {
            foreach (var combination in combinations)
            {
                var sent = resources.Where(r => combination.All(c => r.Id != c.Value().Id)).Concat(combination.Select(c => c.Value())).ToArray();
                var decision = Decide(sent);

                var name = $"{string.Join(" + ", combination.Select(c => c.Key))} in {context}";
                Assert.True(decision.Urgency == Urgency.Emergency, $"{name}: {decision.UrgencyCode}");
                Assert.True(decision.Routes.Select(r => r.Team).Intersect(MsccRules.EmergencyTeams).Count() == 2, $"{name}: not routed to both MSCC teams");
                // A sign or a Frankel grade is a neurological assessment; a cord-compression Condition is a diagnosis, not one.
                var neurologySent = combination.Any(c => !c.Key.StartsWith("G95", StringComparison.Ordinal));
                Assert.True(!neurologySent || !decision.Missing.Any(m => m.What == MissingInputs.NeurologicalAssessment), $"{name}: asks for a neurological assessment");
                checkedCases++;
            }
        }

        Assert.Equal((7 * 4 * 4 + 2) * (13 + 78), checkedCases);
    }
}
