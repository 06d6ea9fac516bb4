using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store;

/// <summary>The stored JSON made from one serialization must be exactly what Firely writes for the versioned resource.</summary>
public sealed class StoredJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 16, 9, 30, 12, 345, TimeSpan.Zero);

    public static TheoryData<string> Samples => Tests.Samples.ReferralData();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task WithVersion_EveryResourceOfASamplesWriteBack_EqualsSerializingTheVersionedResource(string name)
    {
        var planned = await Stages.PlanAsync(name);
        var lastUpdated = StoredJson.Instant(Now);

        foreach (var resource in planned.Plan.All)
        {
            var bare = StoredJson.Bare(resource);
            var expected = (Resource)resource.DeepCopy();
            expected.Meta ??= new Meta();
            expected.Meta.VersionId = "7";
            expected.Meta.LastUpdated = Now;

            Assert.Equal(FhirJson.Serialize(expected), StoredJson.WithVersion(bare, resource.TypeName, resource.Id, 7, lastUpdated));
        }
    }

    [Fact]
    public void WithVersion_MetaWithProfileAndOldVersion_VersionReplacedProfileKept()
    {
        var patient = new Patient { Id = "p1", Meta = new Meta { VersionId = "3", LastUpdated = Now.AddDays(-1), Profile = ["http://example.org/p"] }, Active = true };

        var bare = StoredJson.Bare(patient);
        var json = StoredJson.WithVersion(bare, "Patient", "p1", 4, StoredJson.Instant(Now));

        Assert.DoesNotContain("versionId", bare, StringComparison.Ordinal);
        Assert.Equal("3", patient.Meta.VersionId); // Bare leaves the resource as it was
        var stored = FhirJson.Parse<Patient>(json!);
        Assert.Equal(("4", Now, "http://example.org/p", true), (stored.Meta.VersionId, stored.Meta.LastUpdated, stored.Meta.Profile.Single(), stored.Active));
    }

    [Fact]
    public void WithVersion_NotTheExpectedShape_NullSoTheCallerSerializes() =>
        Assert.Null(StoredJson.WithVersion("{\"resourceType\":\"Patient\",\"active\":true}", "Patient", "p1", 1, StoredJson.Instant(Now)));
}
