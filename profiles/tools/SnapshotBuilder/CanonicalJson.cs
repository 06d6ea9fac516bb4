using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace BoneMets.Fhir.Profiles;

/// <summary>
/// Reading and writing FHIR JSON so that regeneration is byte-identical: Firely's Strict parser, its
/// serializer's element order (the order of the FHIR specification), two-space indentation, LF line ends,
/// one resource per file named Type-id.json.
/// </summary>
internal static class CanonicalJson
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>Every *.json resource in the folder (not its subfolders), keyed by file name.</summary>
    public static SortedDictionary<string, Resource> ReadAll(string directory)
    {
        var resources = new SortedDictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            resources[Path.GetFileName(file)] = Parse(File.ReadAllText(file), file);
        }

        return resources;
    }

    public static Resource Parse(string json, string source)
    {
        try
        {
            return Parser.DeserializeResource(json);
        }
        catch (DeserializationFailedException e)
        {
            throw new InvalidDataException($"{source}: {string.Join("; ", e.Exceptions.Select(x => x.Message))}", e);
        }
    }

    public static string Serialize(Resource resource)
    {
        var json = Serializer.SerializeToString(resource, true).ReplaceLineEndings("\n");
        return json.EndsWith('\n') ? json : json + "\n";
    }

    public static string FileName(Resource resource) => $"{resource.TypeName}-{resource.Id}.json";

    /// <summary>Writes each resource, deletes *.json files that are no longer produced; returns the number written.</summary>
    public static int WriteAll(IEnumerable<Resource> resources, string directory)
    {
        Directory.CreateDirectory(directory);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var name = FileName(resource);
            if (!keep.Add(name))
            {
                throw new InvalidDataException($"two resources would be written to {name}");
            }

            var path = Path.Combine(directory, name);
            var json = Serialize(resource);
            // Unchanged files are left alone: their timestamps stay, and so does a warm build's speed.
            if (!File.Exists(path) || File.ReadAllText(path) != json)
            {
                File.WriteAllText(path, json, new UTF8Encoding(false));
            }
        }

        foreach (var stale in Directory.GetFiles(directory, "*.json").Where(f => !keep.Contains(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }

        return keep.Count;
    }
}
