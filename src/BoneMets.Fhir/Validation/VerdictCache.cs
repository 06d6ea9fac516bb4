using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// The profile validator's verdicts for content it has already seen (issue 17): the same Organization, Practitioner and
/// PractitionerRole arrive in every message from one sender. Keyed by a SHA-256 of the profile URL and the resource's
/// serialized JSON; an entry also keeps the reference types its validation looked up (a reference's allowed targets
/// depend on what the message's fullUrls resolve to), and is used only when every one resolves the same way again.
/// Bounded: the oldest entry goes first. Issues are copied in and out, so callers may change what they get.
/// </summary>
internal sealed class VerdictCache(int capacity)
{
    private readonly Dictionary<string, Verdict> entries = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public static string Key(string profileUrl, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(profileUrl + "\n" + json);
        return Convert.ToHexString(SHA256.HashData(bytes));
    }

    /// <summary>The cached issues (copies) when this content was validated against this profile with the same reference types.</summary>
    public List<Issue>? Find(string key, Func<string, string?> resolveType)
    {
        Verdict? verdict;
        lock (gate)
        {
            entries.TryGetValue(key, out verdict);
        }

        return verdict is not null && verdict.Resolved.All(r => resolveType(r.Reference) == r.Type)
            ? [.. verdict.Issues.Select(i => (Issue)i.DeepCopy())]
            : null;
    }

    public void Add(string key, IReadOnlyList<Issue> issues, IReadOnlyList<(string Reference, string? Type)> resolved)
    {
        var verdict = new Verdict([.. issues.Select(i => (Issue)i.DeepCopy())], [.. resolved]);
        lock (gate)
        {
            if (!entries.ContainsKey(key))
            {
                order.Enqueue(key);
            }

            entries[key] = verdict;
            while (entries.Count > capacity && order.TryDequeue(out var oldest))
            {
                entries.Remove(oldest);
            }
        }
    }

    private sealed record Verdict(List<Issue> Issues, List<(string Reference, string? Type)> Resolved);
}
