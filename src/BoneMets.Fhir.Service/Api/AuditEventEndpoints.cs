using System.Globalization;
using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Service.Auth;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Primitives;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>
/// The audit trail, read and searched at GET /fhir/AuditEvent (date, agent, entity, outcome, type, subtype; paged by
/// the next link as the other searches). The gate asks for system/AuditEvent.r or .s (system/AuditEvent.rs for both);
/// a partner's client is refused even with that scope: the trail records every partner's accesses, and is for the
/// program's auditor and operator clients.
/// </summary>
internal static class AuditEventEndpoints
{
    public static RouteGroupBuilder MapAuditTrail(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/AuditEvent", SearchAsync);
        fhir.MapGet("/AuditEvent/{id}", ReadAsync);
        return fhir;
    }

    /// <summary>What the CapabilityStatement says of AuditEvent.</summary>
    public static CapabilityStatement.ResourceComponent Capability => new()
    {
        Type = "AuditEvent",
        Documentation = "The audit trail: one AuditEvent (IHE BALP) per request to this FHIR base and per coordinator action, allowed or refused. " +
            "Entities are references; search queries are kept with the values that could name a person redacted. For clients with no partner.",
        Interaction = [new() { Code = CapabilityStatement.TypeRestfulInteraction.Read }, new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }],
        SearchParam =
        [
            Param("date", SearchParamType.Date), Param("agent", SearchParamType.Reference), Param("entity", SearchParamType.Reference),
            Param("outcome", SearchParamType.Token), Param("type", SearchParamType.Token), Param("subtype", SearchParamType.Token),
        ],
    };

    private static CapabilityStatement.SearchParamComponent Param(string name, SearchParamType type) =>
        new() { Name = name, Type = type, Definition = $"http://hl7.org/fhir/SearchParameter/AuditEvent-{name}" };

    private static async Task<IResult> ReadAsync(string id, HttpContext context, IAuditStore store, CancellationToken cancellationToken)
    {
        if (PartnerRefusal(context) is { } refused)
        {
            return refused;
        }

        var json = id.Length <= 64 ? await store.ReadAuditEventAsync(id, cancellationToken) : null;
        return json is null ? FhirResults.Error(StatusCodes.Status404NotFound, IssueType.NotFound, "That AuditEvent is not known to this server.") : FhirResults.Json(json);
    }

    private static async Task<IResult> SearchAsync(HttpContext context, IAuditStore store, CancellationToken cancellationToken)
    {
        if (PartnerRefusal(context) is { } refused)
        {
            return refused;
        }

        var strict = context.Request.Headers["Prefer"].Any(p => p?.Contains("handling=strict", StringComparison.OrdinalIgnoreCase) == true);
        var (search, issues) = AuditSearch.Parse(context.Request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))), strict);
        if (search is null)
        {
            return FhirResults.Resource(Outcomes.Of(issues), StatusCodes.Status400BadRequest);
        }

        var page = await store.SearchAuditEventsAsync(search, cancellationToken);
        var baseUrl = FhirResults.BaseUrl(context.Request);
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Bundle.BundleType.Searchset,
            Total = page.Total,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = Link(baseUrl, search, search.Cursor) }],
            Entry = page.Events.Select(json => FhirJson.Parse<AuditEvent>(json)).Select(audit => new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/AuditEvent/{audit.Id}",
                Resource = audit,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            }).ToList(),
        };
        if (page.NextCursor is { } next)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Link(baseUrl, search, next) });
        }

        if (issues.Count > 0)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = Outcomes.Of(issues), Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome } });
        }

        return FhirResults.Resource(bundle);
    }

    private static IResult? PartnerRefusal(HttpContext context) => context.Features.Get<IFhirAccessFeature>()?.Partner is null ? null
        : FhirResults.Error(StatusCodes.Status403Forbidden, IssueType.Forbidden, "The audit trail is open to the program's auditor and operator clients, not to a partner's.");

    private static string Link(string baseUrl, AuditSearch search, long cursor)
    {
        var parameters = search.Applied.Select(p => KeyValuePair.Create(p.Name, (StringValues)p.Value)).ToList();
        if (cursor > 0)
        {
            parameters.Add(KeyValuePair.Create("_cursor", (StringValues)cursor.ToString(CultureInfo.InvariantCulture)));
        }

        return $"{baseUrl}/AuditEvent" + QueryString.Create(parameters);
    }
}
