using BoneMets.Fhir.Triage.Findings;

namespace BoneMets.Fhir.Tests.Triage.Findings;

public class PrimarySiteTests
{
    [Theory]
    [InlineData("C50.911", PrimarySite.Breast)]
    [InlineData("C61", PrimarySite.Prostate)]
    [InlineData("C34.90", PrimarySite.Lung)]
    [InlineData("C64.1", PrimarySite.Kidney)]
    [InlineData("C65.9", PrimarySite.Kidney)]
    [InlineData("C90.00", PrimarySite.Myeloma)]
    [InlineData("C73", PrimarySite.Thyroid)]
    [InlineData("C20", PrimarySite.Rectum)]
    [InlineData("C18.7", PrimarySite.Colon)]
    [InlineData("C19", PrimarySite.Colon)]
    [InlineData("C43.9", PrimarySite.Melanoma)]
    [InlineData("C81.90", PrimarySite.Lymphoma)]
    [InlineData("C85.90", PrimarySite.Lymphoma)]
    [InlineData("C88.0", PrimarySite.Lymphoma)]
    [InlineData("C16.9", PrimarySite.Stomach)]
    [InlineData("C15.9", PrimarySite.Oesophagus)]
    [InlineData("C25.9", PrimarySite.Pancreas)]
    [InlineData("C22.0", PrimarySite.Liver)]
    [InlineData("C23", PrimarySite.GallbladderOrBiliary)]
    [InlineData("C24.0", PrimarySite.GallbladderOrBiliary)]
    [InlineData("C67.9", PrimarySite.Bladder)]
    [InlineData("C53.9", PrimarySite.Uterus)]
    [InlineData("C54.1", PrimarySite.Uterus)]
    [InlineData("C55", PrimarySite.Uterus)]
    [InlineData("C80.1", PrimarySite.Unknown)]
    [InlineData("C7A.00", PrimarySite.Carcinoid)]
    [InlineData("C40.20", PrimarySite.Bone)]
    [InlineData("C41.9", PrimarySite.Bone)]
    [InlineData("C62.90", PrimarySite.Testis)]
    [InlineData("C71.9", PrimarySite.Other)]
    [InlineData("C56.9", PrimarySite.Other)]
    [InlineData("C80", PrimarySite.Unknown)]
    [InlineData("C50911", PrimarySite.Breast)]
    public void Classify_PrimaryCodes_MapByCategory(string code, PrimarySite site)
    {
        Assert.Equal(CancerCodeKind.Primary, PrimaryCancerCodes.Classify(code, out var read));
        Assert.Equal(site, read);
    }

    [Theory]
    [InlineData("C79.51")]
    [InlineData("C79.52")]
    [InlineData("C78.00")]
    [InlineData("C77.9")]
    [InlineData("C7B.03")]
    public void Classify_SecondaryCodes_AreSecondary(string code) =>
        Assert.Equal(CancerCodeKind.Secondary, PrimaryCancerCodes.Classify(code, out _));

    [Theory]
    [InlineData("G95.20")]
    [InlineData("M84.58XA")]
    [InlineData("D05.10")]
    [InlineData("c50.9")]
    [InlineData("C")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("C98")]
    [InlineData("C7C")]
    public void Classify_NotACancerCode_IsNotCancer(string? code) =>
        Assert.Equal(CancerCodeKind.NotCancer, PrimaryCancerCodes.Classify(code, out _));
}
