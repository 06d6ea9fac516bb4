using BoneMets.Fhir.Case;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Gather;

/// <summary>
/// The gather stage for referrals from a configured partner ("notify and pull"): one batch of searches (plus
/// next pages, plus one batch of reads for what the results reference) against the partner's FHIR API, merged
/// with the message — the message wins when both carry a resource (same type and id): it is what the referrer
/// sent and signed off. Whatever could not be had becomes a <see cref="ContextGap"/>. A referral with no
/// partner, or from a partner with no FHIR server, is gathered from the message alone.
/// </summary>
public sealed class PartnerContextSource(
    PartnerDirectory directory, PartnerCapabilities capabilities, IHttpClientFactory http, TimeProvider clock, ILogger<PartnerContextSource> logger)
    : IClinicalContextSource
{
    public async Task<ClinicalContext> GatherAsync(ReferralMessage message, CancellationToken cancellationToken)
    {
        var local = MessageLocalizer.Localize(message);
        // No partner, or one that only posts messages (no BaseUrl, ADR 0022): the message is all there is.
        if (directory.Resolve(message) is not { Options.BaseUrl: not null } partner)
        {
            return new ClinicalContext(message, local, []);
        }

        var fhir = new PartnerFhir(partner, http.CreateClient(PartnerHttp.ClientName(partner.Id)), clock);
        var caps = await capabilities.GetAsync(partner, fhir, cancellationToken);
        var (queries, planGaps) = GatherPlan.For(message, partner, caps);
        var gathered = new Gathered(partner.Options.Limits.MaxResources, local);
        gathered.Gaps.AddRange(planGaps);

        await RunAsync(fhir, caps, queries, gathered, cancellationToken);

        // What the results point at (a report's results, an observation's focus …) and nobody sent: one more batch.
        var followUps = gathered.Fetched.SelectMany(r => References(r, partner))
            .Where(read => !gathered.Has(read)).Distinct(StringComparer.Ordinal)
            .Select(read => new GatherQuery($"Referenced {read[..read.IndexOf('/', StringComparison.Ordinal)]}", read)).ToList();
        if (followUps.Count > 0)
        {
            await RunAsync(fhir, caps, followUps, gathered, cancellationToken);
        }

        Log.ContextGathered(logger, partner.Id, fhir.RoundTrips, gathered.Fetched.Count, gathered.Gaps.Count);
        return new ClinicalContext(message, [.. local, .. gathered.Fetched], gathered.Gaps);
    }

    private async Task RunAsync(PartnerFhir fhir, Capabilities caps, IReadOnlyList<GatherQuery> queries, Gathered gathered, CancellationToken cancellationToken)
    {
        if (queries.Count == 0)
        {
            return;
        }

        IReadOnlyList<FhirAnswer>? answers = null;
        if (caps.Batch && queries.Count > 1)
        {
            answers = await BatchAsync(fhir, queries, cancellationToken);
            if (answers is null)
            {
                capabilities.Downgrade(fhir.Partner, caps with { Batch = false });
            }
        }

        answers ??= await Task.WhenAll(queries.Select(q => fhir.GetAsync(q.Url, cancellationToken)));
        for (var i = 0; i < queries.Count; i++)
        {
            await AcceptAsync(fhir, queries[i], answers[i], gathered, cancellationToken);
        }
    }

    /// <summary>The entries' answers in order, or null when the server would not take the batch (fall back to GETs).</summary>
    private static async Task<IReadOnlyList<FhirAnswer>?> BatchAsync(PartnerFhir fhir, IReadOnlyList<GatherQuery> queries, CancellationToken cancellationToken)
    {
        var batch = new Bundle { Type = Bundle.BundleType.Batch };
        foreach (var query in queries)
        {
            batch.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = query.Url } });
        }

        var answer = await fhir.BatchAsync(batch, cancellationToken);
        if (answer.Resource is not Bundle { Type: Bundle.BundleType.BatchResponse } response || response.Entry.Count != queries.Count)
        {
            return null;
        }

        return response.Entry.Select(e => new FhirAnswer(StatusOf(e.Response?.Status), e.Resource)).ToList();
    }

    private async Task AcceptAsync(PartnerFhir fhir, GatherQuery query, FhirAnswer answer, Gathered gathered, CancellationToken cancellationToken)
    {
        var pages = 1;
        while (true)
        {
            if (!answer.Ok)
            {
                gathered.Gaps.Add(new ContextGap(query.What, answer.Status is >= 200 and < 300
                    ? "the partner's answer could not be read"
                    : $"the partner answered {answer.Status}{IssueCodes(answer.Resource)}"));
                return;
            }

            if (answer.Resource is not Bundle { Type: Bundle.BundleType.Searchset } page)
            {
                gathered.Add(query.What, answer.Resource!);
                return;
            }

            foreach (var entry in page.Entry)
            {
                var include = entry.Search?.Mode == Bundle.SearchEntryMode.Include;
                if (entry.Resource is { } resource && resource is not OperationOutcome && (include || query.Keep?.Invoke(resource) != false))
                {
                    gathered.Add(query.What, resource);
                }
            }

            if (page.NextLink is not { } next)
            {
                return;
            }

            if (gathered.Full)
            {
                gathered.NoteCap(query.What); // more pages exist, and there is no room for them
                return;
            }

            if (pages >= fhir.Partner.Options.Limits.MaxPages)
            {
                gathered.Gaps.Add(new ContextGap(query.What, $"more than {pages} pages of results; the rest were not gathered"));
                return;
            }

            if (fhir.Own(next.OriginalString) is not { } follow)
            {
                Log.NextLinkRefused(logger, fhir.Partner.Id, "gathering", PartnerLinks.Origin(next.OriginalString));
                gathered.Gaps.Add(new ContextGap(query.What, "the next page is outside the partner's base URL and was not followed"));
                return;
            }

            answer = await fhir.GetAsync(follow, cancellationToken);
            pages++;
        }
    }

    private static IEnumerable<string> References(Resource resource, Partner partner) => Fhir.ReferenceWalker.Walk(resource, resource.TypeName)
        .Select(r => r.Reference.Reference is { } target && !target.StartsWith('#') ? GatherPlan.AsRead(target, partner.Options.Server) : null)
        .OfType<string>()
        .Where(read => read.StartsWith("Observation/", StringComparison.Ordinal) || read.StartsWith("ImagingStudy/", StringComparison.Ordinal)
            || read.StartsWith("DiagnosticReport/", StringComparison.Ordinal) || read.StartsWith("Condition/", StringComparison.Ordinal));

    internal static int StatusOf(string? status) =>
        status is { Length: >= 3 } && int.TryParse(status.AsSpan(0, 3), out var code) ? code : 0;

    private static string IssueCodes(Resource? resource) => resource is OperationOutcome outcome && outcome.Issue.Count > 0
        ? " (" + string.Join(", ", outcome.Issue.Select(i => i.Code?.ToString() ?? "unknown")) + ")"
        : "";

    /// <summary>What one referral gathered so far, bounded by the partner's resource cap.</summary>
    private sealed class Gathered(int cap, IReadOnlyList<Resource> local)
    {
        private readonly HashSet<string> keys = local.Select(r => $"{r.TypeName}/{r.Id}").ToHashSet(StringComparer.Ordinal);
        private bool capRecorded;

        public List<Resource> Fetched { get; } = [];

        public List<ContextGap> Gaps { get; } = [];

        public bool Full => Fetched.Count >= cap;

        public bool Has(string key) => keys.Contains(key);

        public void NoteCap(string what)
        {
            if (!capRecorded)
            {
                capRecorded = true;
                Gaps.Add(new ContextGap(what, $"the per-referral cap of {cap} gathered resources was reached; the rest were not gathered"));
            }
        }

        public void Add(string what, Resource resource)
        {
            if (Full)
            {
                NoteCap(what);
                return;
            }

            // The message wins: a resource it carried is never replaced by the partner's copy.
            if (resource.Id is not null && keys.Add($"{resource.TypeName}/{resource.Id}"))
            {
                Fetched.Add(resource);
            }
        }
    }
}
