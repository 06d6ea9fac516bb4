using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Store;

/// <summary>
/// What the outbox records (pure): which changed resources the referrer gets, the snapshot of them, the
/// status-update message, and the route a referral's write-back takes, decided from its message at intake.
/// </summary>
public static class DeliveryPayloads
{
    private static readonly HashSet<string> DeliveredTypes = ["Task", "CommunicationRequest", "Appointment", "Provenance"];

    /// <summary>
    /// The write-back resources among <paramref name="changed"/>: the program's own Task, CommunicationRequests,
    /// Appointment and Provenance. Resources the referrer sent (other than the Task the program answers) are theirs
    /// already and never go back.
    /// </summary>
    public static IReadOnlyList<Resource> Deliverable(IEnumerable<Resource> changed, DeliveryRoute route) =>
        [.. changed.Where(r => DeliveredTypes.Contains(r.TypeName)
            && (r is Task || !route.Received.ContainsKey($"{r.TypeName}/{r.Id}")))];

    /// <summary>
    /// The deliveries a commit that wrote <paramref name="changed"/> queues for its referral (both stores record exactly
    /// these): the snapshot of the changed write-back resources for the partner's FHIR server, and a status-update
    /// message when the Task changed and the referral has a reply endpoint. None when nothing deliverable changed.
    /// </summary>
    public static IReadOnlyList<QueuedDelivery> Queued(DeliveryRoute route, IReadOnlyList<Resource> changed, DateTimeOffset now)
    {
        var deliverable = Deliverable(changed, route);
        if (deliverable.Count == 0)
        {
            return [];
        }

        var queued = new List<QueuedDelivery>(2);
        if (route.FhirBase is { } fhirBase)
        {
            queued.Add(new QueuedDelivery(DeliveryChannel.Fhir, fhirBase, FhirJson.Serialize(Snapshot(deliverable))));
        }

        if (route.ReplyEndpoint is { } endpoint && deliverable.OfType<Task>().FirstOrDefault() is { } task)
        {
            queued.Add(new QueuedDelivery(DeliveryChannel.Message, endpoint, FhirJson.Serialize(StatusUpdate(route, task, now))));
        }

        return queued;
    }

    /// <summary>The snapshot a delivery carries: the changed resources as stored (a collection Bundle).</summary>
    public static Bundle Snapshot(IEnumerable<Resource> resources) => new()
    {
        Type = Bundle.BundleType.Collection,
        Entry = [.. resources.Select(r => new Bundle.EntryComponent { Resource = (Resource)r.DeepCopy() })],
    };

    /// <summary>
    /// A status-update message for the referrer's messaging endpoint: a message Bundle whose MessageHeader focuses the
    /// Task. Bundle and MessageHeader ids derive from the referral and the Task's version, so a resend of the same
    /// update carries the same ids and the receiver's reliable-messaging cache recognises it.
    /// </summary>
    public static Bundle StatusUpdate(DeliveryRoute route, Task task, DateTimeOffset now)
    {
        var change = $"status-update|{task.Meta?.VersionId}";
        var headerId = DeterministicId.For(route.ReferralKey, change + "|header");
        var header = new MessageHeader
        {
            Id = headerId,
            Event = new Coding(CodeSystems.V2EventType, ClinicalCodes.ReferralEvent),
            Source = new MessageHeader.MessageSourceComponent { Name = "BoneMets.Fhir", Software = "BoneMets.Fhir", Endpoint = route.SourceEndpoint },
            Destination = [new MessageHeader.MessageDestinationComponent { Endpoint = route.ReplyEndpoint }],
            Focus = [new ResourceReference("urn:uuid:" + DeterministicId.UuidOf(task.Id!))],
        };
        return new Bundle
        {
            Id = DeterministicId.For(route.ReferralKey, change + "|bundle"),
            Type = Bundle.BundleType.Message,
            Timestamp = now,
            Entry =
            [
                new() { FullUrl = "urn:uuid:" + DeterministicId.UuidOf(headerId), Resource = header },
                new() { FullUrl = "urn:uuid:" + DeterministicId.UuidOf(task.Id!), Resource = (Resource)task.DeepCopy() },
            ],
        };
    }

    /// <summary>
    /// Where a referral's write-back goes: its partner's FHIR server when write-back is on, and a reply endpoint
    /// (the response-url, else the sender's source endpoint when it asked for an async answer, else the partner's
    /// messaging endpoint). Null when it goes nowhere but this store; a sender matching no partner gets a route with
    /// partner "" and nowhere to go, so that it can be counted (<see cref="IDeliveryOutbox.CountUnmatchedAsync"/>).
    /// </summary>
    public static DeliveryRoute? Route(ReferralMessage message, Partner? partner, string? responseUrl, bool replyAsync, string? sourceEndpoint = null, bool fetched = false)
    {
        var writeBack = partner?.Options.WriteBack;
        var fhirBase = writeBack is { Enabled: true } ? writeBack.FhirBase(partner!.Options) : null;
        var reply = responseUrl ?? (replyAsync ? message.Header.Source?.Endpoint : null) ?? writeBack?.MessagingEndpoint;
        if (fhirBase is null && reply is null)
        {
            // A sender matching no partner is recorded (partner ""), so that it is counted and shown, not silently skipped.
            return partner is null
                ? new DeliveryRoute(message.ReferralKey, "", null, null, message.HeaderId, new Dictionary<string, RouteReference>(), sourceEndpoint)
                : null;
        }

        return new DeliveryRoute(message.ReferralKey, partner?.Id ?? "", fhirBase, reply, message.HeaderId, Received(message, partner, fetched), sourceEndpoint);
    }

    /// <summary>
    /// Where a references-only referral's write-back goes, as far as intake can tell: its partner (the one serving the
    /// pointer's base) and any reply endpoint. How its resources are referred to is learnt once they are fetched.
    /// </summary>
    public static DeliveryRoute? PointerRoute(PointerMessage message, Partner partner, string? responseUrl, bool replyAsync, string? sourceEndpoint = null)
    {
        var writeBack = partner.Options.WriteBack;
        var fhirBase = writeBack is { Enabled: true } ? writeBack.FhirBase(partner.Options) : null;
        var reply = responseUrl ?? (replyAsync ? message.Header.Source?.Endpoint : null) ?? writeBack.MessagingEndpoint;
        return fhirBase is null && reply is null
            ? null
            : new DeliveryRoute(message.Focus.InboxKey, partner.Id, fhirBase, reply, message.HeaderId, new Dictionary<string, RouteReference>(), sourceEndpoint);
    }

    /// <summary>
    /// How the partner gets to see each received resource. With a partner, the referrer sent its own resources
    /// (ADR 9: the message Patient's id is the patient's id at the partner): the literal "Type/id" of the partner's
    /// copy — the path of a fullUrl on its FHIR base, else the resource's own id in the message. The first
    /// identifier goes along as well, so the reference still says whom it means where the literal does not resolve.
    /// Without an id of theirs (a urn:uuid entry with no id), the identifier alone: a logical reference (ADR 0011).
    /// </summary>
    private static Dictionary<string, RouteReference> Received(ReferralMessage message, Partner? partner, bool fetched)
    {
        var theirBase = partner?.Options.WriteBack.FhirBase(partner.Options) is { } fhirBase ? fhirBase + "/" : null;
        var references = new Dictionary<string, RouteReference>(StringComparer.Ordinal);
        foreach (var entry in message.Bundle.Entry.Where(e => e.Resource is not null and not MessageHeader))
        {
            var resource = entry.Resource!;
            var local = $"{resource.TypeName}/{Case.MessageLocalizer.LocalId(message, resource)}";
            var identifier = Identifiers(resource).FirstOrDefault(i => !string.IsNullOrEmpty(i.Value));
            var onTheirs = theirBase is null ? null : OnBase(entry.FullUrl, theirBase);
            var hosted = onTheirs is not null;
            var literal = theirBase is null ? null
                : hosted ? onTheirs
                : resource.Id is { Length: > 0 } id ? $"{resource.TypeName}/{id}"
                : null;
            references[local] = new RouteReference(literal, resource.TypeName, identifier?.System, identifier?.Value, hosted, fetched && literal is not null);
        }

        return references;
    }

    /// <summary>
    /// "Type/id" when <paramref name="fullUrl"/> is a resource on <paramref name="fhirBase"/>, compared as URLs (scheme
    /// and host in any case, a default port written or not, a trailing slash or not), never as a string prefix; else null.
    /// </summary>
    public static string? OnBase(string? fullUrl, string fhirBase)
    {
        if (!Uri.TryCreate(fullUrl, UriKind.Absolute, out var url) || !Uri.TryCreate(fhirBase, UriKind.Absolute, out var root)
            || url.Scheme is not ("http" or "https")
            || !string.Equals(url.GetLeftPart(UriPartial.Authority), root.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var basePath = root.AbsolutePath.TrimEnd('/') + "/";
        return url.AbsolutePath.StartsWith(basePath, StringComparison.Ordinal)
            && url.AbsolutePath[basePath.Length..].Split('/') is [{ Length: > 0 } type, { Length: > 0 } id, ..]
            ? $"{type}/{id}"
            : null;
    }

    /// <summary>A resource's own identifiers (any type that has Resource.identifier).</summary>
    public static IEnumerable<Identifier> Identifiers(Resource resource) =>
        resource.EnumerateElements().Where(e => e.Key == "identifier").SelectMany(e => e.Value switch
        {
            System.Collections.IEnumerable list and not string => list.OfType<Identifier>(),
            Identifier single => [single],
            _ => [],
        });
}

/// <summary>One delivery to queue: its channel, where it goes, and the payload it carries.</summary>
public sealed record QueuedDelivery(DeliveryChannel Channel, string Target, string PayloadJson);
