using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Findings;

public class PrimaryCancerReaderTests
{
    private static ClinicalFindings Read(params Resource[] resources) => FindingsReader.Read(resources);

    [Fact]
    public void Read_OnePrimaryAndItsBoneSecondary_PrimaryFromTheIcdCode()
    {
        var findings = Read(Icd10("breast", "C50.911", "2023-05-01"), Icd10("mets", ClinicalCodes.Icd10SecondaryBone, "2025-01-01"));

        Assert.Equal(
            new Finding<PrimarySite>(PrimarySite.Breast, "Condition/breast", new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero)),
            findings.PrimaryCancer);
        Assert.Single(findings.PrimaryCancerCandidates);
        Assert.Empty(findings.Problems);
    }

    [Fact]
    public void Read_OnlySecondaries_NoPrimary()
    {
        var findings = Read(
            Icd10("bone", ClinicalCodes.Icd10SecondaryBone),
            Condition("snomed", CodeSystems.Snomed, ClinicalCodes.SnomedSecondaryMalignancyOfBone),
            Condition("parent", CodeSystems.Snomed, ClinicalCodes.SnomedSecondaryMalignancy));

        Assert.Null(findings.PrimaryCancer);
        Assert.Empty(findings.PrimaryCancerCandidates);
    }

    [Fact]
    public void Read_ConditionCodedBothPrimaryAndSnomedSecondary_TreatedAsSecondary()
    {
        var condition = Icd10("both", "C61");
        condition.Code!.Coding.Add(new Coding(CodeSystems.Snomed, ClinicalCodes.SnomedSecondaryMalignancyOfBone));

        Assert.Null(Read(condition).PrimaryCancer);
    }

    [Fact]
    public void Read_PrimaryCodedOnlyInSnomed_NotMapped() =>
        Assert.Null(Read(Condition("snomed-breast", CodeSystems.Snomed, "254837009")).PrimaryCancer);

    [Fact]
    public void Read_IcdCodeUnderAnotherSystem_NotMapped() =>
        Assert.Null(Read(Condition("who", "http://hl7.org/fhir/sid/icd-10", "C50.9")).PrimaryCancer);

    [Theory]
    [InlineData("entered-in-error")]
    [InlineData("refuted")]
    public void Read_VoidVerificationStatus_Ignored(string verification) =>
        Assert.Null(Read(Condition("x", CodeSystems.Icd10Cm, "C34.90", verification: verification)).PrimaryCancer);

    [Fact]
    public void Read_ProvisionalVerificationStatus_Kept() =>
        Assert.Equal(PrimarySite.Lung, Read(Condition("x", CodeSystems.Icd10Cm, "C34.90", verification: "provisional")).PrimaryCancer!.Value);

    [Fact]
    public void Read_TwoConditionsSameSite_MostRecentlyRecordedIsTheSource()
    {
        var findings = Read(Icd10("old", "C50.912", "2020-01-01"), Icd10("new", "C50.911", "2024-06-01"));

        Assert.Equal("Condition/new", findings.PrimaryCancer!.Source);
        Assert.Equal(2, findings.PrimaryCancerCandidates.Count);
    }

    [Fact]
    public void Read_OnsetWhenNoRecordedDate_UsedForRecency()
    {
        var old = Icd10("old", "C61");
        old.Onset = new FhirDateTime("2019-01-01");
        var recent = Icd10("recent", "C61");
        recent.Onset = new FhirDateTime("2024-01-01");

        Assert.Equal("Condition/recent", Read(old, recent).PrimaryCancer!.Source);
    }

    [Fact]
    public void Read_TwoDifferentPrimaries_NoneChosenAndBothReported()
    {
        var findings = Read(Icd10("breast", "C50.911", "2020-01-01"), Icd10("lung", "C34.90", "2024-01-01"));

        Assert.Null(findings.PrimaryCancer);
        Assert.Equal(["Condition/lung", "Condition/breast"], findings.PrimaryCancerCandidates.Select(c => c.Source));
        Assert.Equal(
            [new FindingProblem("Condition/lung", FindingNames.PrimaryCancer, "the Conditions name more than one primary cancer; none chosen", "Lung (Condition/lung), Breast (Condition/breast)")],
            findings.Problems);
    }

    [Fact]
    public void Read_OneConditionWithTwoSites_Reported()
    {
        var condition = Icd10("two", "C50.911");
        condition.Code!.Coding.Add(new Coding(CodeSystems.Icd10Cm, "C61"));

        var findings = Read(condition);

        Assert.Null(findings.PrimaryCancer);
        Assert.Equal("one Condition carries codes of different primary sites", Assert.Single(findings.Problems).Problem);
    }

    [Fact]
    public void Read_NonCancerConditions_Ignored() =>
        Assert.Equal(PrimarySite.Kidney, Read(Icd10("ccc", ClinicalCodes.Icd10CordCompressionUnspecified), Icd10("rcc", "C64.1")).PrimaryCancer!.Value);
}
