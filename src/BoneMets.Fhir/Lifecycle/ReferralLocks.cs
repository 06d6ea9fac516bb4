namespace BoneMets.Fhir.Lifecycle;

/// <summary>
/// Serialises lifecycle changes to one referral in this process: first processing, cancellation and booking
/// each read the record, decide and commit under the referral's lock, so "is it cancelled?" is answered at the
/// commit, not before a slow call. Striped (a fixed set of locks by hash) so memory does not grow with referrals.
/// One process holds the SQLite store (ADR 3), so an in-process lock is enough.
/// </summary>
public sealed class ReferralLocks : IDisposable
{
    private readonly SemaphoreSlim[] stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<IDisposable> AcquireAsync(string referralKey, CancellationToken cancellationToken)
    {
        var stripe = stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(referralKey) % (uint)stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Release(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in stripes)
        {
            stripe.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
