using BoneMets.Fhir.Case;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Case;

public class CaseAssemblerTests
{
    private const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    private const string Snomed = "http://snomed.info/sct";

    [Theory]
    [InlineData(Icd10, "C79.51", true, true)]
    [InlineData(Icd10, "C79.52", true, true)]
    [InlineData(Icd10, "C78.00", true, true)]
    [InlineData(Icd10, "C77.0", true, true)]
    [InlineData(Icd10, "C7B.00", true, true)]
    [InlineData(Snomed, "94222008", true, false)]
    [InlineData(Snomed, "128462008", true, false)]
    [InlineData(Icd10, "C50.911", false, true)]
    [InlineData(Icd10, "C61", false, true)]
    [InlineData(Icd10, "C90.00", false, true)]
    [InlineData(Icd10, "G95.20", false, false)]
    [InlineData(Snomed, "C79.51", false, false)]
    [InlineData(Icd10, "94222008", false, false)]
    public void IsSecondaryAndIsPrimary_Code_ClassifiedBySystemAndCode(string system, string code, bool secondary, bool malignant)
    {
        var condition = new Condition { Code = new CodeableConcept(system, code) };

        Assert.Equal(secondary, CaseAssembler.IsSecondaryCancer(condition));
        Assert.Equal(malignant, CaseAssembler.IsPrimaryCancer(condition));
    }

    [Fact]
    public void IsSecondaryCancer_NoCode_False()
    {
        Assert.False(CaseAssembler.IsSecondaryCancer(new Condition()));
        Assert.False(CaseAssembler.IsPrimaryCancer(new Condition()));
    }

    // primaries, metastases, other conditions, lesion findings, other observations, imaging studies, reports, virtual visit
    [Theory]
    [InlineData("01", 1, 1, 0, 1, 6, 1, 1, false)]
    [InlineData("02", 1, 1, 1, 1, 13, 1, 1, false)]
    [InlineData("03", 1, 1, 0, 1, 15, 1, 1, false)]
    [InlineData("04", 1, 1, 0, 1, 5, 1, 1, true)]
    [InlineData("05", 1, 0, 0, 1, 5, 1, 1, false)]
    [InlineData("06", 1, 1, 0, 1, 14, 1, 1, true)]
    [InlineData("07", 1, 1, 0, 1, 6, 1, 1, false)]
    [InlineData("08", 1, 0, 0, 0, 0, 0, 0, false)]
    [InlineData("09", 1, 1, 0, 1, 11, 1, 1, false)]
    [InlineData("10", 1, 1, 0, 1, 6, 1, 1, false)]
    public async System.Threading.Tasks.Task Assemble_Sample_SortsResourcesIntoTheCase(
        string number, int primaries, int metastases, int others, int lesions, int observations, int imaging, int reports, bool virtualVisit)
    {
        var consultCase = await Stages.CaseAsync(number);

        Assert.Equal(
            (primaries, metastases, others, lesions, observations, imaging, reports, virtualVisit),
            (consultCase.PrimaryCancers.Count, consultCase.Metastases.Count, consultCase.OtherConditions.Count, consultCase.LesionFindings.Count,
                consultCase.Observations.Count, consultCase.ImagingStudies.Count, consultCase.DiagnosticReports.Count, consultCase.WantsVirtualVisit));
        Assert.All(consultCase.LesionFindings, l => Assert.Equal("bone-lesion", l.Code.Coding.Single().Code));
        Assert.DoesNotContain(consultCase.Observations, o => consultCase.LesionFindings.Contains(o));
    }

    [Fact]
    public async System.Threading.Tasks.Task Assemble_Sample02_NamesEachCondition()
    {
        var consultCase = await Stages.CaseAsync("02");

        Assert.Contains("C61", Codes(consultCase.PrimaryCancers.Single()));
        Assert.Contains("C79.51", Codes(consultCase.Metastases.Single()));
        Assert.Contains("G95.20", Codes(consultCase.OtherConditions.Single()));
    }

    [Fact]
    public async System.Threading.Tasks.Task Assemble_LocalizedCopies_ReferralPartsAreTheLocalCopies()
    {
        var message = Stages.Message("01");
        var context = await new MessageContextSource().GatherAsync(message, CancellationToken.None);

        var consultCase = CaseAssembler.Assemble(context);

        Assert.Contains(consultCase.Patient, context.Resources);
        Assert.NotSame(message.Patient, consultCase.Patient);
        Assert.Equal(message.Patient.Id, consultCase.Patient.Id);
        Assert.Equal($"Patient/{message.Patient.Id}", consultCase.ServiceRequest.Subject.Reference);
        Assert.Equal(message.ReferralTask!.Id, consultCase.ReferralTask!.Id);
        Assert.Equal(message.ReferralKey, consultCase.ReferralKey);
        Assert.Same(consultCase.Patient, consultCase.Find($"Patient/{message.Patient.Id}"));
    }

    [Fact]
    public void Assemble_SnomedSecondaryOfBone_IsAMetastasisNotAPrimary()
    {
        var message = Stages.Message("08");
        var snomedMetastasis = new Condition { Id = "m1", Code = new CodeableConcept(Snomed, "94222008") };
        var resources = MessageLocalizer.Localize(message).Append(snomedMetastasis).ToList();

        var consultCase = CaseAssembler.Assemble(new ClinicalContext(message, resources, [new ContextGap("labs", "not sent")]));

        Assert.Same(snomedMetastasis, consultCase.Metastases.Single());
        Assert.Contains("C61", Codes(consultCase.PrimaryCancers.Single()));
        Assert.Empty(consultCase.OtherConditions);
        Assert.Null(consultCase.ReferralTask);
        Assert.Equal("labs", consultCase.Gaps.Single().What);
    }

    [Fact]
    public async System.Threading.Tasks.Task WantsVirtualVisit_OtherActCode_False()
    {
        var consultCase = await Stages.CaseAsync("04");
        consultCase.ServiceRequest.LocationCode = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB")];

        Assert.False(consultCase.WantsVirtualVisit);
    }

    private static IEnumerable<string?> Codes(Condition condition) => condition.Code?.Coding.Select(c => c.Code) ?? [];
}
