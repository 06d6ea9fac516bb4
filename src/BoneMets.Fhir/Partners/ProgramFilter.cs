using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Partners;

/// <summary>
/// A partner's one <c>Filter</c>: the search that selects the referrals addressed to this program on the partner's
/// server, e.g. <c>ServiceRequest?performer=Organization/bonemets</c> or <c>Task?owner=Organization/bonemets</c>
/// (also <c>performer:identifier=system|value</c>, <c>owner:identifier=…</c>; comma-separated values are any of).
/// It is the rest-hook criteria, the Backport filter and the poll's search, and — because servers ignore search
/// parameters they do not support, and subscriptions filter loosely — it is checked again on what was fetched: a
/// referral whose performer (Task: owner) is not the program is not taken in, whatever the server returned. Pure.
/// </summary>
public sealed record ProgramFilter(string ResourceType, string Query, string Parameter, IReadOnlyList<string> Values)
{
    public override string ToString() => $"{ResourceType}?{Query}";

    /// <summary>The filter read from configuration, or null with the reason it cannot be one.</summary>
    public static (ProgramFilter? Filter, string? Problem) Parse(string? filter)
    {
        var question = filter?.IndexOf('?', StringComparison.Ordinal) ?? -1;
        var type = question > 0 ? filter![..question].Trim() : null;
        if (type is not ("ServiceRequest" or "Task"))
        {
            return (null, "must be a ServiceRequest or Task search, e.g. ServiceRequest?performer=Organization/bonemets");
        }

        var query = filter![(question + 1)..].Trim();
        var addressee = type == "ServiceRequest" ? "performer" : "owner";
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToList();
        var named = parameters.FirstOrDefault(p => p.Length == 2 && p[1].Length > 0 && (p[0] == addressee || p[0] == addressee + ":identifier"));
        if (named is null)
        {
            return (null, $"must name the program as the referral's {addressee} ({type}?{addressee}=Organization/… or {addressee}:identifier=system|value), so that only referrals addressed to it are taken in");
        }

        var values = Uri.UnescapeDataString(named[1]).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (new ProgramFilter(type, query, named[0], values), null);
    }

    /// <summary>Whether the referral (its ServiceRequest, and its Task when there is one) is addressed to the program.</summary>
    public bool Addresses(ServiceRequest? serviceRequest, Task? task, string partnerBaseUrl)
    {
        // A Task filter names the owner; a referral without its Task is judged by the ServiceRequest's performer.
        IEnumerable<ResourceReference> addressees = ResourceType == "Task" && task is not null
            ? task.Owner is { } owner ? [owner] : []
            : serviceRequest?.Performer ?? [];
        return addressees.Any(a => Parameter.EndsWith(":identifier", StringComparison.Ordinal) ? Values.Any(v => IdentifierMatches(a.Identifier, v)) : Values.Any(v => ReferenceMatches(a.Reference, v, partnerBaseUrl)));
    }

    private static bool ReferenceMatches(string? reference, string value, string baseUrl)
    {
        if (reference is null)
        {
            return false;
        }

        string Local(string r) => (r.StartsWith(baseUrl + "/", StringComparison.Ordinal) ? r[(baseUrl.Length + 1)..] : r).Split("/_history/")[0];
        var local = Local(reference);
        var wanted = Local(value);
        return local == wanted || (!wanted.Contains('/', StringComparison.Ordinal) && local.EndsWith("/" + wanted, StringComparison.Ordinal) && local.Count(c => c == '/') == 1);
    }

    private static bool IdentifierMatches(Identifier? identifier, string token)
    {
        if (identifier?.Value is null)
        {
            return false;
        }

        var bar = token.IndexOf('|', StringComparison.Ordinal);
        return bar < 0
            ? identifier.Value == token
            : identifier.Value == token[(bar + 1)..] && (bar == 0 ? string.IsNullOrEmpty(identifier.System) : identifier.System == token[..bar]);
    }
}
