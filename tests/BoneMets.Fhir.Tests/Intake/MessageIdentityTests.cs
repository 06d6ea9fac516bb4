using System.Text;
using System.Text.Json.Nodes;
using BoneMets.Fhir.Intake;

namespace BoneMets.Fhir.Tests.Intake;

public sealed class MessageIdentityTests
{
    private static MessageIdentity? Read(string json) => MessageIdentity.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Read_Sample01_BundleIdHeaderIdAndSender()
    {
        var identity = Read(Samples.Referral("01"));

        Assert.NotNull(identity);
        Assert.Equal(("6d879b5b-bfbf-4105-a2f6-7362b3f8c183", "70d70608-59ed-4d12-a074-1a40667da695", "urn:uuid:6e36fd75-ce9c-4492-a5de-87f2c3dfc6a9"),
            (identity.BundleId, identity.HeaderId, identity.Sender));
        Assert.Equal(64, identity.ContentHash.Length);
    }

    [Fact]
    public void Read_SameMessageReindented_SameContentHash()
    {
        var json = Samples.Referral("01");
        var compact = JsonNode.Parse(json)!.ToJsonString();

        Assert.NotEqual(json, compact);
        Assert.Equal(Read(json)!.ContentHash, Read(compact)!.ContentHash);
    }

    [Fact]
    public void Read_OnlyTheBundleTimestampChanged_SameContentHash()
    {
        var json = Samples.Referral("01");
        var resent = json.Replace("\"timestamp\": \"2025-11-03T14:07:31-05:00\"", "\"timestamp\": \"2025-11-04T09:00:00-05:00\"", StringComparison.Ordinal);

        Assert.NotEqual(json, resent);
        Assert.Equal(Read(json)!.ContentHash, Read(resent)!.ContentHash);
    }

    [Fact]
    public void Read_EscapedAndLiteralText_SameContentHash()
    {
        const string literal = "{\"resourceType\":\"Bundle\",\"id\":\"b\",\"entry\":[{\"resource\":{\"resourceType\":\"MessageHeader\",\"id\":\"h\",\"x\":\"caf\u00e9\"}}]}";
        var escaped = literal.Replace("caf\u00e9", "caf\\u00e9", StringComparison.Ordinal);

        Assert.NotEqual(literal, escaped);
        Assert.Equal(Read(literal)!.ContentHash, Read(escaped)!.ContentHash);
    }

    [Theory]
    [InlineData("\"REF-2025-04417\"", "\"REF-2025-04418\"")] // a value deep in an entry
    [InlineData("\"status\": \"requested\"", "\"statuz\": \"requested\"")] // a name
    [InlineData("\"type\": \"message\"", "\"type\": \"message\", \"total\": 1")] // an element added
    public void Read_ContentChanged_SameIdsDifferentHash(string from, string to)
    {
        var json = Samples.Referral("01");
        var changed = json.Replace(from, to, StringComparison.Ordinal);

        Assert.NotEqual(json, changed);
        var (a, b) = (Read(json)!, Read(changed)!);
        Assert.Equal((a.BundleId, a.HeaderId), (b.BundleId, b.HeaderId));
        Assert.NotEqual(a.ContentHash, b.ContentHash);
    }

    [Fact]
    public void Read_ReferencesOnlyMessage_IdsWithoutSender()
    {
        var identity = Read(Samples.Referral("11-references-only-service-request.json"));

        Assert.Equal(("1c40a784-b6e1-579a-b6c6-4776efbfc4de", "f5ca5a6b-a069-536d-995d-d56f696b54fb", null),
            (identity?.BundleId, identity?.HeaderId, identity?.Sender));
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Patient\",\"id\":\"p\"}")] // not a Bundle
    [InlineData("{\"resourceType\":\"Bundle\",\"id\":\"b\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"h\"}}]}")] // first entry not a MessageHeader
    [InlineData("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"MessageHeader\",\"id\":\"h\"}}]}")] // no Bundle.id
    [InlineData("{\"resourceType\":\"Bundle\",\"id\":\"b\",\"entry\":[{\"resource\":{\"resourceType\":\"MessageHeader\"}}]}")] // no MessageHeader.id
    [InlineData("{\"resourceType\":\"Bundle\",\"id\":\"b\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}},{\"resource\":{\"resourceType\":\"MessageHeader\",\"id\":\"h\"}}]}")] // header not first
    [InlineData("{\"resourceType\":\"Bundle\",\"id\":")] // not JSON
    [InlineData("{\"resourceType\":\"Bundle\",\"id\":\"b\\ud800\",\"entry\":[{\"resource\":{\"resourceType\":\"MessageHeader\",\"id\":\"h\"}}]}")] // a lone surrogate
    public void Read_NotARecognisableMessage_Null(string json) => Assert.Null(Read(json));
}
