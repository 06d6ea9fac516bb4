using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Validation;

/// <summary>A snapshot as a tree, by element id ("Observation.component:lesionType.value[x]").</summary>
internal sealed class ElementNode(ElementDefinition definition, string name, string? sliceName)
{
    public ElementDefinition Definition { get; } = definition;

    /// <summary>The element's name within its parent, e.g. "value[x]".</summary>
    public string Name { get; } = name;

    public string? SliceName { get; } = sliceName;

    public List<ElementNode> Children { get; } = [];

    public static ElementNode Build(IEnumerable<ElementDefinition> snapshot)
    {
        var byId = new Dictionary<string, ElementNode>(StringComparer.Ordinal);
        ElementNode? root = null;
        foreach (var element in snapshot)
        {
            var id = element.ElementId ?? element.Path ?? string.Empty;
            var cut = id.LastIndexOf('.');
            var last = cut < 0 ? id : id[(cut + 1)..];
            var colon = last.IndexOf(':', StringComparison.Ordinal);
            var node = new ElementNode(element, colon < 0 ? last : last[..colon], colon < 0 ? null : last[(colon + 1)..]);
            byId[id] = node;
            if (cut < 0)
            {
                root = node;
            }
            else if (byId.TryGetValue(id[..cut], out var parent))
            {
                parent.Children.Add(node);
            }
        }

        return root ?? throw new InvalidDataException("snapshot has no root element");
    }

    /// <summary>The descendant at a dotted path of plain names (slice children), or null.</summary>
    public ElementNode? Find(string path)
    {
        var node = this;
        foreach (var part in path.Split('.'))
        {
            node = node?.Children.FirstOrDefault(c => c.SliceName is null && (c.Name == part || c.Name == part + "[x]"));
        }

        return node;
    }
}
