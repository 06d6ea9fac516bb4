using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Tests.Validation;

public sealed class ProfileAssignmentTests
{
    private static string? For(Resource resource, ResourceRole role = ResourceRole.Received) =>
        ProfileAssignment.ProfileFor(resource, role, ProfileSet.Embedded)?.Replace(ProfileSet.Base, string.Empty, StringComparison.Ordinal);

    [Fact]
    public void ProfileFor_Task_ReferralTaskWhenReceivedWriteBackTaskWhenWritten()
    {
        Assert.Equal("bonemets-referral-task", For(new Task()));
        Assert.Equal("bonemets-write-back-task", For(new Task(), ResourceRole.WrittenBack));
    }

    [Theory]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "C79.51", "bonemets-bone-metastasis")]
    [InlineData("http://snomed.info/sct", "94222008", "bonemets-bone-metastasis")]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "C50.911", "bonemets-primary-cancer")]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "E83.52", null)]
    public void ProfileFor_Condition_ByItsCode(string system, string code, string? profile) =>
        Assert.Equal(profile, For(new Condition { Code = new CodeableConcept(system, code) }));

    [Theory]
    [InlineData("bone-lesion", "bonemets-bone-lesion")]
    [InlineData("limb-weakness", "bonemets-clinical-finding")]
    [InlineData("fit-for-surgery", "bonemets-clinical-finding")]
    [InlineData("mirels-score", "bonemets-score")]
    [InlineData("corrected-calcium", "bonemets-score")]
    public void ProfileFor_Observation_ByItsProjectCode(string code, string profile) =>
        Assert.Equal(profile, For(new Observation { Code = new CodeableConcept("https://fhir.bonemets.org/CodeSystem/bonemets-observation", code) }));

    [Fact]
    public void ProfileFor_Bundle_ByItsType()
    {
        Assert.Equal("bonemets-referral-message", For(new Bundle { Type = Bundle.BundleType.Message }));
        Assert.Equal("bonemets-case-document", For(new Bundle { Type = Bundle.BundleType.Document }));
        Assert.Null(For(new Bundle { Type = Bundle.BundleType.Collection }));
    }

    [Fact]
    public void ProfileFor_DeclaredProjectProfile_WinsOverTheRole()
    {
        var task = new Task { Meta = new Meta { Profile = ["http://example.org/other", ProfileSet.Url("bonemets-write-back-task")] } };

        Assert.Equal("bonemets-write-back-task", For(task));
    }

    [Fact]
    public void ProfileFor_PatientAndLoincObservation_NoProfile()
    {
        Assert.Null(For(new Patient()));
        Assert.Null(For(new Observation { Code = new CodeableConcept("http://loinc.org", "17861-6") }));
    }
}
