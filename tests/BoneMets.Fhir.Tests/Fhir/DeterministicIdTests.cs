using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Fhir;

public class DeterministicIdTests
{
    [Fact]
    public void For_SameKeyAndRole_SameValidFhirId()
    {
        var id = DeterministicId.For("identifier|http://example.org|R-1", "task");

        Assert.Equal(id, DeterministicId.For("identifier|http://example.org|R-1", "task"));
        Assert.Matches("^bm-[0-9a-f]{32}$", id);
        Assert.True(Id.IsValidValue(id));
    }

    [Theory]
    [InlineData("key", "task", "key", "appointment")]
    [InlineData("key-1", "task", "key-2", "task")]
    [InlineData("identifier|http://a|1", "task", "identifier|http://b|1", "task")]
    public void For_DifferentKeyOrRole_DifferentId(string key1, string role1, string key2, string role2)
    {
        Assert.NotEqual(DeterministicId.For(key1, role1), DeterministicId.For(key2, role2));
    }
}
