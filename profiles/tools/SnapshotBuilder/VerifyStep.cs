using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Profiles;

/// <summary>
/// The examples, the sample messages and the profiles agree: every example is checked against its
/// meta.profile, every sample message (and each of its entries) against the profile the service's own
/// reading assigns, and every example that is a copy of a sample entry (or of a resource the service
/// wrote, with --write-back) must equal it, meta aside.
/// </summary>
internal static class VerifyStep
{
    public static System.Threading.Tasks.Task<int> RunAsync(string generatedDirectory, string samplesDirectory, string? invalidDirectory, string? writeBackDirectory)
    {
        var generated = Load(Directory.GetFiles(generatedDirectory, "*.json"));
        var profiles = generated.Select(g => g.Resource).OfType<StructureDefinition>().Where(sd => sd.Url is not null).ToDictionary(sd => sd.Url!, StringComparer.Ordinal);
        var resources = generated.Select(g => g.Resource).ToList();
        var valueSets = ValueSetCodes.Expand(resources.OfType<ValueSet>(), resources.OfType<CodeSystem>());
        var checker = new ProfileChecker(profiles, valueSets);
        var report = new Report();

        var examples = generated.Where(g => g.Resource is not (StructureDefinition or CodeSystem or ValueSet)).ToList();
        foreach (var (file, resource, json) in examples)
        {
            var profile = JsonMatch.Primitive(json["meta"]?["profile"]?[0]);
            report.Add(file, profile is null ? [new Finding(true, "example has no meta.profile")] : checker.Check(resource, json, profile, StandaloneType));
            CheckEntries(checker, resource, json, file, writtenBack: profile?.EndsWith("case-document", StringComparison.Ordinal) == true, valueSets, report);
        }

        var samples = Load(Directory.GetFiles(samplesDirectory, "*.json"));
        foreach (var (file, resource, json) in samples)
        {
            // A references-only message (ADR 10) lacks, by design, what the message profile requires until the service
            // fetches the referral from its partner: as at intake, only its entries are held to their profiles.
            if (!IsReferencesOnly(json))
            {
                report.Add(file, checker.Check(resource, json, ProfileRules.Base + "bonemets-referral-message", BundleTypes(json)));
            }

            CheckEntries(checker, resource, json, file, writtenBack: false, valueSets, report);
        }

        var written = writeBackDirectory is null ? [] : Load(Directory.GetFiles(writeBackDirectory, "*.json", SearchOption.AllDirectories));
        foreach (var (file, resource, json) in written)
        {
            if (ProfileRules.ProfileFor(json, writtenBack: true, valueSets) is { } profile)
            {
                report.Add(file, checker.Check(resource, json, profile, StandaloneType));
                CheckEntries(checker, resource, json, file, writtenBack: true, valueSets, report);
            }
        }

        var rejected = invalidDirectory is null ? 0 : CheckInvalid(checker, invalidDirectory, valueSets, report);
        var compared = Agreement.Compare(examples, samples, written, report);
        Console.WriteLine($"verify: {report.Checked} resources checked against the profiles ({examples.Count} examples, {samples.Count} sample messages" +
            (writeBackDirectory is null ? "" : $", {written.Count} written-back files") + $"), {compared} examples compared with their source, " +
            $"{rejected} invalid messages rejected: " +
            $"{report.Errors} errors, {report.Warnings} warnings");
        return Task.FromResult(report.Errors > 0 ? 1 : 0);
    }

    private static void CheckEntries(ProfileChecker checker, Resource resource, JsonObject json, string file, bool writtenBack,
        IReadOnlyDictionary<string, HashSet<(string System, string Code)>> valueSets, Report report)
    {
        if (resource is not Bundle bundle || json["entry"] is not JsonArray entries)
        {
            return;
        }

        var resolve = BundleTypes(json);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i]?["resource"] is JsonObject entry && bundle.Entry[i].Resource is { } poco && ProfileRules.ProfileFor(entry, writtenBack, valueSets) is { } profile)
            {
                report.Add($"{file} entry[{i}]", checker.Check(poco, entry, profile, resolve));
            }
        }
    }

    /// <summary>
    /// Every message of samples/invalid that parses (Strict) must break the profiles, as it breaks the service's
    /// contract; the others (malformed JSON, too deep, unknown element) fail before any profile applies.
    /// </summary>
    private static int CheckInvalid(ProfileChecker checker, string directory, IReadOnlyDictionary<string, HashSet<(string System, string Code)>> valueSets, Report report)
    {
        var rejected = 0;
        foreach (var file in Directory.GetFiles(directory, "*.json").Where(f => Path.GetFileName(f) != "manifest.json").Order(StringComparer.Ordinal))
        {
            Loaded loaded;
            try
            {
                loaded = Load([file])[0];
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or InvalidOperationException)
            {
                rejected++; // rejected by the parser, as the service rejects it
                continue;
            }

            var probe = new Report(quiet: true);
            if (loaded.Resource is Bundle)
            {
                probe.Add(loaded.File, checker.Check(loaded.Resource, loaded.Json, ProfileRules.Base + "bonemets-referral-message", BundleTypes(loaded.Json)));
                CheckEntries(checker, loaded.Resource, loaded.Json, loaded.File, writtenBack: false, valueSets, probe);
            }

            if (loaded.Resource is Bundle && probe.Errors == 0)
            {
                report.Add(loaded.File, [new Finding(true, "an invalid message passes every profile check; the profiles miss a rule the service enforces")]);
            }
            else
            {
                rejected++;
            }
        }

        return rejected;
    }

    /// <summary>The MessageHeader's one focus is an absolute http(s) URL that no entry's fullUrl is: a references-only referral.</summary>
    private static bool IsReferencesOnly(JsonObject bundle)
    {
        var entries = (bundle["entry"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var focus = entries.FirstOrDefault()?["resource"]?["focus"] as JsonArray;
        return focus is [JsonObject only] && JsonMatch.Primitive(only["reference"]) is { } target
            && (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal))
            && entries.All(e => JsonMatch.Primitive(e["fullUrl"]) != target);
    }

    /// <summary>Relative ("Type/id") and absolute RESTful references give their type; others are unknown.</summary>
    private static string? StandaloneType(string reference)
    {
        var parts = reference.Split('/');
        return reference.StartsWith("urn:", StringComparison.Ordinal) || parts.Length < 2 ? null : parts[^2];
    }

    private static Func<string, string?> BundleTypes(JsonObject bundle)
    {
        var byFullUrl = (bundle["entry"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => JsonMatch.Primitive(e["fullUrl"]) is not null && e["resource"] is JsonObject)
            .GroupBy(e => JsonMatch.Primitive(e["fullUrl"])!)
            .ToDictionary(g => g.Key, g => JsonMatch.Primitive(g.First()["resource"]!["resourceType"]), StringComparer.Ordinal);
        return reference => byFullUrl.TryGetValue(reference, out var type) ? type : StandaloneType(reference);
    }

    private static List<Loaded> Load(IEnumerable<string> files) => files.Order(StringComparer.Ordinal).Select(file =>
    {
        var text = File.ReadAllText(file);
        return new Loaded(Path.GetFileName(file), CanonicalJson.Parse(text, file), JsonNode.Parse(text)!.AsObject());
    }).ToList();
}

internal sealed record Loaded(string File, Resource Resource, JsonObject Json);

/// <summary>Counts findings and prints them (unless quiet).</summary>
internal sealed class Report(bool quiet = false)
{
    public int Checked { get; private set; }

    public int Errors { get; private set; }

    public int Warnings { get; private set; }

    public void Add(string what, IEnumerable<Finding> findings)
    {
        Checked++;
        foreach (var finding in findings)
        {
            if (finding.IsError)
            {
                Errors++;
            }
            else
            {
                Warnings++;
            }

            if (!quiet)
            {
                Console.WriteLine($"{(finding.IsError ? "error" : "warning")}: {what}: {finding.Message}");
            }
        }
    }
}
