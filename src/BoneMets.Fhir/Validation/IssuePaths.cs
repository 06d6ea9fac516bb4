using System.Text.RegularExpressions;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Validation;

/// <summary>
/// Firely's issue locations as the FHIRPath the service's OperationOutcomes carry: Firely indexes every step
/// ("Bundle.entry[3].resource[0].code[0]"); the service writes an index only on repeating elements and names the type
/// of a choice ("Bundle.entry[3].resource.value.ofType(Quantity)"), read from the instance and the model.
/// </summary>
internal static partial class IssuePaths
{
    /// <summary>The FHIRPath of a location in <paramref name="root"/>, and the element found there (null when it is not found).</summary>
    public static (string Path, Base? Element) Resolve(Resource root, string location)
    {
        var steps = location.Split('.');
        if (steps.Length == 0 || steps[0] != root.TypeName)
        {
            return (location, null);
        }

        var path = root.TypeName;
        Base? current = root;
        foreach (var step in steps.Skip(1))
        {
            var match = Step().Match(step);
            var name = match.Groups["name"].Value;
            var index = match.Groups["index"].Success ? int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var property = current is null ? null : ModelInfo.ModelInspector.FindOrImportClassMapping(current.GetType())?.FindMappedElementByName(name);
            object? value = null;
            if (current is not null && current.TryGetValue(name, out var found))
            {
                value = found;
            }

            if (property?.IsCollection == true || value is System.Collections.IList)
            {
                path += $".{name}[{index}]";
                current = value is System.Collections.IList list && index < list.Count ? list[index] as Base : null;
            }
            else
            {
                current = value as Base;
                path += property?.Choice == ChoiceType.DatatypeChoice && current is DataType type ? $".{name}.ofType({type.TypeName})" : $".{name}";
            }
        }

        return (path, current);
    }

    /// <summary>
    /// The FHIRPaths of the References in <paramref name="root"/> whose reference is <paramref name="reference"/>; when
    /// <paramref name="definition"/> is given ("ServiceRequest.subject", the element Firely's trace names), only those
    /// at that element of a resource of that type.
    /// </summary>
    public static List<string> Referrers(Resource root, string reference, string? definition)
    {
        var found = new List<string>();
        Walk(root, root.TypeName, root.TypeName, root.TypeName, found);
        return found;

        void Walk(Base node, string location, string resourceType, string definitionPath, List<string> into)
        {
            if (node is ResourceReference r && r.Reference == reference && (definition is null || definition == definitionPath))
            {
                into.Add(Resolve(root, location).Path);
            }

            foreach (var (name, value) in node.EnumerateElements())
            {
                var items = value as System.Collections.IEnumerable is { } list && value is not string ? list.OfType<Base>().ToList() : value is Base one ? [one] : [];
                for (var i = 0; i < items.Count; i++)
                {
                    var child = items[i];
                    var type = child is Resource nested ? nested.TypeName : resourceType;
                    Walk(child, $"{location}.{name}[{i}]", type, child is Resource ? type : $"{definitionPath}.{name}", into);
                }
            }
        }
    }

    [GeneratedRegex(@"^(?<name>[^\[]+)(\[(?<index>\d+)\])?$")]
    private static partial Regex Step();
}
