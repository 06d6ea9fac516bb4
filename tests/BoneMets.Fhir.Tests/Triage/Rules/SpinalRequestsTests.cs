using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Rules;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Cases;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Rules;

/// <summary>The spine's requests ask for what is missing: the grade when the MRI was sent, the MRI when it was not.</summary>
public class SpinalRequestsTests
{
    private static ImagingStudy Study(string id, string modality) => new()
    {
        Id = id,
        Status = ImagingStudy.ImagingStudyStatus.Available,
        Modality = [new Coding(LesionImaging.DicomModality, modality)],
        Subject = new ResourceReference("Patient/patient-1"),
    };

    private static DiagnosticReport Report(string id, string lesion, string? study) => new()
    {
        Id = id,
        Status = DiagnosticReport.DiagnosticReportStatus.Final,
        Code = new CodeableConcept { Text = "MRI whole spine" },
        Result = [new ResourceReference(lesion)],
        ImagingStudy = study is null ? [] : [new ResourceReference(study)],
    };

    private static Observation UngradedFrom(string? study)
    {
        var lesion = Spine("t8", "T8", escc: null);
        if (study is not null)
        {
            lesion.DerivedFrom = [new ResourceReference(study)];
        }

        return lesion;
    }

    private static Resource[] Rest => [.. NoNeurology(), Calcium(9m), Albumin(4m)];

    [Fact]
    public void Add_MriStudySentButNoGrade_AsksForTheGradeNotTheMri()
    {
        var missing = Decide([UngradedFrom("ImagingStudy/mri"), Study("mri", "MR"), .. Rest]).Missing;

        var request = Assert.Single(missing);
        Assert.Equal("Bilsky ESCC grade for the T8 lesion (Observation/t8)", request.What);
        Assert.StartsWith("the MRI was sent (ImagingStudy/mri) but the lesion carries no escc-grade component", request.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_MriReportListsTheLesion_AsksForTheGradeAndNamesReportAndStudy()
    {
        var missing = Decide([UngradedFrom(null), Study("mri", "MR"), Report("report", "Observation/t8", "ImagingStudy/mri"), .. Rest]).Missing;

        var request = Assert.Single(missing);
        Assert.Contains("(ImagingStudy/mri, DiagnosticReport/report)", request.Why, StringComparison.Ordinal);
        Assert.DoesNotContain(missing, m => m.What == MissingInputs.MriWholeSpine);
    }

    [Fact]
    public void Add_LesionReadFromCt_AsksForTheMriAndSaysTheCtCannotGradeIt()
    {
        var request = Assert.Single(Decide([UngradedFrom("ImagingStudy/ct"), Study("ct", "CT"), .. Rest]).Missing);

        Assert.Equal(MissingInputs.MriWholeSpine, request.What);
        Assert.Contains("the T8 lesion (Observation/t8) was read from ImagingStudy/ct, which is not MRI", request.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NoImagingLinked_AsksForTheMri() =>
        Assert.Equal(MissingInputs.MriWholeSpine, Assert.Single(Decide([UngradedFrom(null), .. Rest]).Missing).What);

    [Fact]
    public void Add_FrankelEOnly_AsksOnlyForWhatFrankelDoesNotGrade()
    {
        var missing = Decide(Spine("t8", "T8"), MsccRulesTests.Frankel("E"), Calcium(9m), Albumin(4m)).Missing;

        var request = Assert.Single(missing);
        Assert.Equal("Neurological signs a Frankel grade does not record: radicular-pain, bladder-bowel-dysfunction", request.What);
        Assert.Contains("Frankel grade E sent (Observation/frankel)", request.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_FrankelEAndSignsRecorded_AsksNothingAboutNeurology() =>
        Assert.Empty(Decide([Spine("t8", "T8"), MsccRulesTests.Frankel("E"), .. Rest]).Missing);

    [Fact]
    public void Add_NoNeurologyAtAll_AsksForTheAssessmentAndOffersFrankel()
    {
        var request = Assert.Single(Decide(Spine("t8", "T8"), Calcium(9m), Albumin(4m)).Missing);

        Assert.Equal(MissingInputs.NeurologicalAssessment, request.What);
        Assert.EndsWith("or send the Frankel grade", request.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_RadioresistantHighGradeWithoutFitness_AsksForFitnessForSurgery()
    {
        var request = Assert.Single(Decide([Primary("C64.1"), Spine("t8", "T8", escc: "2"), .. Rest]).Missing);

        Assert.Equal(SpinalRequests.FitnessForSurgery, request.What);
        Assert.Contains("the NOMS pathway at the T8 lesion (Observation/t8) depends on it", request.Why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C64.1", "1b")] // radioresistant, low grade: SRS whatever the fitness
    [InlineData("C90.00", "3")] // radiosensitive: cEBRT whatever the compression
    public void Add_PathwayIndependentOfFitness_DoesNotAskForIt(string primary, string escc) =>
        Assert.DoesNotContain(Decide([Primary(primary), Spine("t8", "T8", escc: escc), .. Rest]).Missing, m => m.What == SpinalRequests.FitnessForSurgery);

    [Fact]
    public void Add_FitnessRecorded_DoesNotAskForIt() =>
        Assert.Empty(Decide([Primary("C64.1"), Spine("t8", "T8", escc: "2"), Project("fit", ObservationCodes.FitForSurgery, new FhirBoolean(false)), .. Rest]).Missing);
}
