using System.Globalization;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Testing;

/// <summary>Search: filters, <c>_include</c>/<c>_revinclude</c>, <c>_count</c> and next links in the configured form.</summary>
public sealed partial class FhirTestServer
{
    private static List<Resource> Matching(ResourceStore s, SearchQuery query) =>
        [.. s.OfType(query.Type).Where(r => query.Matches(r, reference => Resolve(s, reference)))];

    private static Resource? Resolve(ResourceStore s, string reference) =>
        reference.Split('/') is [.., var type, var id] ? s.Read(type, id) : null;

    private Answer Search(ResourceStore s, string type, string rawQuery)
    {
        var query = SearchQuery.Parse(type, rawQuery);
        if (query.UnknownFilter() is { } unknown)
        {
            return new Answer(400, Outcome(OperationOutcome.IssueType.NotSupported, $"Unknown search parameter '{unknown}' for resource type '{type}'"));
        }

        var matches = SearchMatch.Sorted(Matching(s, query), query.All("_sort").FirstOrDefault());
        var included = IncludeSupported ? Included(s, query, matches) : [];
        var offset = query.Number("_offset") ?? 0;
        var size = Math.Min(query.Number("_count") ?? PageSize, PageSize);
        var searchId = $"s{searches.Count}";
        searches.Add((type, [.. matches.Select(m => (Resource)m.DeepCopy())], [.. included.Select(m => (Resource)m.DeepCopy())]));
        var next = offset + size < matches.Count ? NextLink(type, query.Without("_offset"), searchId, offset + size, size) : null;
        return new Answer(200, Searchset(matches, included, offset, size, next));
    }

    private Answer Page(FhirRequest request)
    {
        var parameters = SearchQuery.Parse("", request.Query);
        var (searchId, offset) = request.Segments is ["_page", var id, var at]
            ? (id, int.Parse(at, CultureInfo.InvariantCulture))
            : (parameters.All("_getpages").First(), parameters.Number("_getpagesoffset") ?? 0);
        var index = int.TryParse(searchId.TrimStart('s'), CultureInfo.InvariantCulture, out var i) && i < searches.Count ? i : -1;
        if (index < 0)
        {
            return new Answer(410, Outcome(OperationOutcome.IssueType.NotFound, $"Search {searchId} has expired or is not known"));
        }

        var (type, matches, included) = searches[index];
        var size = Math.Min(parameters.Number("_count") ?? PageSize, PageSize);
        var next = offset + size < matches.Count ? NextLink(type, "", searchId, offset + size, size) : null;
        return new Answer(200, Searchset(matches, included, offset, size, next));
    }

    private string NextLink(string type, string query, string searchId, int offset, int size) => Paging switch
    {
        PageLinkForm.HapiGetPages or PageLinkForm.PathPage => PageLinks.Next(Paging, BaseUrl, type, query, searchId, offset, size),
        _ => PageLinks.Next(Paging, BaseUrl, type, query.Length > 0 ? query : $"_count={size}", searchId, offset, size).Replace("?&", "?", StringComparison.Ordinal),
    };

    private Bundle Searchset(List<Resource> matches, List<Resource> included, int offset, int size, string? next)
    {
        var bundle = new Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Searchset, Total = matches.Count };
        bundle.Entry.AddRange(matches.Skip(offset).Take(size).Select(r => Entry(SearchView((Resource)r.DeepCopy()), Hl7.Fhir.Model.Bundle.SearchEntryMode.Match)));
        if (offset == 0)
        {
            bundle.Entry.AddRange(included.Select(r => Entry((Resource)r.DeepCopy(), Hl7.Fhir.Model.Bundle.SearchEntryMode.Include)));
        }

        if (next is not null)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = next });
        }

        return bundle;
    }

    private Bundle.EntryComponent Entry(Resource r, Bundle.SearchEntryMode mode) =>
        new() { FullUrl = $"{BaseUrl}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = mode } };

    /// <summary><c>_include=Type:param[:Target]</c> adds what matches reference; <c>_revinclude=Type:param</c> adds what references a match.</summary>
    private static List<Resource> Included(ResourceStore s, SearchQuery query, List<Resource> matches)
    {
        var found = new List<Resource>();
        foreach (var include in query.All("_include").Select(i => i.Split(':')).Where(i => i.Length >= 2))
        {
            found.AddRange(matches.Where(m => m.TypeName == include[0])
                .SelectMany(m => SearchMatch.References(m, include[1]))
                .Where(r => include.Length < 3 || r.StartsWith(include[2] + "/", StringComparison.Ordinal))
                .Select(r => Resolve(s, r)).OfType<Resource>());
        }

        foreach (var revinclude in query.All("_revinclude").Select(i => i.Split(':')).Where(i => i.Length >= 2))
        {
            var keys = matches.Select(m => $"{m.TypeName}/{m.Id}").ToHashSet(StringComparer.Ordinal);
            found.AddRange(s.OfType(revinclude[0]).Where(r => SearchMatch.References(r, revinclude[1]).Any(keys.Contains)));
        }

        var shown = matches.Select(m => $"{m.TypeName}/{m.Id}").ToHashSet(StringComparer.Ordinal);
        return [.. found.DistinctBy(r => $"{r.TypeName}/{r.Id}").Where(r => !shown.Contains($"{r.TypeName}/{r.Id}"))];
    }

    /// <summary>What the server holds and does: every type it holds or <see cref="DeclaredTypes"/> names, with all its R4 search parameters.</summary>
    private CapabilityStatement DeclaredCapability()
    {
        var rest = new CapabilityStatement.RestComponent { Mode = CapabilityStatement.RestfulCapabilityMode.Server };
        rest.Interaction.Add(new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction });
        if (BatchSupported)
        {
            rest.Interaction.Add(new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch });
        }

        foreach (var type in store.Current.Select(r => r.TypeName).Concat(DeclaredTypes).Distinct().Order(StringComparer.Ordinal))
        {
            var parameters = ModelInfo.SearchParameters.Where(p => p.Resource == type && p.Name is not null).ToList();
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                SearchParam = [.. parameters.Select(p => new CapabilityStatement.SearchParamComponent { Name = p.Name, Type = p.Type })],
                SearchInclude = IncludeSupported ? [.. parameters.Where(p => p.Type == SearchParamType.Reference).Select(p => $"{type}:{p.Name}")] : [],
                SearchRevInclude = IncludeSupported ? ["*"] : [],
            });
        }

        return new CapabilityStatement
        {
            Status = PublicationStatus.Active, Kind = CapabilityStatementKind.Instance, FhirVersion = FHIRVersion.N4_0_1,
            Date = Clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Format = ["json"], Rest = [rest],
        };
    }
}
