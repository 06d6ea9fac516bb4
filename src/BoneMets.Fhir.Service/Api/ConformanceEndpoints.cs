using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// read and search (by url or _id) of the project's conformance resources — StructureDefinition, ValueSet,
/// CodeSystem — served as committed in profiles/generated, from the copy embedded in the library: not from the store.
/// </summary>
internal static class ConformanceEndpoints
{
    public static readonly string[] Types = ["StructureDefinition", "ValueSet", "CodeSystem"];

    public static RouteGroupBuilder MapConformance(this RouteGroupBuilder fhir)
    {
        foreach (var type in Types)
        {
            fhir.MapGet($"/{type}/{{id}}", (string id) => Read(type, id));
            fhir.MapGet($"/{type}", (HttpRequest request) => Search(type, request));
        }

        return fhir;
    }

    private static IResult Read(string type, string id) => ProfileSet.Embedded.ConformanceJson(type, id) is { } json
        ? FhirResults.Json(json)
        : FhirResults.Error(StatusCodes.Status404NotFound, IssueType.NotFound, $"{type}/{id} is not one of this server's conformance resources.");

    private static IResult Search(string type, HttpRequest request)
    {
        var url = request.Query["url"].FirstOrDefault();
        var id = request.Query["_id"].FirstOrDefault();
        var baseUrl = FhirResults.BaseUrl(request);
        var matches = All(type).Where(r => (url is null || Url(r) == url) && (id is null || r.Id == id)).ToList();
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Bundle.BundleType.Searchset,
            Total = matches.Count,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/{type}{request.QueryString}" }],
            Entry = matches.Select(r => new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{type}/{r.Id}",
                Resource = r,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            }).ToList(),
        };
        return FhirResults.Resource(bundle);
    }

    private static IEnumerable<Resource> All(string type) => type switch
    {
        "StructureDefinition" => ProfileSet.Embedded.Profiles.Values.OrderBy(p => p.Id, StringComparer.Ordinal),
        "ValueSet" => ProfileSet.Embedded.ValueSets,
        _ => ProfileSet.Embedded.CodeSystems,
    };

    private static string? Url(Resource resource) => resource switch
    {
        StructureDefinition sd => sd.Url,
        ValueSet vs => vs.Url,
        CodeSystem cs => cs.Url,
        _ => null,
    };

}
