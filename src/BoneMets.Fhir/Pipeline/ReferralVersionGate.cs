using System.Collections.Concurrent;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Subscriptions;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Pipeline;

/// <summary>A referral admitted for processing at one version; released when its write-back is committed or fails.</summary>
public sealed record ReferralAdmission(ProcessedVersion Version, bool AlreadyProcessed);

/// <summary>
/// Deduplication across paths (message, notification, $events, poll), after the referral is resolved and before it
/// is triaged: a referral (its ServiceRequest's identity) at a version already processed — or at an older version
/// than the one processed, arriving late — is completed without writing anything. A newer version is processed and,
/// because write-back ids derive from the referral key, updates the same case. One referral is processed by one
/// worker loop at a time; a second copy in flight waits (<see cref="ReferralBusyException"/>) and then finds it done.
/// </summary>
public sealed class ReferralVersionGate(ISubscriptionStore store)
{
    private readonly ConcurrentDictionary<string, long> inFlight = new(StringComparer.Ordinal);

    public async Task<ReferralAdmission> AdmitAsync(long sequence, ServiceRequest serviceRequest, CancellationToken cancellationToken)
    {
        var key = ReferralMessage.KeyOf(serviceRequest);
        if (!inFlight.TryAdd(key, sequence) && inFlight.GetValueOrDefault(key) != sequence)
        {
            throw new ReferralBusyException(key);
        }

        try
        {
            var version = new ProcessedVersion(key, ReferralVersion.Of(serviceRequest), serviceRequest.Meta?.LastUpdated);
            var last = await store.ProcessedVersionAsync(key, cancellationToken);
            return new ReferralAdmission(version, IsProcessed(last, version));
        }
        catch
        {
            Release(key);
            throw;
        }
    }

    public async Task RecordAsync(ReferralAdmission admission, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!admission.AlreadyProcessed)
        {
            await store.RecordProcessedAsync(admission.Version, now, cancellationToken);
        }
    }

    public void Release(string referralKey) => inFlight.TryRemove(referralKey, out _);

    /// <summary>Same version, or an older one than the last processed (by the server's lastUpdated, when both have it).</summary>
    internal static bool IsProcessed(ProcessedVersion? last, ProcessedVersion candidate) =>
        last is not null && (last.Version == candidate.Version
            || (last.LastUpdated is { } processed && candidate.LastUpdated is { } offered && offered < processed));
}

/// <summary>Another copy of the same referral is being processed now; this one waits and then finds it done.</summary>
public sealed class ReferralBusyException(string referralKey) : Exception("Another copy of this referral is being processed.")
{
    public string ReferralKey { get; } = referralKey;
}
