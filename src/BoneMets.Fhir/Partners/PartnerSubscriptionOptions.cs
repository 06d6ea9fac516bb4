namespace BoneMets.Fhir.Partners;

/// <summary>
/// How a partner's referrals reach the service without a message: a FHIR Subscription on the partner's server
/// and, always, a reconciliation poll. Entry "Partners:{id}:Subscription". A partner without this section
/// is only gathered from; with it and Mode "none", polling is the intake.
/// </summary>
public sealed class PartnerSubscriptionOptions
{
    public const string None = "none";
    public const string RestHook = "rest-hook";
    public const string Backport = "backport";

    /// <summary>none | rest-hook (R4 core criteria) | backport (Subscriptions R5 Backport IG topic). Default none.</summary>
    public string Mode { get; set; } = None;

    /// <summary>
    /// Required: the one search that selects the referrals addressed to this program, e.g.
    /// "ServiceRequest?performer=Organization/bonemets" or "Task?owner=Organization/bonemets". It is the rest-hook
    /// criteria, the Backport backport-filter-criteria and the poll's search (its type is what is polled), and every
    /// fetched referral is checked against it (performer, or the Task's owner).
    /// </summary>
    public string? Filter { get; set; }

    /// <summary>No longer read (issue 20): refused at startup in favour of <see cref="Filter"/>.</summary>
    public string? Criteria { get; set; }

    /// <summary>backport: the SubscriptionTopic canonical URL.</summary>
    public string? Topic { get; set; }

    /// <summary>No longer read (issue 20): refused at startup in favour of <see cref="Filter"/>.</summary>
    public List<string> FilterCriteria { get; set; } = [];

    /// <summary>empty | id-only | full-resource. Default id-only: no PHI on the wire, and the version is fetched anyway.</summary>
    public string Payload { get; set; } = "id-only";

    /// <summary>backport: how often the server sends a heartbeat. Default 5 min.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// backport: how late a heartbeat may be before recovery searches: no contact for HeartbeatPeriod plus this is
    /// overdue (then a search every HeartbeatPeriod while silence lasts). Default 3 s, so a notification lost in an
    /// outage is found within a heartbeat period plus 5 s.
    /// </summary>
    public TimeSpan HeartbeatGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// backport: how long after the event counter last moved up a lower count is taken for a late copy of earlier
    /// events (servers retry without order), not a restarted numbering. Default 2 min.
    /// </summary>
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The HTTP header the partner sends the secret in (channel.header). Default "X-Subscription-Secret".</summary>
    public string SecretHeader { get; set; } = "X-Subscription-Secret";

    /// <summary>The shared secret the partner must send; required unless Mode is none. At least 16 characters.</summary>
    public string? Secret { get; set; }

    /// <summary>Where the partner reaches this service: the public URL of POST /notifications/{id}. Required unless Mode is none.</summary>
    public string? NotificationUrl { get; set; }

    /// <summary>How often the Subscription's status is read and, when error or off, repaired. Default 5 min.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Optional; the poll searches the <see cref="Filter"/>'s type. When set, it must be that type.</summary>
    public string? PollResource { get; set; }

    /// <summary>No longer read (issue 20): refused at startup in favour of <see cref="Filter"/>.</summary>
    public string? PollFilter { get; set; }

    /// <summary>How many referrals the poll asks for per page (_count); every page is followed. Default 100, 1–1000.</summary>
    public int PollPageSize { get; set; } = 100;

    /// <summary>How often the reconciliation poll runs, even while notifications flow. Default 15 min.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far before the safe point each poll reaches back (search caches, clock drift). Default 5 min.</summary>
    public TimeSpan PollOverlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back the very first poll reaches. Default 1 day.</summary>
    public TimeSpan FirstPollLookback { get; set; } = TimeSpan.FromDays(1);

    public bool Subscribes => Mode != None;

    /// <summary>The <see cref="Filter"/>, parsed (validated at startup, so present once the service runs).</summary>
    internal ProgramFilter ProgramFilter => ProgramFilter.Parse(Filter).Filter
        ?? throw new InvalidOperationException("Filter was validated at startup.");

    internal IEnumerable<string> Problems(string at)
    {
        if (Mode is not (None or RestHook or Backport)) yield return $"{at}:Mode '{Mode}' must be none, rest-hook or backport.";
        if (Payload is not ("empty" or "id-only" or "full-resource")) yield return $"{at}:Payload '{Payload}' must be empty, id-only or full-resource.";
        foreach (var old in new[] { (nameof(Criteria), Criteria is not null), (nameof(FilterCriteria), FilterCriteria.Count > 0), (nameof(PollFilter), PollFilter is not null) }.Where(o => o.Item2))
        {
            yield return $"{at}:{old.Item1} is no longer read: put the one search that selects referrals addressed to this program in {at}:Filter (e.g. ServiceRequest?performer=Organization/bonemets); it is the subscription's criteria or filter and the poll's search.";
        }

        var (filter, problem) = ProgramFilter.Parse(Filter);
        if (Filter is null) yield return $"{at}:Filter is required: the search that selects referrals addressed to this program, e.g. ServiceRequest?performer=Organization/bonemets.";
        else if (problem is not null) yield return $"{at}:Filter '{Filter}' {problem}.";
        if (PollResource is not null && filter is not null && PollResource != filter.ResourceType) yield return $"{at}:PollResource '{PollResource}' must be the Filter's type ({filter.ResourceType}), or left out.";
        if (PollInterval < TimeSpan.FromSeconds(1)) yield return $"{at}:PollInterval must be at least 1 s.";
        if (PollPageSize is < 1 or > 1000) yield return $"{at}:PollPageSize must be between 1 and 1000.";
        if (PollOverlap < TimeSpan.Zero) yield return $"{at}:PollOverlap must not be negative.";
        if (FirstPollLookback < TimeSpan.Zero) yield return $"{at}:FirstPollLookback must not be negative.";
        if (CheckInterval < TimeSpan.FromSeconds(1)) yield return $"{at}:CheckInterval must be at least 1 s.";
        if (HeartbeatGrace < TimeSpan.Zero) yield return $"{at}:HeartbeatGrace must not be negative.";
        if (ReorderWindow < TimeSpan.Zero) yield return $"{at}:ReorderWindow must not be negative.";
        if (HeartbeatPeriod < TimeSpan.FromSeconds(1)) yield return $"{at}:HeartbeatPeriod must be at least 1 s.";
        if (!Subscribes)
        {
            yield break;
        }

        if (Mode == Backport && !Uri.TryCreate(Topic, UriKind.Absolute, out _)) yield return $"{at}:Topic must be the SubscriptionTopic's canonical URL when Mode is backport.";
        if (Mode == RestHook && Payload == "id-only") yield return $"{at}:Payload id-only exists only in the Backport IG; a rest-hook payload is empty or full-resource.";
        if (Secret is not { Length: >= 16 }) yield return $"{at}:Secret of at least 16 characters is required when the partner notifies.";
        if (string.IsNullOrWhiteSpace(SecretHeader) || !SecretHeader.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) yield return $"{at}:SecretHeader must be an HTTP header name.";
        if (!Uri.TryCreate(NotificationUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{at}:NotificationUrl must be the absolute http(s) URL the partner posts notifications to.";
        }
    }
}
