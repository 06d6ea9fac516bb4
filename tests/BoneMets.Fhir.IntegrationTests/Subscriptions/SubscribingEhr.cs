using System.Globalization;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Tests.Gather;
using BoneMets.Fhir.Testing;
using Hl7.Fhir.Model;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.Types;
using WireMock.Util;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Subscriptions;

/// <summary>
/// A referring EHR that exposes referrals on its FHIR server and notifies subscribers (Backport IG, id-only): the
/// referrals of <see cref="ReferringEhr"/>, plus Subscription create/read/search/update, numbered events with
/// $events (switchable), and a _lastUpdated search that pages. Which notifications reach the service — dropped,
/// duplicated, reordered — is the test's to decide: <see cref="Events"/> holds every notification it would send.
/// </summary>
public sealed class SubscribingEhr : IDisposable
{
    public const string Topic = "http://example.org/SubscriptionTopic/referrals";
    public const string PageSize = "4";

    /// <summary>The program on this server: its referrals name it as performer (the partner's Filter selects them).</summary>
    public const string Program = "Organization/bonemets";
    public const string Filter = "ServiceRequest?performer=" + Program;
    private readonly object gate = new();
    private readonly List<ServiceRequest> referrals = [];
    private readonly List<string> searches = []; // a paged search's _lastUpdated, by its id (the index), as HAPI keeps them
    private readonly ReferralMessage template = ReferralMessageReader.Read(FhirJson.Parse<Bundle>(Samples.Referral("08-prostate-thin-referral.json"))).Message!;
    private readonly ServiceRequest localized;
    private Subscription? subscription;
    private DateTimeOffset clock = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public SubscribingEhr()
    {
        Ehr.WithReferralOf(template, withoutTask: true);
        localized = (ServiceRequest)Ehr.Get<ServiceRequest>(template.ServiceRequest.Id!).DeepCopy();
        Ehr.Remove($"ServiceRequest/{template.ServiceRequest.Id}"); // the test adds the referrals it wants
        var server = Ehr.Server;
        server.Given(Request.Create().WithPath("/fhir/Subscription").UsingPost()).AtPriority(-1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(r => Create(FhirJson.Parse<Subscription>(r.Body!))));
        server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/fhir/Subscription/[^/$]+$")).UsingPut()).AtPriority(-1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(r => Update(FhirJson.Parse<Subscription>(r.Body!))));
        server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/fhir/Subscription/[^/$]+$")).UsingGet()).AtPriority(-1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(_ => Read()));
        server.Given(Request.Create().WithPath("/fhir/Subscription").UsingGet()).AtPriority(-1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(_ => Search()));
        server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/fhir/Subscription/[^/]+/\$events$")).UsingGet()).AtPriority(-1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(r => EventsBetween(
                long.Parse(r.Query!["eventsSinceNumber"][0], CultureInfo.InvariantCulture), long.Parse(r.Query!["eventsUntilNumber"][0], CultureInfo.InvariantCulture))));
        foreach (var path in new[] { "/fhir/ServiceRequest", "/fhir/ServiceRequest/_search" })
        {
            server.Given(Request.Create().WithPath(path).WithParam("_lastUpdated").UsingGet()).AtPriority(-1)
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(r => Changed(
                    r.Query!["_lastUpdated"][0], r.Query.TryGetValue("_offset", out var o) ? int.Parse(o[0], CultureInfo.InvariantCulture) : 0)));
        }

        server.Given(Request.Create().WithPath("/fhir").WithParam("_getpages").UsingGet()).AtPriority(-1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(r => Changed(
                Search(r.Query!["_getpages"][0]), int.Parse(r.Query["_getpagesoffset"][0], CultureInfo.InvariantCulture))));
        server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/fhir/_page/[^/]+/\d+$")).UsingGet()).AtPriority(-1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(r => Changed(
                Search(r.Path.Split('/')[3]), int.Parse(r.Path.Split('/')[4], CultureInfo.InvariantCulture))));
    }

    public ReferringEhr Ehr { get; } = new();

    public string BaseUrl => Ehr.BaseUrl;

    public bool EventsSupported { get; set; } = true;

    /// <summary>$events answers in the Backport IG's newer encoding: a SubscriptionStatus resource first, as R4B/R5 servers write it.</summary>
    public bool EventsInNewerEncoding { get; set; }

    /// <summary>The form the _lastUpdated search writes its next links in (HAPI's _getpages, path-style, another host …).</summary>
    public PageLinkForm Paging { get; set; } = PageLinkForm.Absolute;

    /// <summary>How many more $events requests answer 503 (the server is down for them).</summary>
    public int EventsOutage { get; set; }

    /// <summary>Every event-notification the server would send, in event order (Backport, id-only, one event each).</summary>
    public List<(long Number, Bundle Notification)> Events { get; } = [];

    public int SubscriptionCreates { get; private set; }

    public int SubscriptionRepairs { get; private set; }

    public string? SubscriptionId => subscription?.Id;

    public IReadOnlyList<string> Requests => Ehr.Requests;

    public IReadOnlyList<string> ReferralIds
    {
        get
        {
            lock (gate)
            {
                return [.. referrals.Select(r => r.Id!)];
            }
        }
    }

    /// <summary>A new referral (a copy of sample 08 with its own id and placer number), version 1, with its event; addressed to <paramref name="performer"/>.</summary>
    public string AddReferral(string performer = Program)
    {
        lock (gate)
        {
            var referral = (ServiceRequest)localized.DeepCopy();
            referral.Meta = null;
            referral.Performer = [new ResourceReference(performer)];
            referral.Id = $"sr-{referrals.Count + 1}";
            referral.Identifier[0].Value = $"WCH-R-{9000 + referrals.Count + 1}";
            referrals.Add(referral);
            return Change(referral);
        }
    }

    /// <summary>The sample 08 referral itself (the one its message carries), version 1, with its event.</summary>
    public string AddSampleReferral()
    {
        lock (gate)
        {
            var referral = (ServiceRequest)localized.DeepCopy();
            referral.Meta = null;
            referral.Performer = [new ResourceReference(Program)];
            referrals.Add(referral);
            return Change(referral);
        }
    }

    /// <summary>A new version of a referral (e.g. new information), with its event.</summary>
    public string UpdateReferral(string id)
    {
        lock (gate)
        {
            var referral = referrals.Single(r => r.Id == id);
            referral.Note.Add(new Annotation { Text = new Markdown($"update {referral.Note.Count + 1}") });
            return Change(referral);
        }
    }

    /// <summary>The referrer withdraws a referral on its own server: a new version with status revoked, with its event.</summary>
    public string RevokeReferral(string id)
    {
        lock (gate)
        {
            var referral = referrals.Single(r => r.Id == id);
            referral.Status = RequestStatus.Revoked;
            return Change(referral);
        }
    }

    /// <summary>The server turns the Subscription error (as HAPI does after failed deliveries).</summary>
    public void Break()
    {
        lock (gate)
        {
            subscription!.Status = Subscription.SubscriptionStatus.Error;
        }
    }

    /// <summary>A heartbeat naming how many events the server has sent since the subscription started.</summary>
    public Bundle Heartbeat()
    {
        lock (gate)
        {
            return Notification("heartbeat", Events.Count, []);
        }
    }

    private string Change(ServiceRequest referral)
    {
        clock = clock.AddSeconds(1);
        var version = int.Parse(referral.Meta?.VersionId ?? "0", CultureInfo.InvariantCulture) + 1;
        referral.Meta = new Meta { VersionId = version.ToString(CultureInfo.InvariantCulture), LastUpdated = clock };
        Ehr.Add((ServiceRequest)referral.DeepCopy());
        var number = Events.Count + 1L;
        Events.Add((number, Notification("event-notification", number, [(number, $"ServiceRequest/{referral.Id}/_history/{version}")])));
        return referral.Id!;
    }

    private Bundle Notification(string type, long since, IEnumerable<(long Number, string Focus)> events)
    {
        var status = new Parameters();
        status.Add("subscription", new ResourceReference($"{BaseUrl}/Subscription/{subscription?.Id ?? "unknown"}"));
        status.Add("topic", new Canonical(Topic));
        status.Add("status", new Code("active"));
        status.Add("type", new Code(type));
        status.Add("events-since-subscription-start", new FhirString(since.ToString(CultureInfo.InvariantCulture)));
        var bundle = new Bundle { Type = Bundle.BundleType.History, Timestamp = clock };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = status });
        foreach (var (number, focus) in events)
        {
            status.Parameter.Add(new Parameters.ParameterComponent
            {
                Name = "notification-event",
                Part =
                [
                    new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(number.ToString(CultureInfo.InvariantCulture)) },
                    new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference($"{BaseUrl}/{focus}") },
                ],
            });
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{BaseUrl}/{focus.Split("/_history/")[0]}", Request = new() { Method = Bundle.HTTPVerb.PUT, Url = focus } });
        }

        return bundle;
    }

    private ResponseMessage Create(Subscription asked)
    {
        lock (gate)
        {
            SubscriptionCreates++;
            subscription = asked;
            subscription.Id = "sub-" + SubscriptionCreates.ToString(CultureInfo.InvariantCulture);
            subscription.Status = Subscription.SubscriptionStatus.Active;
            return Respond(201, subscription);
        }
    }

    private ResponseMessage Update(Subscription asked)
    {
        lock (gate)
        {
            SubscriptionRepairs++;
            subscription = asked;
            subscription.Status = Subscription.SubscriptionStatus.Active;
            return Respond(200, subscription);
        }
    }

    private ResponseMessage Read()
    {
        lock (gate)
        {
            return subscription is null ? Respond(404, new OperationOutcome()) : Respond(200, subscription);
        }
    }

    private ResponseMessage Search()
    {
        lock (gate)
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
            if (subscription is not null)
            {
                bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{BaseUrl}/Subscription/{subscription.Id}", Resource = subscription });
            }

            return Respond(200, bundle);
        }
    }

    private ResponseMessage EventsBetween(long from, long to)
    {
        lock (gate)
        {
            if (!EventsSupported)
            {
                return Respond(501, new OperationOutcome());
            }

            if (EventsOutage > 0)
            {
                EventsOutage--;
                return Respond(503, new OperationOutcome());
            }

            var events = Events.Where(e => e.Number >= from && e.Number <= to)
                .SelectMany(e => ((Parameters)e.Notification.Entry[0].Resource).Parameter.Where(p => p.Name == "notification-event"))
                .Select(p => (Number: long.Parse(p.Part[0].Value.ToString()!, CultureInfo.InvariantCulture), Focus: ((ResourceReference)p.Part[1].Value).Reference[(BaseUrl.Length + 1)..]));
            var answer = Notification("query-event", Events.Count, events);
            return EventsInNewerEncoding ? Respond(200, NewerEncoding(answer)) : Respond(200, answer);
        }
    }

    /// <summary>ServiceRequests changed at or after the time, oldest first, <see cref="PageSize"/> a page with next links.</summary>
    private ResponseMessage Changed(string lastUpdated, int offset)
    {
        lock (gate)
        {
            var since = DateTimeOffset.Parse(lastUpdated["ge".Length..], CultureInfo.InvariantCulture);
            var changed = referrals.Where(r => r.Meta.LastUpdated >= since).OrderBy(r => r.Meta.LastUpdated).ToList();
            var size = int.Parse(PageSize, CultureInfo.InvariantCulture);
            var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = changed.Count };
            bundle.Entry.AddRange(changed.Skip(offset).Take(size).Select(r => new Bundle.EntryComponent
            {
                FullUrl = $"{BaseUrl}/ServiceRequest/{r.Id}", Resource = (Resource)r.DeepCopy(), Search = new() { Mode = Bundle.SearchEntryMode.Match },
            }));
            if (offset + size < changed.Count)
            {
                var id = searches.IndexOf(lastUpdated) is var known and >= 0 ? known : searches.Count;
                if (id == searches.Count)
                {
                    searches.Add(lastUpdated);
                }

                bundle.Link.Add(new Bundle.LinkComponent
                {
                    Relation = "next",
                    Url = PageLinks.Next(Paging, BaseUrl, "ServiceRequest", $"_lastUpdated={Uri.EscapeDataString(lastUpdated)}", $"s{id}", offset + size, size),
                });
            }

            return Respond(200, bundle);
        }
    }

    private string Search(string id)
    {
        lock (gate)
        {
            return searches[int.Parse(id[1..], CultureInfo.InvariantCulture)];
        }
    }

    private static ResponseMessage Respond(int status, Resource body) => Respond(status, FhirJson.Serialize(body));

    private static ResponseMessage Respond(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(ReferringEhr.FhirJsonType) },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body },
    };

    /// <summary>The notification with its 1.1 Parameters status rewritten as the newer SubscriptionStatus resource (eventNumber a string, as R4B writes it).</summary>
    private static string NewerEncoding(Bundle notification)
    {
        var parameters = (Parameters)notification.Entry[0].Resource;
        string? Text(string name) => parameters.Parameter.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
        var status = new System.Text.Json.Nodes.JsonObject
        {
            ["resourceType"] = "SubscriptionStatus",
            ["status"] = Text("status"),
            ["type"] = Text("type"),
            ["eventsSinceSubscriptionStart"] = Text("events-since-subscription-start"),
            ["notificationEvent"] = new System.Text.Json.Nodes.JsonArray([.. parameters.Parameter.Where(p => p.Name == "notification-event").Select(p =>
                (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                {
                    ["eventNumber"] = p.Part[0].Value.ToString(),
                    ["focus"] = new System.Text.Json.Nodes.JsonObject { ["reference"] = ((ResourceReference)p.Part[1].Value).Reference },
                })]),
            ["subscription"] = new System.Text.Json.Nodes.JsonObject { ["reference"] = ((ResourceReference)parameters.Parameter.First(p => p.Name == "subscription").Value).Reference },
            ["topic"] = Text("topic"),
        };
        var bundle = System.Text.Json.Nodes.JsonNode.Parse(FhirJson.Serialize(notification))!;
        bundle["entry"]![0]!["resource"] = status;
        return bundle.ToJsonString();
    }

    public void Dispose() => Ehr.Dispose();
}
