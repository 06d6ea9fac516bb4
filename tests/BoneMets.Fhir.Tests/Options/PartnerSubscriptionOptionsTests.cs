using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Options;

namespace BoneMets.Fhir.Tests.Options;

public sealed class PartnerSubscriptionOptionsTests
{
    private static List<string> Problems(PartnerSubscriptionOptions subscription)
    {
        var options = new GatherOptions { Partners = { ["west"] = new PartnerOptions { BaseUrl = "https://ehr.example.org/fhir", Subscription = subscription } } };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    [Fact]
    public void Validate_PollOnly_IsValidWithoutSecretOrUrl() => Assert.Empty(Problems(new PartnerSubscriptionOptions()));

    [Fact]
    public void Validate_GoodBackport_IsValid() => Assert.Empty(Problems(new PartnerSubscriptionOptions
    {
        Mode = "backport", Topic = "http://example.org/topic/referrals", Secret = "0123456789abcdef", NotificationUrl = "https://bm.example.org/notifications/west",
    }));

    [Fact]
    public void Validate_RestHookWithoutCriteriaSecretOrUrl_NamesEachEntry()
    {
        Assert.Equal(
        [
            "Gather:Partners:west:Subscription:Criteria is required when Mode is rest-hook.",
            "Gather:Partners:west:Subscription:Payload id-only exists only in the Backport IG; a rest-hook payload is empty or full-resource.",
            "Gather:Partners:west:Subscription:Secret of at least 16 characters is required when the partner notifies.",
            "Gather:Partners:west:Subscription:NotificationUrl must be the absolute http(s) URL the partner posts notifications to.",
        ], Problems(new PartnerSubscriptionOptions { Mode = "rest-hook", Secret = "short" }));
    }

    [Theory]
    [InlineData("websocket", "Mode 'websocket' must be none, rest-hook or backport.")]
    public void Validate_UnknownMode_Refused(string mode, string expected) =>
        Assert.Contains("Gather:Partners:west:Subscription:" + expected, Problems(new PartnerSubscriptionOptions { Mode = mode }));

    [Fact]
    public void Validate_PollIntervalUnderASecond_Refused() =>
        Assert.Equal(["Gather:Partners:west:Subscription:PollInterval must be at least 1 s."],
            Problems(new PartnerSubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(100) }));
}
