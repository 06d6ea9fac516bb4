using System.Text;
using BoneMets.Fhir.Search;
using Npgsql;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Store.Postgres;

/// <summary>Partner isolation's rows (ADR 0016), as the SQLite store keeps them: whose referral a key is, whose each resource.</summary>
public sealed partial class PostgresStore
{
    /// <summary>Records the referral as <paramref name="partnerId"/>'s ('' for none) unless it is someone's already; false when it is another's.</summary>
    private static async Task<bool> ClaimReferralAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string referralKey, string? partnerId, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "INSERT INTO referral_partners (referral_key, partner_id) VALUES (@k, @p) ON CONFLICT DO NOTHING",
            cancellationToken, ("k", referralKey), ("p", partnerId ?? ""));
        // No partner named: the message came from a client that acts for every partner (an operator's), since a partner's
        // client may post only in its own partner's name. It joins the referral whoever's it is, and the owner stays.
        var owner = await OwnerAsync(connection, transaction, referralKey, cancellationToken);
        return string.IsNullOrEmpty(partnerId) || owner == partnerId;
    }

    /// <summary>Marks each resource written for a referral as its partner's (a resolved references-only referral takes the pointer's owner when it has none).</summary>
    private static async Task RecordOwnersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string acceptedKey, string referralKey,
        IReadOnlyList<SqliteStore.PreparedResource> resources, CancellationToken cancellationToken)
    {
        var partner = await OwnerAsync(connection, transaction, referralKey, cancellationToken);
        if (partner is null)
        {
            partner = await OwnerAsync(connection, transaction, acceptedKey, cancellationToken) ?? "";
            await ClaimReferralAsync(connection, transaction, referralKey, partner, cancellationToken);
        }

        if (partner.Length == 0 || resources.Count == 0)
        {
            return;
        }

        await ExecuteAsync(connection, transaction,
            "INSERT INTO resource_partners (type, id, partner_id) SELECT t, i, @p FROM unnest(@ts, @is) AS x(t, i) ON CONFLICT DO NOTHING",
            cancellationToken, ("p", partner), ("ts", resources.Select(r => r.Type).ToArray()), ("is", resources.Select(r => r.Id).ToArray()));
    }

    private static async Task<string?> OwnerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string referralKey, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT partner_id FROM referral_partners WHERE referral_key = @k", ("k", referralKey));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The one place a partner's client is kept to its own: the search (and so every read, total and page) sees only its rows.</summary>
    private static void AppendVisibility(SearchQuery query, StringBuilder where, List<(string, object?)> parameters)
    {
        if (query.VisibleTo is { } partner)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM resource_partners o WHERE o.type = r.type AND o.id = r.id AND o.partner_id = ")
                .Append(Add(parameters, "visibleTo", partner)).Append(')');
        }
    }
}
