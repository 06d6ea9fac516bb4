using System.Globalization;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>
/// The reconciliation poll, and the recovery search when $events cannot be used: referrals on the partner's
/// server changed since the safe point minus the overlap window, every page followed, each fed into intake.
/// The safe point moves to the latest lastUpdated the partner reported (its own clock, so drift between the
/// clocks does not lose referrals) and only after the whole search was fed.
/// </summary>
public sealed class ReferralPoller(ReferralFeed feed, ISubscriptionStore store, TimeProvider clock, ILogger<ReferralPoller> logger)
{
    private const int MaxPollPages = 1000;

    public async Task<int> PollAsync(PartnerFhir partner, string reason, CancellationToken cancellationToken)
    {
        var options = partner.Partner.Options.Subscription!;
        var state = await store.StateAsync(partner.Partner.Id, cancellationToken);
        var since = (state.SafePoint ?? clock.GetUtcNow() - options.FirstPollLookback) - options.PollOverlap;
        var filter = options.ProgramFilter;
        var url = $"{filter.ResourceType}?_lastUpdated=ge{Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))}" +
            $"&_sort=_lastUpdated&_count={options.PollPageSize.ToString(CultureInfo.InvariantCulture)}&{filter.Query}";
        DateTimeOffset? latest = null;
        int seen = 0, pages = 0, offered = 0;
        Uri? following = null;
        for (var more = true; more; pages++)
        {
            if (pages >= MaxPollPages)
            {
                Log.PollFailed(logger, partner.Partner.Id, 0);
                return seen; // more pages than any overlap window should hold: the safe point stays, the next poll retries
            }

            var answer = following is null ? await partner.GetAsync(url, cancellationToken) : await partner.GetAsync(following, cancellationToken);
            if (answer.Resource is not Bundle page || !answer.Ok)
            {
                Log.PollFailed(logger, partner.Partner.Id, answer.Status);
                return seen;
            }

            foreach (var entry in page.Entry.Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match))
            {
                if (entry.Resource is not (ServiceRequest or Hl7.Fhir.Model.Task) || string.IsNullOrEmpty(entry.Resource.Id))
                {
                    continue;
                }

                var focus = NotificationReader.Absolute($"{entry.Resource.TypeName}/{entry.Resource.Id}", partner.Partner.Options.Server).Url!;
                offered += await feed.OfferAsync(partner, focus, entry.Resource.Meta?.VersionId, entry.Resource, cancellationToken) ? 1 : 0;
                seen++;
                if (entry.Resource.Meta?.LastUpdated is { } updated && (latest is null || updated > latest))
                {
                    latest = updated;
                }
            }

            more = page.NextLink is not null;
            if (more && (following = partner.Own(page.NextLink!.OriginalString)) is null)
            {
                // A link elsewhere is not followed, and what lies behind it is not known: the safe point stays, so
                // the next poll reads this range again rather than skipping it.
                Log.NextLinkRefused(logger, partner.Partner.Id, "poll", PartnerLinks.Origin(page.NextLink!.OriginalString));
                return seen;
            }
        }

        // Only now, after the last page: the whole window was fed.
        if (latest is { } moved && (state.SafePoint is null || moved > state.SafePoint))
        {
            await store.SaveStateAsync(await store.StateAsync(partner.Partner.Id, cancellationToken) with { SafePoint = moved }, cancellationToken);
        }
        else if (state.SafePoint is null)
        {
            await store.SaveStateAsync(await store.StateAsync(partner.Partner.Id, cancellationToken) with { SafePoint = since + options.PollOverlap }, cancellationToken);
        }

        Log.PollCompleted(logger, partner.Partner.Id, reason, seen, pages, offered, seen - offered);
        return seen;
    }
}
