using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// The profile validator's verdicts for content it has already seen (issue 17): the same Organization, Practitioner and
/// PractitionerRole arrive in every message from one sender. Keyed by a SHA-256 of the role, the profile URL and the
/// instance's serialized JSON: the whole instance is in the key (a Bundle with its entries, against which its references
/// resolve), so identical content gets the identical verdict. Bounded: the oldest entry goes first. Issues are copied in and out, so callers may change what they get.
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

    public static string Key(string profile, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(profile + "\n" + json);
        return Convert.ToHexString(SHA256.HashData(bytes));
    }

    /// <summary>The cached issues (copies) when this content was validated against this profile in this role.</summary>
    public List<Issue>? Find(string key)
    {
        Verdict? verdict;
        lock (gate)
        {
            entries.TryGetValue(key, out verdict);
        }

        return verdict is null ? null : [.. verdict.Issues.Select(i => (Issue)i.DeepCopy())];
    }

    public void Add(string key, IReadOnlyList<Issue> issues)
    {
        var verdict = new Verdict([.. issues.Select(i => (Issue)i.DeepCopy())]);
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

    private sealed record Verdict(List<Issue> Issues);
}
