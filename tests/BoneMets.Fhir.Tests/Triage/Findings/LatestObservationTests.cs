using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Findings;

public class LatestObservationTests
{
    private static Observation Kps(string id, int value, string? effective, ObservationStatus status = ObservationStatus.Final) =>
        Loinc(id, ClinicalCodes.LoincKarnofsky, new Integer(value), effective, status);

    private static Finding<int>? Karnofsky(params Resource[] resources) => FindingsReader.Read(resources).Karnofsky;

    [Fact]
    public void Read_TwoDated_MostRecentEffectiveWins() =>
        Assert.Equal(("Observation/new", 50), Pick(Karnofsky(Kps("old", 90, "2025-01-01"), Kps("new", 50, "2025-02-01"))));

    [Fact]
    public void Read_OrderOfResources_DoesNotMatter() =>
        Assert.Equal(("Observation/new", 50), Pick(Karnofsky(Kps("new", 50, "2025-02-01"), Kps("old", 90, "2025-01-01"))));

    [Fact]
    public void Read_TimesWithOffsets_ComparedAsInstants() =>
        // 10:00+02:00 is 08:00Z, earlier than 09:00Z.
        Assert.Equal(("Observation/b", 60), Pick(Karnofsky(Kps("a", 80, "2025-02-01T10:00:00+02:00"), Kps("b", 60, "2025-02-01T09:00:00Z"))));

    [Fact]
    public void Read_PeriodEffective_ComparedByItsEnd()
    {
        var period = Kps("period", 40, null);
        period.Effective = new Period(new FhirDateTime("2025-01-01"), new FhirDateTime("2025-03-01"));

        Assert.Equal(("Observation/period", 40), Pick(Karnofsky(Kps("point", 70, "2025-02-01"), period)));
    }

    [Fact]
    public void Read_UndatedObservation_LosesToDatedOne() =>
        Assert.Equal(("Observation/dated", 70), Pick(Karnofsky(Kps("undated", 30, null), Kps("dated", 70, "2020-01-01"))));

    [Theory]
    [InlineData(ObservationStatus.EnteredInError)]
    [InlineData(ObservationStatus.Cancelled)]
    [InlineData(ObservationStatus.Registered)]
    [InlineData(ObservationStatus.Unknown)]
    public void Read_NewestNotUsable_IgnoredAndOlderUsed(ObservationStatus status) =>
        Assert.Equal(("Observation/old", 90), Pick(Karnofsky(Kps("old", 90, "2025-01-01"), Kps("bad", 10, "2025-02-01", status))));

    [Theory]
    [InlineData(ObservationStatus.Preliminary)]
    [InlineData(ObservationStatus.Amended)]
    [InlineData(ObservationStatus.Corrected)]
    public void Read_NewestUsableStatus_Wins(ObservationStatus status) =>
        Assert.Equal(("Observation/new", 40), Pick(Karnofsky(Kps("old", 90, "2025-01-01"), Kps("new", 40, "2025-02-01", status))));

    [Fact]
    public void Read_SameTimeFinalAndPreliminary_FinalWins() =>
        Assert.Equal(("Observation/final", 80), Pick(Karnofsky(Kps("prelim", 60, "2025-02-01", ObservationStatus.Preliminary), Kps("final", 80, "2025-02-01"))));

    [Fact]
    public void Read_SameTimeDifferentIssued_LaterIssuedWins()
    {
        var first = Kps("first", 60, "2025-02-01");
        first.Issued = new DateTimeOffset(2025, 2, 1, 9, 0, 0, TimeSpan.Zero);
        var second = Kps("second", 70, "2025-02-01");
        second.Issued = new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(("Observation/second", 70), Pick(Karnofsky(second, first)));
    }

    [Fact]
    public void Read_SameTimeConflictingValues_MissingAndReported()
    {
        var findings = FindingsReader.Read([Kps("a", 60, "2025-02-01"), Kps("b", 80, "2025-02-01")]);

        Assert.Null(findings.Karnofsky);
        Assert.Equal(
            [new FindingProblem("Observation/a", FindingNames.Karnofsky, "conflicts with Observation/b, recorded for the same time", "60 | 80")],
            findings.Problems);
    }

    [Fact]
    public void Read_SameTimeSameValue_NoConflict() =>
        Assert.Equal(("Observation/a", 60), Pick(Karnofsky(Kps("b", 60, "2025-02-01"), Kps("a", 60, "2025-02-01"))));

    [Fact]
    public void Read_NewestUnreadable_MissingRatherThanOlderValue()
    {
        var findings = FindingsReader.Read([Kps("old", 90, "2025-01-01"), Kps("new", 75, "2025-02-01")]);

        Assert.Null(findings.Karnofsky);
        Assert.Equal("Observation/new", Assert.Single(findings.Problems).Source);
    }

    private static (string, int) Pick(Finding<int>? finding) => (finding!.Source, finding.Value);
}
