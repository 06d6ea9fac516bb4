using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using static BoneMets.Fhir.Tests.Triage.Cases;

namespace BoneMets.Fhir.Tests.Triage;

/// <summary>The score Observations: one per score, their shape, and that Firely and the R4 invariants accept them.</summary>
public class ScoreObservationsTests
{
    private const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    private static Observation Score(TriageDecision decision, string code) =>
        Assert.Single(decision.Observations, o => o.Code.Coding[0].Code == code);

    [Fact]
    public void Mirels_Complete_TotalItemsBandMethodDerivedFromAndId()
    {
        var decision = Decide(Primary(), LongBone("femur", "peritrochanteric", "functional", "lytic", 70m));

        var mirels = Score(decision, ObservationCodes.Mirels);

        Assert.Equal(DeterministicId.For(ReferralKey, "score:mirels:femur"), mirels.Id);
        Assert.Equal((CodeSystems.Observation, "Mirels' score"), (mirels.Code.Coding[0].System, mirels.Code.Coding[0].Display));
        Assert.Equal(ObservationStatus.Final, mirels.Status);
        Assert.Equal("Patient/patient-1", mirels.Subject.Reference);
        Assert.Equal(FhirTime.Of(Now), ((FhirDateTime)mirels.Effective).Value);
        Assert.Equal(12, ((Integer)mirels.Value).Value);
        Assert.Null(mirels.DataAbsentReason);
        Assert.Equal(["site", "pain", "lesion", "size"], mirels.Component.Select(c => c.Code.Text));
        Assert.All(mirels.Component, c => Assert.Equal(3, ((Integer)c.Value).Value));
        Assert.Equal("mirels-score.site", mirels.Component[0].Code.Coding[0].Code);
        var band = Assert.Single(mirels.Interpretation);
        Assert.Equal((CodeSystems.ScoreBand, "mirels-prophylactic-fixation"), (band.Coding[0].System, band.Coding[0].Code));
        Assert.StartsWith("≥ 9: prophylactic fixation", band.Text, StringComparison.Ordinal);
        Assert.Equal("Mirels' score, Mirels 1989. Mirels H. Clin Orthop Relat Res 1989;(249):256–264", mirels.Method.Text);
        Assert.Equal(["Observation/femur"], mirels.DerivedFrom.Select(r => r.Reference));
        Assert.Equal("Observation/femur", Assert.Single(mirels.Focus).Reference);
    }

    [Fact]
    public void Mirels_Incomplete_DataAbsentReasonAndANoteListingTheMissingInputs()
    {
        var mirels = Score(Decide(LongBone("femur", "lower-limb", null, "mixed", null)), ObservationCodes.Mirels);

        Assert.Null(mirels.Value);
        Assert.Equal((DataAbsentReason, "temp-unknown"), (mirels.DataAbsentReason.Coding[0].System, mirels.DataAbsentReason.Coding[0].Code));
        Assert.Empty(mirels.Interpretation);
        Assert.Contains(mirels.Note, n => n.Text == "Not computed from partial inputs. Missing: mirels-pain, diameter-fraction.");
        var pain = Assert.Single(mirels.Component, c => c.Code.Text == "pain");
        Assert.Null(pain.Value);
        Assert.Equal("temp-unknown", pain.DataAbsentReason.Coding[0].Code);
    }

    [Fact]
    public void Tokuhashi_ConditionInputs_GoToSupportingInfoBecauseR4DerivedFromCannotHoldThem()
    {
        var tokuhashi = Score(Decide(Primary()), ObservationCodes.TokuhashiRevised);

        Assert.DoesNotContain(tokuhashi.DerivedFrom, r => r.Reference.StartsWith("Condition/", StringComparison.Ordinal));
        var supporting = Assert.Single(tokuhashi.Extension, e => e.Url == ScoreObservations.SupportingInfoExtension);
        Assert.Equal("Condition/primary", ((ResourceReference)supporting.Value).Reference);
        var citation = Assert.Single(tokuhashi.Extension, e => e.Url == ScoreObservations.RelatedArtifactExtension);
        Assert.StartsWith("Tokuhashi Y et al. Spine 2005", ((RelatedArtifact)citation.Value).Citation, StringComparison.Ordinal);
    }

    [Fact]
    public void Calcium_QuantityInMgPerDlWithBandAndCtcaeGrade()
    {
        var calcium = Score(Decide(Calcium(11.6m), Albumin(3.0m)), ObservationCodes.CorrectedCalcium);

        var quantity = Assert.IsType<Quantity>(calcium.Value);
        Assert.Equal((12.40m, CodeSystems.Ucum, "mg/dL"), (quantity.Value!.Value, quantity.System, quantity.Code));
        Assert.Equal(["calcium-moderate", "ctcae-grade-2"], calcium.Interpretation.Select(i => i.Coding[0].Code));
        var grade = Assert.Single(calcium.Component, c => c.Code.Text.StartsWith("CTCAE", StringComparison.Ordinal));
        Assert.Equal(2, ((Integer)grade.Value).Value);
        Assert.Contains(calcium.Component, c => c.Value is Quantity { Code: "mmol/L" });
        Assert.Equal(["Observation/calcium", "Observation/albumin"], calcium.DerivedFrom.Select(r => r.Reference));
        Assert.Equal("laboratory", calcium.Category[0].Coding[0].Code);
    }

    [Fact]
    public void Noms_PathwayIsTheValueAndTheItemsAreStrings()
    {
        var noms = Score(Decide(Primary("C73"), Spine("c5", "C5", escc: "1a")), ObservationCodes.NomsPathway);

        var pathway = Assert.IsType<CodeableConcept>(noms.Value);
        Assert.Equal("noms-stereotactic-radiosurgery", pathway.Coding[0].Code);
        Assert.All(noms.Component, c => Assert.True(c.Value is FhirString || c.DataAbsentReason is not null));
    }

    [Fact]
    public void Observations_OnePerScore_PerLesionAndPerPatient()
    {
        var decision = Decide(Primary(), LongBone("femur", "lower-limb", "mild", "blastic", 10m), Spine("t8", "T8"), Spine("l2", "L2"));

        var codes = decision.Observations.Select(o => o.Code.Coding[0].Code).ToList();
        Assert.Equal(
            [ObservationCodes.Mirels, ObservationCodes.Sins, ObservationCodes.NomsPathway, ObservationCodes.Sins, ObservationCodes.NomsPathway,
             ObservationCodes.TokuhashiRevised, ObservationCodes.ModifiedBauer, ObservationCodes.Nesms, ObservationCodes.CorrectedCalcium],
            codes);
        Assert.Equal(decision.Observations.Count, decision.Observations.Select(o => o.Id).Distinct().Count());
    }

    [Fact]
    public void Observations_SameCaseAgain_SameIds()
    {
        Resource[] resources = [Primary(), Spine("t8", "T8")];

        Assert.Equal(Decide(resources).Observations.Select(o => o.Id), Decide(resources).Observations.Select(o => o.Id));
    }

    public static TheoryData<string> SampleNames => new(Samples.Referrals);

    private const string Obs6 = "dataAbsentReason.empty() or value.empty()";
    private const string Obs7 = "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()";

    [Fact]
    public void InvariantChecks_CatchABrokenObservation()
    {
        // Firely's POCO validation checks cardinality, not invariants: obs-6 and obs-7 are checked by FHIRPath here.
        var broken = new Observation { Code = new CodeableConcept("urn:s", "c"), Value = new Integer(1), DataAbsentReason = new CodeableConcept("urn:d", "x") };
        broken.Component.Add(new Observation.ComponentComponent { Code = new CodeableConcept("urn:s", "c"), Value = new Integer(2) });

        Assert.NotEmpty(broken.Validate()); // status missing
        Assert.False(broken.IsTrue(Obs6));
        Assert.False(broken.IsTrue(Obs7));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void EveryScoreObservation_OfEverySample_PassesFirelyValidationAndObs6Obs7(string sample)
    {
        foreach (var observation in Samples.Triage(sample).Observations)
        {
            Assert.Empty(observation.Validate());
            Assert.True(observation.IsTrue(Obs6), $"obs-6 fails on {observation.Code.Coding[0].Code}");
            Assert.True(observation.IsTrue(Obs7), $"obs-7 fails on {observation.Code.Coding[0].Code}");
            Assert.All(observation.Component, c => Assert.False(c.Value is not null && c.DataAbsentReason is not null));
            _ = FhirJson.Parse<Observation>(FhirJson.Serialize(observation)); // strict parser accepts what we write
        }
    }
}
