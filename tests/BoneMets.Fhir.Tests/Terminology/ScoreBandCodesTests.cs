using System.Reflection;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Scores;

namespace BoneMets.Fhir.Tests.Terminology;

public class ScoreBandCodesTests
{
    /// <summary>Every published band declared in Triage/Scores, with the score prefix its Observation uses.</summary>
    public static TheoryData<string, string> Bands()
    {
        var prefixes = new Dictionary<Type, string>
        {
            [typeof(Mirels)] = ScoreBandCodes.Mirels,
            [typeof(Sins)] = ScoreBandCodes.Sins,
            [typeof(BilskyEscc)] = ScoreBandCodes.Escc,
            [typeof(Noms)] = ScoreBandCodes.Noms,
            [typeof(TokuhashiRevised)] = ScoreBandCodes.Tokuhashi,
            [typeof(Nesms)] = ScoreBandCodes.Nesms,
            [typeof(ModifiedBauer)] = ScoreBandCodes.ModifiedBauer,
            [typeof(CorrectedCalcium)] = ScoreBandCodes.Calcium,
            [typeof(CtcaeHypercalcemia)] = ScoreBandCodes.Ctcae,
        };
        var data = new TheoryData<string, string>();
        foreach (var (type, prefix) in prefixes)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(ScoreBand)))
            {
                data.Add(prefix, ((ScoreBand)field.GetValue(null)!).Code);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Bands))]
    public void Of_EveryPublishedBand_HasACodeInTheCodeSystem(string score, string band)
    {
        Assert.Contains(ScoreBandCodes.Of(score, band), ScoreBandCodes.All);
    }

    [Fact]
    public void All_HoldsNoCodeWithoutABand()
    {
        var codes = Bands().Select(row => ScoreBandCodes.Of((string)row[0], (string)row[1])).ToHashSet();

        Assert.Equal(ScoreBandCodes.All.Order(), codes.Order());
    }

    [Theory]
    [InlineData("nesms", "nesms-3", "nesms-3")]
    [InlineData("ctcae", "grade-4", "ctcae-grade-4")]
    [InlineData("sins", "unstable", "sins-unstable")]
    public void Of_PrefixesOnce(string score, string band, string code)
    {
        Assert.Equal(code, ScoreBandCodes.Of(score, band));
    }

    [Fact]
    public void Of_UnknownBand_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreBandCodes.Of("mirels", "fix-everything"));
    }
}
