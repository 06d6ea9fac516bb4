using System.Collections;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Fhir;

/// <summary>Finds every Reference inside a resource with its FHIRPath location (repeating elements indexed).</summary>
public static class ReferenceWalker
{
    public static IEnumerable<(string Path, ResourceReference Reference)> Walk(Base element, string path)
    {
        foreach (var (name, value) in element.EnumerateElements())
        {
            if (value is IList list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is Base item)
                    {
                        foreach (var found in Visit(item, $"{path}.{name}[{i}]"))
                        {
                            yield return found;
                        }
                    }
                }
            }
            else if (value is Base single)
            {
                foreach (var found in Visit(single, $"{path}.{name}"))
                {
                    yield return found;
                }
            }
        }
    }

    private static IEnumerable<(string, ResourceReference)> Visit(Base item, string path)
    {
        if (item is Resource)
        {
            yield break; // contained resources are their own scope
        }

        if (item is ResourceReference reference)
        {
            yield return (path, reference);
        }

        foreach (var found in Walk(item, path))
        {
            yield return found;
        }
    }
}
