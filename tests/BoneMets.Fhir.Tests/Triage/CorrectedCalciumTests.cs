using System.Globalization;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Triage;

public class CorrectedCalciumTests
{
    private const decimal Uln = 10.5m;

    private static decimal D(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);

    private static Observation Lab(string id, string loinc, string value, string? unit, string effective = "2026-11-10", ObservationStatus status = ObservationStatus.Final) => new()
    {
        Id = id,
        Status = status,
        Code = new CodeableConcept("http://loinc.org", loinc),
        Effective = new FhirDateTime(effective),
        Value = new Quantity { Value = D(value), Code = unit, System = unit is null ? null : "http://unitsofmeasure.org", Unit = unit },
    };

    private static Observation Calcium(string value, string unit, string effective = "2026-11-10") => Lab("ca", "17861-6", value, unit, effective);

    private static Observation Albumin(string value, string unit) => Lab("alb", "1751-7", value, unit);

    [Theory]
    [InlineData("10.0", "mg/dL", "3.0", "g/dL", "10.80", true, CalciumBand.Mild, 1)]
    [InlineData("2.5", "mmol/L", "30", "g/L", "10.82", true, CalciumBand.Mild, 1)]       // 2.5 × 4.008 + 0.8 × (4.0 − 3.0)
    [InlineData("11.6", "mg/dL", "3.0", "g/dL", "12.40", true, CalciumBand.Moderate, 2)] // sample 05
    [InlineData("3.45", "mmol/L", "30", "g/L", "14.63", true, CalciumBand.Severe, 4)]    // sample 07
    [InlineData("9.4", "mg/dL", "3.9", "g/dL", "9.48", true, CalciumBand.Normal, 0)]     // sample 01
    [InlineData("10.2", "mg/dL", "4.4", "g/dL", "10.2", false, CalciumBand.Normal, 0)]   // sample 10: albumin > 4 is not corrected downward
    [InlineData("10.6", "mg/dL", "4.4", "g/dL", "10.6", false, CalciumBand.Mild, 1)]
    [InlineData("12.0", "mg/dL", "45", "g/L", "12.0", false, CalciumBand.Moderate, 2)]
    [InlineData("10.2", "mg/dL", "4.0", "g/dL", "10.2", false, CalciumBand.Normal, 0)]   // exactly 4.0: nothing to correct
    public void From_CalciumAndAlbumin_CorrectedInMgPerDl(
        string ca, string caUnit, string alb, string albUnit, string expected, bool corrected, CalciumBand band, int grade)
    {
        var result = CorrectedCalcium.From([Calcium(ca, caUnit), Albumin(alb, albUnit)], Uln);

        Assert.NotNull(result);
        Assert.Equal((D(expected), corrected, band, grade), (result.MgPerDl, result.Corrected, result.Band, result.CtcaeGrade));
        Assert.Empty(result.Problems);
        Assert.Equal(["Observation/ca", "Observation/alb"], result.DerivedFrom); // albumin read, whether or not it changed the value
    }

    [Theory]
    [InlineData("10.2", "mg/dL", "10.2")]
    [InlineData("2.60", "mmol/L", "10.42")]
    public void From_NoAlbumin_MeasuredCalciumUncorrected(string ca, string unit, string expected)
    {
        var result = CorrectedCalcium.From([Calcium(ca, unit)], Uln);

        Assert.Equal((D(expected), false), (result?.MgPerDl, result?.Corrected));
        Assert.Equal(["Observation/ca"], result?.DerivedFrom);
    }

    [Theory]
    [InlineData("mEq/L")]
    [InlineData(null)]
    public void From_CalciumInUnknownUnit_ProblemAndNoValue(string? unit)
    {
        var result = CorrectedCalcium.From([Calcium("10.0", unit!), Albumin("3.0", "g/dL")], Uln);

        Assert.NotNull(result);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith($"Observation/ca has unit '{unit ?? "none"}'", problem, StringComparison.Ordinal);
        Assert.Equal((0m, false, CalciumBand.Normal, 0), (result.MgPerDl, result.Corrected, result.Band, result.CtcaeGrade));
    }

    [Fact]
    public void From_AlbuminInUnknownUnit_ProblemAndCalciumUncorrected()
    {
        var result = CorrectedCalcium.From([Calcium("11.0", "mg/dL"), Albumin("3.0", "g/100mL")], Uln);

        Assert.Equal((11.0m, false), (result?.MgPerDl, result?.Corrected));
        Assert.StartsWith("Observation/alb has unit 'g/100mL'", Assert.Single(result!.Problems), StringComparison.Ordinal);
        Assert.Equal(["Observation/ca"], result.DerivedFrom);
    }

    [Fact]
    public void From_NoCalcium_Null()
    {
        Assert.Null(CorrectedCalcium.From([Albumin("3.0", "g/dL")], Uln));
    }

    [Fact]
    public void From_SeveralCalciums_LatestUsableOneWins()
    {
        var older = Lab("ca-old", "17861-6", "10.0", "mg/dL", "2026-11-01");
        var latest = Lab("ca-new", "17861-6", "12.5", "mg/dL", "2026-11-10");
        var withdrawn = Lab("ca-wrong", "17861-6", "15.0", "mg/dL", "2026-11-12", ObservationStatus.EnteredInError);

        var result = CorrectedCalcium.From([older, latest, withdrawn], Uln);

        Assert.Equal((12.5m, "Observation/ca-new"), (result?.MgPerDl, result?.DerivedFrom.Single()));
    }

    [Theory]
    [InlineData("10.49", CalciumBand.Normal)]
    [InlineData("10.5", CalciumBand.Mild)]
    [InlineData("11.99", CalciumBand.Mild)]
    [InlineData("12.0", CalciumBand.Moderate)]
    [InlineData("13.99", CalciumBand.Moderate)]
    [InlineData("14.0", CalciumBand.Severe)]
    public void Band_Edges_LowerBoundInclusive(string mgPerDl, CalciumBand expected)
    {
        Assert.Equal(expected, CorrectedCalcium.Band(D(mgPerDl)));
    }

    [Theory]
    [InlineData("10.5", "10.5", 0)]
    [InlineData("10.51", "10.5", 1)]
    [InlineData("10.3", "10.2", 1)]  // a lower ULN starts grade 1 lower
    [InlineData("10.6", "10.8", 0)]  // a higher ULN starts it higher
    [InlineData("11.5", "10.5", 1)]
    [InlineData("11.51", "10.5", 2)]
    [InlineData("12.5", "10.5", 2)]
    [InlineData("12.51", "10.5", 3)]
    [InlineData("13.5", "10.5", 3)]
    [InlineData("13.51", "10.5", 4)]
    public void Grade_CtcaeEdges_UpperBoundInclusiveWithUln(string mgPerDl, string uln, int expected)
    {
        Assert.Equal(expected, CorrectedCalcium.Grade(D(mgPerDl), D(uln)));
    }
}
