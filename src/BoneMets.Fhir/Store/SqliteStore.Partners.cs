using System.Text;
using BoneMets.Fhir.Search;
using Microsoft.Data.Sqlite;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store;

/// <summary>
/// Partner isolation's rows (ADR 0016): whose referral a referral key is, and for which partner each resource was
/// written. Written in the transactions that accept a message and write a referral's resources; read by one clause
/// of the search query (<see cref="AppendVisibility"/>), through which every read of a partner's client passes.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>
    /// Records the referral as <paramref name="partnerId"/>'s ('' for none) unless it is already someone's; false when it
    /// is another's: a sender cannot take over another's referral by reusing its ServiceRequest identifier.
    /// </summary>
    private static async Task<bool> ClaimReferralAsync(
        SqliteConnection connection, SqliteTransaction transaction, string referralKey, string? partnerId, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO referral_partners (referral_key, partner_id) VALUES ($k, $p)",
            cancellationToken, ("$k", referralKey), ("$p", partnerId ?? ""));
        // No partner named: the message came from a client that acts for every partner (an operator's), since a partner's
        // client may post only in its own partner's name. It joins the referral whoever's it is, and the owner stays.
        var owner = await OwnerAsync(connection, transaction, referralKey, cancellationToken);
        return string.IsNullOrEmpty(partnerId) || owner == partnerId;
    }

    /// <summary>
    /// Marks each resource written for a referral as its partner's. A references-only referral is accepted under the
    /// pointer's key and resolves to the referral it turned out to be: that referral keeps its owner if it has one, and
    /// otherwise takes the pointer's.
    /// </summary>
    private static async Task RecordOwnersAsync(
        SqliteConnection connection, SqliteTransaction transaction, string acceptedKey, string referralKey, IReadOnlyList<PreparedResource> resources,
        CancellationToken cancellationToken)
    {
        var partner = await OwnerAsync(connection, transaction, referralKey, cancellationToken);
        if (partner is null)
        {
            partner = await OwnerAsync(connection, transaction, acceptedKey, cancellationToken) ?? "";
            await ClaimReferralAsync(connection, transaction, referralKey, partner, cancellationToken);
        }

        if (partner.Length == 0)
        {
            return;
        }

        await using var owner = Command(connection, transaction, "INSERT OR IGNORE INTO resource_partners (type, id, partner_id) VALUES ($t, $i, $p)",
            ("$t", ""), ("$i", ""), ("$p", partner));
        foreach (var resource in resources)
        {
            Set(owner, ("$t", resource.Type), ("$i", resource.Id));
            await owner.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<string?> OwnerAsync(SqliteConnection connection, SqliteTransaction transaction, string referralKey, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT partner_id FROM referral_partners WHERE referral_key = $k", ("$k", referralKey));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The one place a partner's client is kept to its own: the search (and so every read, total and page) sees only its rows.</summary>
    private static void AppendVisibility(SearchQuery query, StringBuilder where, List<(string, object?)> parameters)
    {
        if (query.VisibleTo is { } partner)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM resource_partners o WHERE o.type = r.type AND o.id = r.id AND o.partner_id = ")
                .Append(Add(parameters, "$visibleTo", partner)).Append(')');
        }
    }
}
