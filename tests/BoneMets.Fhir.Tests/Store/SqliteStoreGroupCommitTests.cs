using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Tests.Store;

/// <summary>
/// Group commit (ADR 0023): acceptances queued while a group commits are written together in the next transaction.
/// Each test holds the first group open until the others are queued, so the second group's size is known.
/// </summary>
public sealed class SqliteStoreGroupCommitTests
{
    private const int Others = 12;

    [Fact]
    public async Task AcceptAsync_ManyAtOnce_OneGroupAndEveryAcceptedRowThereAfterRestart()
    {
        using var temp = await TempStore.OpenAsync();
        var sizes = new List<int>();
        var (first, others) = await QueueBehindFirstAsync(temp.Store, Messages(Others), size =>
        {
            sizes.Add(size);
            return Task.CompletedTask;
        });

        var answers = await Task.WhenAll(others);

        Assert.IsType<AcceptResult.Accepted>(await first);
        Assert.Equal([1, Others], sizes);
        Assert.All(answers, a => Assert.IsType<AcceptResult.Accepted>(a));
        var restarted = await temp.OpenAnotherAsync();
        foreach (var (message, answer) in Messages(Others).Zip(answers))
        {
            var replay = Assert.IsType<AcceptResult.Replay>(await restarted.FindResendAsync(message.BundleId, message.HeaderId, message.ContentHash!, CancellationToken.None));
            Assert.Equal(((AcceptResult.Accepted)answer).Sequence, replay.Sequence);
        }
    }

    [Fact]
    public async Task AcceptAsync_GroupCommitFails_EveryWaiterFailsAndNoneIsThereAfterRestart()
    {
        using var temp = await TempStore.OpenAsync();
        var groups = 0;
        var (first, others) = await QueueBehindFirstAsync(temp.Store, Messages(Others), _ =>
            ++groups == 2 ? throw new IOException("disk full (simulated)") : Task.CompletedTask);

        Assert.IsType<AcceptResult.Accepted>(await first);
        foreach (var other in others)
        {
            await Assert.ThrowsAsync<IOException>(() => other);
        }

        await temp.OpenAnotherAsync();
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM inbox"));
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM message_cache"));
    }

    [Fact]
    public async Task AcceptAsync_CopiesAndConflictsInOneGroup_EachClassifiedAgainstTheOneBeforeIt()
    {
        using var temp = await TempStore.OpenAsync();
        var message = Inbound.Message("b-1", "h-1") with { ContentHash = "hash-1" };
        var sameHeaderOtherBundle = Inbound.Message("b-2", "h-1") with { ContentHash = "hash-2" };
        var (_, others) = await QueueBehindFirstAsync(temp.Store, [message, message, sameHeaderOtherBundle], _ => Task.CompletedTask);

        var answers = await Task.WhenAll(others);

        var accepted = Assert.IsType<AcceptResult.Accepted>(answers[0]);
        Assert.Equal(accepted.Sequence, Assert.IsType<AcceptResult.Replay>(answers[1]).Sequence);
        Assert.IsType<AcceptResult.Conflict>(answers[2]);
        Assert.Equal(2, temp.Scalar("SELECT COUNT(*) FROM inbox"));
    }

    private static List<InboundMessage> Messages(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Inbound.Message($"bundle-{i}", $"header-{i}") with { ContentHash = $"hash-{i}" })];

    /// <summary>
    /// A first message whose group is held open (inside its transaction) until <paramref name="messages"/> are all
    /// queued behind it; <paramref name="committing"/> sees each group's size before it commits.
    /// </summary>
    private static async Task<(Task<AcceptResult> First, List<Task<AcceptResult>> Others)> QueueBehindFirstAsync(
        SqliteStore store, IReadOnlyList<InboundMessage> messages, Func<int, Task> committing)
    {
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groups = 0;
        store.GroupCommitting = async size =>
        {
            if (Interlocked.Increment(ref groups) == 1)
            {
                holding.SetResult();
                await release.Task;
            }

            await committing(size);
        };
        var first = store.AcceptAsync(Inbound.Message("first", "first-header") with { ContentHash = "first" }, CancellationToken.None);
        await holding.Task;
        var others = messages.Select(m => Task.Run(() => store.AcceptAsync(m, CancellationToken.None))).ToList();
        while (store.QueuedAcceptances < messages.Count)
        {
            await Task.Delay(10);
        }

        release.SetResult();
        return (first, others);
    }
}
