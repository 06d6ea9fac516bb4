using BoneMets.Fhir.Intake;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Intake;

public class BundleIndexTests
{
    private static readonly Patient UuidPatient = new() { Id = "p1" };
    private static readonly Patient HttpPatient = new() { Id = "p2" };
    private static readonly Practitioner OtherServerPractitioner = new() { Id = "dr1" };
    private static readonly ServiceRequest HttpServiceRequest = new() { Id = "sr1" };
    private static readonly Observation NoFullUrl = new() { Id = "o1" };

    private static readonly BundleIndex Index = new(new Bundle
    {
        Entry =
        [
            new() { FullUrl = "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001", Resource = UuidPatient },
            new() { FullUrl = "http://ehr.example.org/fhir/Patient/p2", Resource = HttpPatient },
            new() { FullUrl = "http://other.example.org/r4/Practitioner/dr1", Resource = OtherServerPractitioner },
            new() { FullUrl = "http://ehr.example.org/fhir/ServiceRequest/sr1", Resource = HttpServiceRequest },
            new() { Resource = NoFullUrl },
        ],
    });

    public static TheoryData<string, int, Resource?> Resolutions => new()
    {
        // Absolute references match a fullUrl exactly, whoever refers.
        { "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001", 3, UuidPatient },
        { "http://ehr.example.org/fhir/Patient/p2", 0, HttpPatient },
        { "http://other.example.org/r4/Practitioner/dr1", 3, OtherServerPractitioner },
        // Absolute and not in the Bundle: never guessed from type and id.
        { "urn:uuid:6f1c2d3e-0000-4000-8000-00000000ffff", 0, null },
        { "http://elsewhere.example.org/fhir/Patient/p2", 3, null },
        // Relative from an http(s) entry: against that entry's service base.
        { "Patient/p2", 3, HttpPatient },
        // Relative, not under the referrer's base: falls back to type and id.
        { "Practitioner/dr1", 3, OtherServerPractitioner },
        // Relative from a urn:uuid entry or from no entry: by type and id.
        { "Patient/p1", 0, UuidPatient },
        { "Observation/o1", -1, NoFullUrl },
        { "Patient/p2", 0, HttpPatient },
        // Type matters.
        { "Practitioner/p1", 0, null },
        { "Patient/nobody", 3, null },
        { "", 0, null },
    };

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void Resolve_Reference_FindsTheEntryFhirSays(string reference, int fromEntry, Resource? expected)
    {
        Assert.Same(expected, Index.Resolve(reference, fromEntry));
    }

    [Fact]
    public void Resolve_Null_IsNull()
    {
        Assert.Null(Index.Resolve(null, 0));
    }

    [Fact]
    public void Resolve_RelativeFromHttpEntry_PrefersTheReferrersServerOverTypeAndId()
    {
        // Two Patients with id "p": one on the referrer's server, one (listed first) from a urn:uuid entry.
        var local = new Patient { Id = "p" };
        var sameServer = new Patient { Id = "p" };
        var index = new BundleIndex(new Bundle
        {
            Entry =
            [
                new() { FullUrl = "urn:uuid:6f1c2d3e-0000-4000-8000-000000000002", Resource = local },
                new() { FullUrl = "https://b.example.org/fhir/Patient/p", Resource = sameServer },
                new() { FullUrl = "https://b.example.org/fhir/ServiceRequest/s", Resource = new ServiceRequest { Id = "s" } },
            ],
        });

        Assert.Same(sameServer, index.Resolve("Patient/p", 2));
        Assert.Same(local, index.Resolve("Patient/p", 0));
    }

    [Fact]
    public void IndexOf_ResourceInBundle_ItsEntryPosition()
    {
        Assert.Equal(3, Index.IndexOf(HttpServiceRequest));
        Assert.Equal(4, Index.IndexOf(NoFullUrl));
        Assert.Equal(-1, Index.IndexOf(new Patient { Id = "p1" }));
    }
}
