using BoneMets.Fhir.Options;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace BoneMets.Fhir.Tests.Options;

public class ProgramDirectoryTests
{
    private static readonly IReadOnlyList<Resource> Resources = new ProgramDirectory(new ProgramOptions { Name = "Test Program" }).Resources();

    [Fact]
    public void Resources_OrganizationDeviceTwoLocationsAndFiveTeams()
    {
        Assert.Equal(
            [
                "Organization/bonemets-program", "Device/bonemets-fhir", "Location/bonemets-clinic", "Location/bonemets-virtual",
                "HealthcareService/orthopaedic-oncology", "HealthcareService/neurosurgical-spine", "HealthcareService/radiation-oncology",
                "HealthcareService/interventional-radiology", "HealthcareService/medical-oncology",
            ],
            Resources.Select(r => $"{r.TypeName}/{r.Id}"));
        Assert.Equal("Test Program", Resources.OfType<Organization>().Single().Name);
    }

    [Theory]
    [InlineData("orthopaedic-oncology", null)]
    [InlineData("neurosurgical-spine", "207T00000X")]
    [InlineData("radiation-oncology", "2085R0001X")]
    [InlineData("interventional-radiology", "2085R0204X")]
    [InlineData("medical-oncology", "207RX0202X")]
    public void Resources_Team_NuccSpecialtyWhereOneExists(string team, string? nucc)
    {
        var service = Resources.OfType<HealthcareService>().Single(s => s.Id == team);

        Assert.Equal(nucc, service.Specialty.SingleOrDefault()?.Coding.Single().Code);
        Assert.Equal("Organization/bonemets-program", service.ProvidedBy?.Reference);
    }

    [Theory]
    [InlineData("bonemets-clinic", "bu")]
    [InlineData("bonemets-virtual", "vi")]
    public void Resources_Location_PhysicalType(string id, string code)
    {
        Assert.Equal(code, Resources.OfType<Location>().Single(l => l.Id == id).PhysicalType?.Coding.Single().Code);
    }

    [Fact]
    public void Resources_All_PassFirelyValidation()
    {
        Assert.All(Resources, r => Assert.Empty(r.Validate(NarrativeValidationKind.FhirXhtml)));
    }
}
