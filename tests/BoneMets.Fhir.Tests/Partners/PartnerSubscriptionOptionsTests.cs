using System.ComponentModel.DataAnnotations;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Partners;

public sealed class PartnerSubscriptionOptionsTests
{
    private static List<string> Problems(PartnerSubscriptionOptions subscription)
    {
        var options = new PartnersOptions { ["west"] = new PartnerOptions { BaseUrl = "https://ehr.example.org/fhir", Subscription = subscription } };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    private const string Filter = "ServiceRequest?performer=Organization/bonemets";

    [Fact]
    public void Validate_PollOnly_IsValidWithoutSecretOrUrl() => Assert.Empty(Problems(new PartnerSubscriptionOptions { Filter = Filter }));

    [Fact]
    public void Validate_GoodBackport_IsValid() => Assert.Empty(Problems(new PartnerSubscriptionOptions
    {
        Mode = "backport", Filter = Filter, Topic = "http://example.org/topic/referrals", Secret = "0123456789abcdef", NotificationUrl = "https://bm.example.org/notifications/west",
    }));

    [Fact]
    public void Validate_RestHookWithoutFilterSecretOrUrl_NamesEachEntry()
    {
        Assert.Equal(
        [
            "Partners:west:Subscription:Filter is required: the search that selects referrals addressed to this program, e.g. ServiceRequest?performer=Organization/bonemets.",
            "Partners:west:Subscription:Payload id-only exists only in the Backport IG; a rest-hook payload is empty or full-resource.",
            "Partners:west:Subscription:Secret of at least 16 characters is required when the partner notifies.",
            "Partners:west:Subscription:NotificationUrl must be the absolute http(s) URL the partner posts notifications to.",
        ], Problems(new PartnerSubscriptionOptions { Mode = "rest-hook", Secret = "short" }));
    }

    [Theory]
    [InlineData("websocket", "Mode 'websocket' must be none, rest-hook or backport.")]
    public void Validate_UnknownMode_Refused(string mode, string expected) =>
        Assert.Contains("Partners:west:Subscription:" + expected, Problems(new PartnerSubscriptionOptions { Mode = mode }));

    [Fact]
    public void Validate_PollIntervalUnderASecond_Refused() =>
        Assert.Equal(["Partners:west:Subscription:PollInterval must be at least 1 s."],
            Problems(new PartnerSubscriptionOptions { Filter = Filter, PollInterval = TimeSpan.FromMilliseconds(100) }));

    [Fact]
    public void Validate_OldKeys_RefusedNamingTheNewOne()
    {
        var problems = Problems(new PartnerSubscriptionOptions
        {
            Filter = Filter, Criteria = Filter, FilterCriteria = [Filter], PollFilter = "performer=Organization/bonemets",
        });

        Assert.Equal(["Criteria", "FilterCriteria", "PollFilter"], problems.Select(p => p.Split(' ')[0].Split(':')[^1]));
        Assert.All(problems, p => Assert.Contains("is no longer read: put the one search that selects referrals addressed to this program in Partners:west:Subscription:Filter", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("performer=Organization/bonemets", "must be a ServiceRequest or Task search")]
    [InlineData("ServiceRequest?status=active", "must name the program as the referral's performer")]
    [InlineData("Task?performer=Organization/bonemets", "must name the program as the referral's owner")]
    [InlineData("Patient?organization=Organization/bonemets", "must be a ServiceRequest or Task search")]
    public void Validate_FilterNotAddressingTheProgram_Refused(string filter, string expected) =>
        Assert.Contains(Problems(new PartnerSubscriptionOptions { Filter = filter }), p => p.StartsWith($"Partners:west:Subscription:Filter '{filter}' {expected}", StringComparison.Ordinal));

    [Fact]
    public void Validate_PollResourceOtherThanTheFiltersType_Refused() =>
        Assert.Equal(["Partners:west:Subscription:PollResource 'Task' must be the Filter's type (ServiceRequest), or left out."],
            Problems(new PartnerSubscriptionOptions { Filter = Filter, PollResource = "Task" }));

    [Fact]
    public void Validate_PollPageSizeHeartbeatGraceAndReorderWindowOutOfRange_Refused() =>
        Assert.Equal(
            [
                "Partners:west:Subscription:PollPageSize must be between 1 and 1000.", "Partners:west:Subscription:HeartbeatGrace must not be negative.",
                "Partners:west:Subscription:ReorderWindow must not be negative.",
            ],
            Problems(new PartnerSubscriptionOptions { Filter = Filter, PollPageSize = 0, HeartbeatGrace = TimeSpan.FromSeconds(-1), ReorderWindow = TimeSpan.FromSeconds(-1) }));
}
