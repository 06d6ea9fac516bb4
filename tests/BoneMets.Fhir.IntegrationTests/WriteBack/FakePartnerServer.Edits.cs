using System.Text.Json.Nodes;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>Edits made at the partner by its clinicians (concurrent with the program's writes).</summary>
public sealed partial class FakePartnerServer
{
    /// <summary>
    /// A clinician adds a note to the Task the transaction updates (else to the first Task held): the transaction's
    /// If-Match is then stale. Recorded in <see cref="Edits"/>, to check that no edit is overwritten.
    /// </summary>
    private void EditTaskOf(string body)
    {
        var updated = (JsonNode.Parse(body)?["entry"]?.AsArray() ?? []).Select(e => e?["request"]?["url"]?.GetValue<string>())
            .FirstOrDefault(u => u is not null && u.StartsWith("Task/", StringComparison.Ordinal) && resources.ContainsKey(u));
        if (updated is null && !resources.Keys.Any(k => k.StartsWith("Task/", StringComparison.Ordinal)))
        {
            return;
        }

        var text = NumberedEdits ? $"{ConcurrentNote} #{Edits.Count + 1}" : ConcurrentNote;
        var key = Edit("Task", task => task["note"] = new JsonArray(
            [.. (task["note"]?.AsArray() ?? []).Select(n => n?.DeepClone()), new JsonObject { ["text"] = text }]), updated);
        Edits.Add((key, text));
    }

    /// <summary>The notes added by concurrent edits, and to which Task.</summary>
    public List<(string Key, string Note)> Edits { get; } = [];

    /// <summary>Number each concurrent edit's note, so every one can be looked for afterwards. Default false.</summary>
    public bool NumberedEdits { get; set; }

    private string Edit(string type, Action<JsonObject> edit, string? key = null)
    {
        var versions = key is null ? null : resources[key];
        if (versions is null)
        {
            (key, versions) = resources.First(r => r.Key.StartsWith(type + "/", StringComparison.Ordinal));
        }

        var next = (JsonObject)versions[^1].DeepClone();
        edit(next);
        Stamp(next, key!.Split('/')[1], versions.Count + 1);
        versions.Add(next);
        return key;
    }
}
