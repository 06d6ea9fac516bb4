using BoneMets.Fhir.Fhir;

namespace BoneMets.Fhir.Tests.Fhir;

public class ReferencesTests
{
    [Theory]
    [InlineData("Patient/p1", "Patient", "p1", null)]
    [InlineData("Patient/p1/_history/2", "Patient", "p1", "2")]
    [InlineData("https://ehr.example.org/fhir/Patient/p1", "Patient", "p1", null)]
    [InlineData("https://ehr.example.org/fhir/Patient/p1/_history/2", "Patient", "p1", "2")]
    [InlineData("Patient/p1/", "Patient", "p1", null)]
    [InlineData("https://ehr.example.org/fhir/Task/t1?_format=json", "Task", "t1", null)]
    public void Of_LiteralReference_TypeIdVersion(string reference, string type, string id, string? version)
    {
        var identity = References.Of(reference);

        Assert.Equal((type, id, version), (identity?.ResourceType, identity?.Id, identity?.VersionId));
    }

    [Theory]
    [InlineData("urn:uuid:6f1c2d3e-0000-4000-8000-000000000001")]
    [InlineData("#lesion-1")]
    [InlineData("Patient?identifier=http://example.org|1")]
    [InlineData("p1")]
    [InlineData("patient/p1")]
    [InlineData("Task/")]
    [InlineData("")]
    [InlineData(null)]
    public void Of_NoRestfulResource_Null(string? reference)
    {
        Assert.Null(References.Of(reference));
    }

    [Theory]
    [InlineData("Task/t1", true)]
    [InlineData("Task/t1/_history/2", false)]
    [InlineData("https://ehr.example.org/fhir/Task/t1", false)]
    [InlineData("Task/t1/", false)]
    [InlineData("Frobnicator/t1", false)]
    public void Local_OnlyExactlyTypeSlashIdOfAnR4Type(string reference, bool local)
    {
        Assert.Equal(local, References.Local(reference) is not null);
    }
}
