using System.Globalization;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Service.Auth;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Primitives;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>read, vread and search-type over the resources received and produced, as the caller may see them (<see cref="PartnerView"/>).</summary>
internal static partial class ResourceEndpoints
{
    public static async Task<IResult> ReadAsync(string type, string id, HttpContext context, PartnerView store, CancellationToken cancellationToken)
    {
        if ((UnknownType(type) ?? BadId(id)) is { } unknown)
        {
            return unknown;
        }

        var stored = await store.ReadAsync(FhirCaller.Partner(context), type, id, cancellationToken);
        return stored is null ? NotFound(type, id) : WithVersionHeaders(context, stored);
    }

    public static async Task<IResult> VReadAsync(string type, string id, string version, HttpContext context, PartnerView store, CancellationToken cancellationToken)
    {
        if ((UnknownType(type) ?? BadId(id)) is { } unknown)
        {
            return unknown;
        }

        var stored = int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? await store.ReadVersionAsync(FhirCaller.Partner(context), type, id, v, cancellationToken) : null;
        return stored is null ? NotFound(type, $"{id}/_history/{version}") : WithVersionHeaders(context, stored);
    }

    public static async Task<IResult> SearchAsync(string type, HttpContext context, PartnerView store, CancellationToken cancellationToken)
    {
        if (UnknownType(type) is { } unknown)
        {
            return unknown;
        }

        var strict = context.Request.Headers["Prefer"].Any(p => p?.Contains("handling=strict", StringComparison.OrdinalIgnoreCase) == true);
        var parameters = context.Request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? string.Empty)));
        var (query, issues) = SearchQuery.Parse(type, parameters, strict);
        if (query is null)
        {
            return FhirResults.Resource(Outcomes.Of(issues), StatusCodes.Status400BadRequest);
        }

        var page = await store.SearchAsync(FhirCaller.Partner(context), query, cancellationToken);
        var baseUrl = FhirResults.BaseUrl(context.Request);
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Bundle.BundleType.Searchset,
            Total = page.Total,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = Link(baseUrl, query, query.Cursor) }],
            Entry = page.Resources.Select(r => new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{r.Type}/{r.Id}",
                Resource = FhirJson.ParseResource(r.Json),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            }).ToList(),
        };
        // Includes are per page: what this page's matches reference and what references them (FHIR search §3.1.1.5.4).
        var (included, truncated) = await store.IncludedAsync(FhirCaller.Partner(context), query, page.Resources, cancellationToken);
        bundle.Entry.AddRange(included.Select(r => new Bundle.EntryComponent
        {
            FullUrl = $"{baseUrl}/{r.Type}/{r.Id}",
            Resource = FhirJson.ParseResource(r.Json),
            Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include },
        }));
        if (truncated)
        {
            issues.Add(Outcomes.Issue(OperationOutcome.IssueSeverity.Warning, IssueType.TooCostly, "_revinclude",
                $"More than {SearchQuery.MaxCount} resources reference this page's matches under a _revinclude; the first {SearchQuery.MaxCount} are included. Ask for smaller pages (_count)."));
        }

        if (page.NextCursor is { } next)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Link(baseUrl, query, next) });
        }

        if (issues.Count > 0)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:" + Guid.NewGuid(),
                Resource = Outcomes.Of(issues),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
            });
        }

        return FhirResults.Resource(bundle);
    }

    /// <summary>The self and next links carry only the parameters the server applied (FHIR: ignored ones are left out).</summary>
    private static string Link(string baseUrl, SearchQuery query, long cursor)
    {
        var parameters = query.Applied.Select(p => KeyValuePair.Create(p.Name, (StringValues)p.Value)).ToList();
        if (cursor > 0)
        {
            parameters.Add(KeyValuePair.Create("_cursor", (StringValues)cursor.ToString(CultureInfo.InvariantCulture)));
        }

        return $"{baseUrl}/{query.ResourceType}" + Microsoft.AspNetCore.Http.QueryString.Create(parameters);
    }

    private static IResult WithVersionHeaders(HttpContext context, StoredResource stored)
    {
        context.Response.Headers.ETag = $"W/\"{stored.Version}\"";
        context.Response.Headers.LastModified = stored.LastUpdated.ToString("R", CultureInfo.InvariantCulture);
        return FhirResults.Json(stored.Json);
    }

    /// <summary>404 for a type R4 does not have, matched case-sensitively as FHIR names are ("/fhir/task" is not Task).</summary>
    private static IResult? UnknownType(string type) => Hl7.Fhir.Model.ModelInfo.SupportedResources.Contains(type, StringComparer.Ordinal) ? null
        : FhirResults.Error(StatusCodes.Status404NotFound, IssueType.NotSupported,
            type.Length <= 64 && type.All(char.IsAsciiLetter) ? $"'{type}' is not a FHIR R4 resource type." : "That is not a FHIR R4 resource type.");

    /// <summary>400 for an id FHIR cannot have (R4 id: 1 to 64 of A-Z, a-z, 0-9, '-' and '.'); the value is not echoed.</summary>
    private static IResult? BadId(string id) => FhirId().IsMatch(id) ? null
        : FhirResults.Error(StatusCodes.Status400BadRequest, IssueType.Invalid, "A FHIR id is 1 to 64 letters, digits, '-' or '.'.", "id");

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[A-Za-z0-9\-\.]{1,64}\z")]
    private static partial System.Text.RegularExpressions.Regex FhirId();

    private static IResult NotFound(string type, string id) =>
        FhirResults.Error(StatusCodes.Status404NotFound, IssueType.NotFound, $"{type}/{id} is not known to this server.");
}
