using BoneMets.Fhir.Store;
using BoneMets.Fhir.WriteBack;

namespace BoneMets.Fhir.Tests.Store;

/// <summary>The placer's Task is recognised on the partner's write-back base by URL, not by string prefix.</summary>
public sealed class DeliveryPayloadsTests
{
    [Theory]
    [InlineData("https://ehr.example.org/fhir/Task/42", "https://ehr.example.org/fhir", "Task/42")]
    [InlineData("HTTPS://EHR.Example.org/fhir/Task/42", "https://ehr.example.org/fhir", "Task/42")]
    [InlineData("https://ehr.example.org:443/fhir/Task/42", "https://ehr.example.org/fhir", "Task/42")]
    [InlineData("https://ehr.example.org/fhir/Task/42", "https://ehr.example.org:443/fhir/", "Task/42")]
    [InlineData("https://ehr.example.org/fhir/Task/42/_history/3", "https://ehr.example.org/fhir", "Task/42")]
    [InlineData("https://ehr.example.org/fhir2/Task/42", "https://ehr.example.org/fhir", null)]
    [InlineData("https://ehr.example.org:8443/fhir/Task/42", "https://ehr.example.org/fhir", null)]
    [InlineData("http://ehr.example.org/fhir/Task/42", "https://ehr.example.org/fhir", null)]
    [InlineData("urn:uuid:6f1e4c1e-0000-4000-8000-000000000042", "https://ehr.example.org/fhir", null)]
    [InlineData("https://ehr.example.org/fhir/Task", "https://ehr.example.org/fhir", null)]
    public void OnBase_FullUrlAgainstTheWriteBackBase_ComparedAsUrls(string fullUrl, string fhirBase, string? expected)
    {
        Assert.Equal(expected, DeliveryPayloads.OnBase(fullUrl, fhirBase));
    }
}
