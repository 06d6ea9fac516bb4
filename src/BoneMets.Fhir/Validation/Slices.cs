using System.Text.Json.Nodes;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Issue = Hl7.Fhir.Model.OperationOutcome.IssueComponent;

namespace BoneMets.Fhir.Validation;

/// <summary>Slicing as the project's profiles use it: pattern/value discriminators (and type slices of a choice), order and closure.</summary>
internal static class Slices
{
    /// <summary>Whether an item belongs to a slice: by its pattern/value discriminators, or, for a choice type slice, by its JSON name.</summary>
    public static bool Contains(ElementNode slice, InstanceItem instance, ElementDefinition? sliced)
    {
        var (key, item) = (instance.Key, instance.Value);
        if (slice.Name.EndsWith("[x]", StringComparison.Ordinal))
        {
            return key == slice.SliceName;
        }

        var discriminators = sliced?.Slicing?.Discriminator ?? [];
        return discriminators.Count > 0 && discriminators.All(d =>
        {
            if (d.Path == "url" && slice.Definition.Type.FirstOrDefault()?.Profile.FirstOrDefault() is { } extensionUrl)
            {
                return JsonMatch.Primitive(item["url"]) == extensionUrl;
            }

            var target = d.Path == "$this" ? slice : slice.Find(d.Path ?? string.Empty);
            var expected = target?.Definition.Pattern ?? target?.Definition.Fixed;
            var actual = d.Path == "$this" ? item : (item as JsonObject)?[d.Path ?? string.Empty];
            return expected is not null && JsonMatch.Contains(actual, ProfileValidator.ToJson(expected));
        });
    }

    /// <summary>Ordered slicing: items in the slices' order. Closed slicing: no item outside the slices.</summary>
    public static List<Issue> CheckOrder(List<InstanceItem> items, List<ElementNode> slices, ElementDefinition sliced,
        ElementDefinition.SlicingComponent slicing, string elementPath, string profile)
    {
        var issues = new List<Issue>();
        var last = -1;
        foreach (var item in items)
        {
            var index = slices.FindIndex(s => Contains(s, item, sliced));
            if (index < 0 && slicing.Rules == ElementDefinition.SlicingRules.Closed)
            {
                issues.Add(Outcomes.Error(IssueType.Structure, item.Path,
                    $"{item.Path} matches none of the slices of {elementPath}, and the profile {profile} allows no others."));
            }
            else if (index >= 0 && index < last && slicing.Ordered == true)
            {
                issues.Add(Outcomes.Error(IssueType.Structure, item.Path,
                    $"{item.Path} (slice '{slices[index].SliceName}') comes after slice '{slices[last].SliceName}'; the profile {profile} orders {elementPath} as {string.Join(", ", slices.Select(s => s.SliceName))}."));
            }

            last = Math.Max(last, index);
        }

        return issues;
    }
}
