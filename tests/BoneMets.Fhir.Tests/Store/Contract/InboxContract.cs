using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Store.Inbound;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store.Contract;

public abstract class InboxContract : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    [SkippableFact]
    public async Task AcceptAsync_NewMessage_AcceptedAndPending()
    {
        var result = await Store.AcceptAsync(Message("b1", "h1"), None);

        var accepted = Assert.IsType<AcceptResult.Accepted>(result);
        var item = Assert.Single(await Store.ListAsync(InboxStatus.Pending, None));
        Assert.Equal((accepted.Sequence, "b1", "h1", "key-b1", "corr-b1", 0), (item.Sequence, item.BundleId, item.HeaderId, item.ReferralKey, item.CorrelationId, item.Attempts));
        Assert.Equal(Message("b1", "h1").MessageJson, item.MessageJson);
    }

    [SkippableFact]
    public async Task AcceptAsync_SameBundleAndHeader_ReplaysTheOriginalResponse()
    {
        var first = (AcceptResult.Accepted)await Store.AcceptAsync(Message("b1", "h1", "req-1"), None);
        var resend = Message("b1", "h1", "req-1") with { ResponseJson = "a response the second attempt would have given" };

        var result = await Store.AcceptAsync(resend, None);

        Assert.Equal(new AcceptResult.Replay(Message("b1", "h1").ResponseJson, first.Sequence), result);
        Assert.Single(await Store.ListAsync(InboxStatus.Pending, None));
    }

    [SkippableFact]
    public async Task ClaimNextAsync_AcceptedWithWarnings_ItemCarriesThemWithoutNone()
    {
        await Store.AcceptAsync(Message("b1", "h1") with { Warnings = ["Bundle.entry[3].resource: a warning"] }, None);
        await Store.AcceptAsync(Message("b2", "h2") with { Warnings = [] }, None);
        await Store.AcceptAsync(Message("b3", "h3"), None);

        var (first, second, third) = (await Store.ClaimNextAsync(T0, None), await Store.ClaimNextAsync(T0, None), await Store.ClaimNextAsync(T0, None));

        Assert.Equal(["Bundle.entry[3].resource: a warning"], first!.Warnings);
        Assert.Equal([], second!.Warnings);
        Assert.Null(third!.Warnings); // not known: the pipeline derives them
    }

    [SkippableTheory]
    [InlineData("b2", "h1", null, "MessageHeader.id")]  // header seen in another Bundle
    [InlineData("b1", "h2", null, "Bundle.id")]         // Bundle.id reused for another message
    [InlineData("b2", "h2", "req-1", "X-Request-ID")]   // request id reused for another message
    public async Task AcceptAsync_OneIdSeenWithAnother_Conflict(string bundleId, string headerId, string? requestId, string named)
    {
        await Store.AcceptAsync(Message("b1", "h1", "req-1"), None);

        var result = await Store.AcceptAsync(Message(bundleId, headerId, requestId), None);

        Assert.StartsWith(named, Assert.IsType<AcceptResult.Conflict>(result).Reason, StringComparison.Ordinal);
        Assert.Single(await Store.ListAsync(InboxStatus.Pending, None));
    }

    [SkippableFact]
    public async Task AcceptAsync_NoRequestIds_TwoMessagesBothAccepted()
    {
        Assert.IsType<AcceptResult.Accepted>(await Store.AcceptAsync(Message("b1", "h1"), None));
        Assert.IsType<AcceptResult.Accepted>(await Store.AcceptAsync(Message("b2", "h2"), None));
    }

    [SkippableFact]
    public async Task ClaimNextAsync_ThreeArrivals_ArrivalOrderThenNothing()
    {
        foreach (var id in new[] { "c", "a", "b" })
        {
            await Store.AcceptAsync(Message(id, "h-" + id), None);
        }

        var claimed = new List<InboxItem?>();
        for (var i = 0; i < 4; i++)
        {
            claimed.Add(await Store.ClaimNextAsync(T0, None));
        }

        Assert.Equal(["c", "a", "b", null], claimed.Select(c => c?.BundleId));
        Assert.All(claimed.Take(3), c => Assert.Equal((InboxStatus.Processing, 1), (c!.Status, c.Attempts)));
        Assert.Equal(3, (await Store.ListAsync(InboxStatus.Processing, None)).Count);
    }

    [SkippableFact]
    public async Task ClaimNextAsync_RetryTimeInTheFuture_SkippedUntilDue()
    {
        await Store.AcceptAsync(Message("a", "ha"), None);
        await Store.AcceptAsync(Message("b", "hb"), None);
        var a = (await Store.ClaimNextAsync(T0, None))!;
        await Store.FailAsync(a, "boom", T0.AddMinutes(1), None);

        var beforeDue = await Store.ClaimNextAsync(T0.AddSeconds(59), None);
        var nothing = await Store.ClaimNextAsync(T0.AddSeconds(59), None);
        var due = await Store.ClaimNextAsync(T0.AddMinutes(1), None);

        Assert.Equal("b", beforeDue?.BundleId);
        Assert.Null(nothing);
        Assert.Equal(("a", 2, "boom"), (due?.BundleId, due?.Attempts, due?.LastError));
    }

    [SkippableFact]
    public async Task FailAsync_NoRetryTime_ParkedUntilRetried()
    {
        var seq = ((AcceptResult.Accepted)await Store.AcceptAsync(Message("a", "ha"), None)).Sequence;
        await Store.FailAsync((await Store.ClaimNextAsync(T0, None))!, "InvalidOperationException: bad", null, None);

        var parked = Assert.Single(await Store.ListAsync(InboxStatus.Parked, None));
        Assert.Equal((seq, 1, "InvalidOperationException: bad"), (parked.Sequence, parked.Attempts, parked.LastError));
        Assert.Null(await Store.ClaimNextAsync(DateTimeOffset.MaxValue, None));

        Assert.True(await Store.RetryAsync(seq, None));

        var pending = Assert.Single(await Store.ListAsync(InboxStatus.Pending, None));
        Assert.Equal(0, pending.Attempts);
        Assert.Empty(await Store.ListAsync(InboxStatus.Parked, None));
        var claimed = await Store.ClaimNextAsync(T0, None);
        Assert.Equal((seq, 1), (claimed?.Sequence, claimed?.Attempts));
        Assert.False(await Store.RetryAsync(seq, None)); // no longer parked
        Assert.False(await Store.RetryAsync(seq + 100, None));
    }

    [SkippableFact]
    public async Task CompleteAsync_ClaimedItem_ResourcesWrittenAndDone()
    {
        await Store.AcceptAsync(Message("a", "ha"), None);
        var item = (await Store.ClaimNextAsync(T0, None))!;

        await Store.CompleteAsync(item, [new Patient { Id = "p1" }, new Organization { Id = "o1", Name = "Clinic" }], T0.AddSeconds(5), None);

        Assert.Equal(item.Sequence, Assert.Single(await Store.ListAsync(InboxStatus.Done, None)).Sequence);
        Assert.Empty(await Store.ListAsync(InboxStatus.Processing, None));
        Assert.Equal(1, (await Store.ReadAsync("Patient", "p1", None))?.Version);
        Assert.Equal(T0.AddSeconds(5), (await Store.ReadAsync("Organization", "o1", None))?.LastUpdated);
    }

    [SkippableFact]
    public async Task CompleteAsync_ItemNotClaimed_ThrowsAndWritesNothing()
    {
        await Store.AcceptAsync(Message("a", "ha"), None);
        var pending = Assert.Single(await Store.ListAsync(InboxStatus.Pending, None));

        await Assert.ThrowsAsync<ArgumentException>(() => Store.CompleteAsync(pending, [new Patient { Id = "p1" }], T0, None));

        Assert.Null(await Store.ReadAsync("Patient", "p1", None));
        Assert.Single(await Store.ListAsync(InboxStatus.Pending, None));
    }

    [SkippableFact]
    public async Task ExpireMessageCacheAsync_OnlyEntriesPastTheirPeriod()
    {
        await Store.AcceptAsync(Message("short", "h-short", cacheFor: TimeSpan.FromHours(1)), None);
        await Store.AcceptAsync(Message("long", "h-long", cacheFor: TimeSpan.FromHours(3)), None);

        Assert.Equal(0, await Store.ExpireMessageCacheAsync(T0.AddHours(1), None)); // at the limit: still cached
        Assert.Equal(1, await Store.ExpireMessageCacheAsync(T0.AddHours(2), None));

        Assert.IsType<AcceptResult.Replay>(await Store.AcceptAsync(Message("long", "h-long"), None));
        Assert.IsType<AcceptResult.Accepted>(await Store.AcceptAsync(Message("short", "h-short"), None)); // forgotten: new again
        Assert.Equal(3, await Temp.ScalarAsync("SELECT COUNT(*) FROM inbox")); // the inbox keeps its rows
    }
}
