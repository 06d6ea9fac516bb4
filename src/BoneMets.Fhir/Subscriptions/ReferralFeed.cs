using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Logging;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;

namespace BoneMets.Fhir.Subscriptions;

/// <summary>
/// The one way a referral learnt of by notification, $events or poll enters the service: as a references-only
/// message through <see cref="IntakeService"/>, exactly like a posted message. Its ids derive from (URL, version),
/// so the same version learnt of twice is a reliable-messaging replay and is processed once.
/// </summary>
public sealed class ReferralFeed(IntakeService intake, ProgramOptions program, TimeProvider clock, ILogger<ReferralFeed> logger)
{
    private const int RememberedVersions = 10_000;

    // Versions intake already accepted (durably: its answer came after the insert). Every poll re-reads its overlap
    // window and every gap re-searches it; offering those again would be a replay at intake each, so they are
    // skipped here. Lost on restart, when a re-offer is a harmless replay again.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> accepted = new(StringComparer.Ordinal);

    /// <summary>
    /// Feeds one referral at its server version (meta.versionId). When neither the notification nor a payload says
    /// which version changed, the resource is read to learn it: a pointer without a version would make every later
    /// version look like a replay. A server that keeps no versionId gets unversioned pointers (see docs/subscriptions.md).
    /// </summary>
    public async Task<bool> OfferAsync(PartnerFhir partner, string focusUrl, string? versionId, Resource? resource, CancellationToken cancellationToken)
    {
        if (!focusUrl.StartsWith(partner.Partner.Options.Server + "/", StringComparison.Ordinal))
        {
            // A partner notifies of its own referrals only; a URL elsewhere (even another partner's) is not fetched.
            Log.PointerRejected(logger, partner.Partner.Id, 400);
            return false;
        }

        if (resource is ServiceRequest or Hl7.Fhir.Model.Task && partner.Partner.Options.Subscription is { Filter: not null } subscription
            && resource.TypeName == subscription.ProgramFilter.ResourceType
            && !subscription.ProgramFilter.Addresses(resource as ServiceRequest, resource as Hl7.Fhir.Model.Task, partner.Partner.Options.Server))
        {
            // In hand (the poll, a full-resource payload) and addressed to someone else: not even offered. What
            // comes without the resource is checked the same way once fetched (PartnerReferrals).
            Log.ReferralNotAddressed(logger, partner.Partner.Id, resource.TypeName);
            return false;
        }

        if (versionId is null && resource is null)
        {
            var read = await partner.GetAsync(focusUrl, cancellationToken);
            if (!read.Ok)
            {
                // Gone or forbidden: nothing to process now; the poll will see it if it comes back.
                Log.PointerUnreadable(logger, partner.Partner.Id, read.Status);
                return false;
            }

            resource = read.Resource;
        }

        var version = versionId ?? resource?.Meta?.VersionId;
        var known = version is null ? null : $"{focusUrl}|{version}";
        if (known is not null && accepted.ContainsKey(known))
        {
            return true;
        }

        var source = partner.Partner.Options.SourceEndpoints.FirstOrDefault() ?? partner.Partner.Options.Server;
        var message = ReferralPointers.Message(focusUrl, version, clock.GetUtcNow(), source);
        var answer = await intake.ReceiveAsync(
            new IntakeRequest(FhirJson.Serialize(message), null, $"partner:{partner.Partner.Id}", program.PublicBaseUrl), cancellationToken);
        if (answer.Status != 200)
        {
            Log.PointerRejected(logger, partner.Partner.Id, answer.Status);
            return false;
        }

        if (known is not null)
        {
            if (accepted.Count >= RememberedVersions)
            {
                accepted.Clear(); // bounded: forgetting costs a replay, never a referral
            }

            accepted.TryAdd(known, 0);
        }

        return true;
    }
}
