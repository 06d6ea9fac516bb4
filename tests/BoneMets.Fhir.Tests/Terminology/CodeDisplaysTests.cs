using BoneMets.Fhir.Terminology;

namespace BoneMets.Fhir.Tests.Terminology;

public class CodeDisplaysTests
{
    [Theory]
    [InlineData(CodeSystems.Observation, "sins-score", "Spinal Instability Neoplastic Score")]
    [InlineData(CodeSystems.ScoreItem, "mirels-score.site", "Mirels: site")]
    [InlineData(CodeSystems.ScoreBand, "sins-indeterminate", "SINS 7-12: indeterminate (potentially unstable); spine surgical consultation recommended")]
    public void Of_ProjectCode_TheCodeSystemsDisplay(string system, string code, string display)
    {
        Assert.Equal(display, CodeDisplays.Of(system, code));
    }

    [Theory]
    [InlineData(CodeSystems.ScoreItem, "mirels-score.colour")]
    [InlineData(CodeSystems.Snomed, "94222008")]
    public void Of_CodeTheProjectDoesNotDefine_Null(string system, string code)
    {
        Assert.Null(CodeDisplays.Of(system, code));
    }

    [Fact]
    public void Concept_TheServicesWordsStayAsText()
    {
        var concept = CodeDisplays.Concept(CodeSystems.ScoreItem, "mirels-score.site", "site");

        Assert.Equal(("mirels-score.site", "Mirels: site", "site"), (concept.Coding[0].Code, concept.Coding[0].Display, concept.Text));
    }
}
