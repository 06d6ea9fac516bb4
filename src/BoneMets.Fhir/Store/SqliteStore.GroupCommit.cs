using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace BoneMets.Fhir.Store;

/// <summary>
/// Group commit of acceptances (issue 17, ADR 0023). A message is acknowledged only once it is on disk (synchronous =
/// FULL), and on this machine's disk the fsync, not the insert, is most of a store's time; concurrent senders each
/// waiting for their own fsync queue behind one another on SQLite's single writer. So each acceptance is queued, and
/// whoever holds the group gate takes everything queued (up to <see cref="MaxGroup"/>) and writes it in one transaction
/// with one fsync; the others find their answer ready when they get the gate. Honest either way: nobody is answered
/// before the transaction holding their message has committed, and when the commit fails, every message in the group
/// fails (none is told it was accepted, and none of them is there after a restart).
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>Most acceptances committed in one transaction; more wait for the next.</summary>
    internal const int MaxGroup = 64;

    private const string AcceptSavepoint = "accept";
    private readonly ConcurrentQueue<QueuedAcceptance> queuedAcceptances = new();
    private readonly SemaphoreSlim groupGate = new(1, 1);

    /// <summary>Acceptances waiting for a group (tests wait for a group to fill).</summary>
    internal int QueuedAcceptances => queuedAcceptances.Count;

    /// <summary>Called with the group's size just before its transaction commits (tests: hold a group open, or fail its commit).</summary>
    internal Func<int, Task>? GroupCommitting { get; set; }

    private List<QueuedAcceptance> TakeGroup()
    {
        var group = new List<QueuedAcceptance>();
        while (group.Count < MaxGroup && queuedAcceptances.TryDequeue(out var next))
        {
            group.Add(next);
        }

        return group;
    }

    /// <summary>
    /// The group in one flushed transaction; then each waiter gets its own answer. Not cancellable: the group is other
    /// callers' too. A message whose own writes fail is rolled back to its savepoint and fails alone; a failed commit fails all.
    /// </summary>
    private async Task CommitGroupAsync(List<QueuedAcceptance> group)
    {
        var answers = new (AcceptResult? Result, Exception? Error)[group.Count];
        try
        {
            await WriteAsync(async (connection, transaction) =>
            {
                for (var i = 0; i < group.Count; i++)
                {
                    answers[i] = await AcceptOneAsync(connection, transaction, group[i].Message);
                }

                if (GroupCommitting is { } committing)
                {
                    await committing(group.Count);
                }

                return group.Count;
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            foreach (var queued in group)
            {
                queued.Answer.TrySetException(e);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (answers[i].Error is { } error)
            {
                group[i].Answer.TrySetException(error);
            }
            else
            {
                group[i].Answer.TrySetResult(answers[i].Result!);
            }
        }
    }

    /// <summary>
    /// One message of the group. A winner that is gone again by the time it is read (its cache period ended in between)
    /// is a race lost twice: try again, at most three times.
    /// </summary>
    private static async Task<(AcceptResult? Result, Exception? Error)> AcceptOneAsync(SqliteConnection connection, SqliteTransaction transaction, InboundMessage message)
    {
        for (var round = 0; round < 3; round++)
        {
            try
            {
                if (await AcceptInGroupAsync(connection, transaction, message, CancellationToken.None) is { } result)
                {
                    return (result, null);
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: this message's rows are wrong, not the transaction
            {
                await transaction.RollbackAsync(AcceptSavepoint);
                await transaction.ReleaseAsync(AcceptSavepoint);
                return (null, e);
            }
        }

        return (null, new StoreConflictException($"Message {message.HeaderId} conflicted with a cache entry that could not be read back."));
    }

    private sealed class QueuedAcceptance(InboundMessage message)
    {
        public InboundMessage Message { get; } = message;

        public TaskCompletionSource<AcceptResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
