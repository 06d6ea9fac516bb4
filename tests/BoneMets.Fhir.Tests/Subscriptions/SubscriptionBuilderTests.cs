using BoneMets.Fhir.Options;
using BoneMets.Fhir.Subscriptions;
using Hl7.Fhir.Model;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Subscriptions;

public sealed class SubscriptionBuilderTests
{
    private static PartnerSubscriptionOptions Options(string mode) => new()
    {
        Mode = mode, Filter = "ServiceRequest?performer=Organization/bm", Topic = "http://example.org/topic/referrals", Payload = mode == "backport" ? "id-only" : "empty",
        Secret = "0123456789abcdef-secret", NotificationUrl = "https://bonemets.example.org/notifications/west", HeartbeatPeriod = TimeSpan.FromMinutes(2),
    };

    [Fact]
    public void Build_RestHook_R4CriteriaEndpointAndSecretHeader()
    {
        var subscription = SubscriptionBuilder.Build(Options("rest-hook"));

        Assert.Equal(("ServiceRequest?performer=Organization/bm", Subscription.SubscriptionChannelType.RestHook, null),
            (subscription.Criteria, subscription.Channel.Type, subscription.Channel.Payload));
        Assert.Equal(["X-Subscription-Secret: 0123456789abcdef-secret"], subscription.Channel.Header);
        Assert.Equal(Subscription.SubscriptionStatus.Requested, subscription.Status);
    }

    [Fact]
    public void Build_Backport_TopicFilterPayloadContentAndHeartbeat()
    {
        var subscription = SubscriptionBuilder.Build(Options("backport"));

        Assert.Equal("http://example.org/topic/referrals", subscription.Criteria);
        Assert.Contains(SubscriptionBuilder.BackportProfile, subscription.Meta.Profile);
        Assert.Equal("ServiceRequest?performer=Organization/bm",
            subscription.CriteriaElement.GetExtensionValue<FhirString>("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria").Value);
        Assert.Equal("id-only",
            subscription.Channel.PayloadElement.GetExtensionValue<Code>("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content").Value);
        Assert.Equal(120,
            subscription.Channel.GetExtensionValue<UnsignedInt>("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period").Value);
    }

    [Fact]
    public void IsOurs_SameEndpointOtherCriteria_NotAdopted()
    {
        var options = Options("rest-hook");
        var found = SubscriptionBuilder.Build(options);
        found.Criteria = "ServiceRequest?status=active";

        Assert.False(SubscriptionBuilder.IsOurs(found, options));
        Assert.True(SubscriptionBuilder.IsOurs(SubscriptionBuilder.Build(options), options));
    }

    [Theory]
    [InlineData("rest-hook", "HTTPS://BoneMets.Example.org:443/notifications/west/", "ServiceRequest?performer=Organization%2Fbm")]
    [InlineData("rest-hook", "https://bonemets.example.org/notifications/west", "ServiceRequest?performer=Organization/bm&status=active", false)]
    [InlineData("rest-hook", "https://bonemets.example.org/notifications/east", "ServiceRequest?performer=Organization/bm", false)]
    [InlineData("backport", "https://bonemets.example.org/notifications/west/", "HTTP://EXAMPLE.org/topic/referrals")]
    [InlineData("backport", "https://bonemets.example.org/notifications/west", "http://example.org/topic/other", false)]
    public void IsOurs_AsTheServerNormalisedIt_AdoptedOnlyWhenTheSame(string mode, string endpoint, string criteria, bool ours = true)
    {
        var options = Options(mode);
        var found = SubscriptionBuilder.Build(options);
        found.Channel.Endpoint = endpoint;
        found.Criteria = criteria;

        Assert.Equal(ours, SubscriptionBuilder.IsOurs(found, options));
    }

    [Theory]
    [InlineData("ServiceRequest?performer=Organization/bm&status=active", "ServiceRequest?status=active&performer=Organization%2Fbm", true)]
    [InlineData("ServiceRequest?performer=Organization/bm", "Task?performer=Organization/bm", false)]
    [InlineData("ServiceRequest?performer=Organization/bm", "ServiceRequest?performer=Organization/other", false)]
    public void SameSearch_ParameterOrderAndEscaping_DoNotMatter(string a, string b, bool same) => Assert.Equal(same, SubscriptionBuilder.SameSearch(a, b));

    [Fact]
    public void IsOurs_BackportFilterTheServerKeptDiffers_NotAdopted()
    {
        var options = Options("backport");
        var found = SubscriptionBuilder.Build(options);
        found.CriteriaElement.Extension[0].Value = new FhirString("ServiceRequest?performer=Organization/other");

        Assert.False(SubscriptionBuilder.IsOurs(found, options));
    }
}
