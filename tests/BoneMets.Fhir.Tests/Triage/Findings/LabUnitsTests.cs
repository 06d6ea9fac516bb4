using System.Globalization;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Findings;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage.Findings;

public class LabUnitsTests
{
    private static ClinicalFindings Calcium(DataType value) => FindingsReader.Read([Loinc("ca", ClinicalCodes.LoincCalcium, value)]);

    private static ClinicalFindings Albumin(DataType value) => FindingsReader.Read([Loinc("alb", ClinicalCodes.LoincAlbumin, value)]);

    private static decimal Dec(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("10.2", "mg/dL", "10.2")]
    [InlineData("10.2", "mg/dl", "10.2")]
    [InlineData("2.5", "mmol/L", "10.0200")]
    [InlineData("2.5", "mmol/l", "10.0200")]
    [InlineData("3.00", "mmol/L", "12.02400")]
    public void Read_Calcium_NormalisedToMgPerDl(string value, string unit, string mgPerDl)
    {
        var findings = Calcium(Ucum(Dec(value), unit));

        Assert.Equal(Dec(mgPerDl), findings.CalciumMgPerDl!.Value);
        Assert.Equal("Observation/ca", findings.CalciumMgPerDl.Source);
        Assert.Empty(findings.Problems);
    }

    [Theory]
    [InlineData("3.5", "g/dL", "3.5")]
    [InlineData("3.5", "g/dl", "3.5")]
    [InlineData("35", "g/L", "3.5")]
    [InlineData("42", "g/l", "4.2")]
    public void Read_Albumin_NormalisedToGPerDl(string value, string unit, string gPerDl) =>
        Assert.Equal(Dec(gPerDl), Albumin(Ucum(Dec(value), unit)).AlbuminGPerDl!.Value);

    [Theory]
    [InlineData("mEq/L")]
    [InlineData("MG/DL")]
    [InlineData("umol/L")]
    public void Read_CalciumInUnexpectedUnit_ProblemNamesObservationAndUnit(string unit)
    {
        var findings = Calcium(Ucum(2.4m, unit));

        Assert.Null(findings.CalciumMgPerDl);
        Assert.Equal([new FindingProblem("Observation/ca", FindingNames.SerumCalcium, "unexpected unit (expected mg/dL or mmol/L)", unit)], findings.Problems);
    }

    [Fact]
    public void Read_AlbuminInUnexpectedUnit_Problem()
    {
        var findings = Albumin(Ucum(3.5m, "mg/dL"));

        Assert.Null(findings.AlbuminGPerDl);
        Assert.Equal("mg/dL", Assert.Single(findings.Problems).ValueSeen);
    }

    [Fact]
    public void Read_UnitWithoutUcumSystem_ProblemEvenIfTheTextLooksRight()
    {
        var findings = Calcium(new Quantity { Value = 10.1m, Unit = "mg/dL" });

        Assert.Null(findings.CalciumMgPerDl);
        Assert.Equal(
            [new FindingProblem("Observation/ca", FindingNames.SerumCalcium, "unit has no UCUM code", "unit 'mg/dL', system '', code ''")],
            findings.Problems);
    }

    [Theory]
    [InlineData("2.4", "mg/dL")]   // a mmol/L value labelled mg/dL
    [InlineData("10.4", "mmol/L")] // a mg/dL value labelled mmol/L
    public void Read_CalciumImplausibleForItsUnit_ProblemNotConverted(string value, string unit)
    {
        var findings = Calcium(Ucum(Dec(value), unit));

        Assert.Null(findings.CalciumMgPerDl);
        Assert.Equal($"{value} {unit}", Assert.Single(findings.Problems).ValueSeen);
    }

    [Theory]
    [InlineData("38", "g/dL")]  // a g/L value labelled g/dL
    [InlineData("3.8", "g/L")]  // a g/dL value labelled g/L
    public void Read_AlbuminImplausibleForItsUnit_ProblemNotConverted(string value, string unit) =>
        Assert.Null(Albumin(Ucum(Dec(value), unit)).AlbuminGPerDl);

    [Fact]
    public void Read_CalciumAsBound_Problem()
    {
        var quantity = Ucum(15m, "mg/dL");
        quantity.Comparator = Quantity.QuantityComparator.GreaterThan;

        var findings = Calcium(quantity);

        Assert.Null(findings.CalciumMgPerDl);
        Assert.Equal("value is a bound, not a measurement", Assert.Single(findings.Problems).Problem);
    }

    [Fact]
    public void Read_CalciumAsString_Problem() =>
        Assert.Equal("expected valueQuantity with a value", Assert.Single(Calcium(new FhirString("10.2 mg/dL")).Problems).Problem);

    [Fact]
    public void Read_MixedUnitsOverTime_NewestNormalised()
    {
        var findings = FindingsReader.Read([
            Loinc("old", ClinicalCodes.LoincCalcium, Ucum(9.8m, "mg/dL"), "2025-01-01"),
            Loinc("new", ClinicalCodes.LoincCalcium, Ucum(3.1m, "mmol/L"), "2025-02-01"),
        ]);

        Assert.Equal(12.4248m, findings.CalciumMgPerDl!.Value);
        Assert.Equal("Observation/new", findings.CalciumMgPerDl.Source);
    }
}
