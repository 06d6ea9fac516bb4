namespace BoneMets.Fhir.Store;

public sealed partial class SqliteStore
{
    private const string ChangedContent =
        "A message with this Bundle.id and MessageHeader.id was already accepted with different content; a resend must be the same message. " +
        "Send a changed referral as a new message (new Bundle.id and MessageHeader.id).";

    /// <summary>One keyed read, outside the write gate: a resend is answered without waiting behind new messages' commits.</summary>
    public async Task<AcceptResult?> FindResendAsync(string bundleId, string headerId, string contentHash, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT c.response_json, c.inbox_seq, m.content_hash FROM message_cache c LEFT JOIN message_content m ON m.bundle_id = c.bundle_id " +
            "WHERE c.bundle_id = $b AND c.header_id = $h", ("$b", bundleId), ("$h", headerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? SameContent(new AcceptResult.Replay(reader.GetString(0), reader.GetInt64(1)), reader.IsDBNull(2) ? null : reader.GetString(2), contentHash)
            : null;
    }

    /// <summary>A replay stays one only when both hashes are known and equal, or either is unknown (stored before hashes were kept).</summary>
    internal static AcceptResult SameContent(AcceptResult known, string? storedHash, string? sentHash) =>
        known is AcceptResult.Replay && storedHash is not null && sentHash is not null && storedHash != sentHash
            ? new AcceptResult.Conflict(ChangedContent)
            : known;
}
