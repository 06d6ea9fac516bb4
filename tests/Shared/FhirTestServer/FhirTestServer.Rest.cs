using System.Globalization;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Testing;

/// <summary>The RESTful interactions on one resource or type: read, vread, search and its pages, create, update, delete.</summary>
public sealed partial class FhirTestServer
{
    private Answer Serve(FhirRequest request) => request.Interaction switch
    {
        FhirInteraction.Capabilities => new Answer(200, Capability ?? DeclaredCapability()),
        FhirInteraction.Batch when !BatchSupported => new Answer(405, Outcome(OperationOutcome.IssueType.NotSupported, "batch is not supported")),
        FhirInteraction.Batch or FhirInteraction.Transaction => ServeBundle(request),
        FhirInteraction.ProcessMessage => ProcessMessage(request),
        FhirInteraction.Page => Page(request),
        FhirInteraction.Search when request.Method == "POST" => Search(store, request.Type!, request.Body ?? ""),
        FhirInteraction.Other => new Answer(400, Outcome(OperationOutcome.IssueType.NotSupported, $"{request.Method} {request.Path} is not a FHIR interaction here")),
        _ => Interact(store, request.Method, request.Path + (request.Query.Length > 0 ? "?" + request.Query : ""),
            request.Body is { } body && request.Method is "POST" or "PUT" ? ParseOrNull(body) : null,
            request.Header("If-Match"), request.Header("If-None-Exist"), !string.Equals(request.Header("Prefer"), "return=minimal", StringComparison.OrdinalIgnoreCase)),
    };

    /// <summary>Serves a write as if it was kept, against a copy that is then thrown away.</summary>
    private Answer ServeDiscarding(FhirRequest request)
    {
        var kept = store.Copy();
        var commits = Commits;
        var answer = Serve(request);
        store.ReplaceWith(kept);
        Commits = commits;
        return answer;
    }

    /// <summary>One interaction by method and URL relative to the base (also each entry of a batch or transaction).</summary>
    private Answer Interact(ResourceStore s, string method, string url, Resource? resource, string? ifMatch, string? ifNoneExist, bool representation)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var query = q >= 0 ? url[(q + 1)..] : "";
        var segments = (q >= 0 ? url[..q] : url).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (method, segments) switch
        {
            ("GET", [var type]) => Search(s, type, query),
            ("GET", [var type, "_search"]) => Search(s, type, query),
            ("GET", [var type, var id]) => Read(s, type, id, null),
            ("GET", [var type, var id, "_history", var version]) => Read(s, type, id, version),
            ("POST", [var type]) when resource?.TypeName == type => Create(s, resource, ifNoneExist, representation),
            ("PUT", [var type, var id]) when resource?.TypeName == type && resource.Id == id => Update(s, resource, ifMatch, representation),
            ("PUT", [var type]) when resource?.TypeName == type && query.Length > 0 => ConditionalUpdate(s, resource, query, ifMatch, representation),
            ("DELETE", [var type, var id]) => s.Delete(type, id) ? new Answer(204, null) : new Answer(404, Outcome(OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known")),
            ("POST" or "PUT", _) => new Answer(400, Outcome(OperationOutcome.IssueType.Invalid, $"{method} {url}: the body is not a resource of that type and id")),
            _ => new Answer(400, Outcome(OperationOutcome.IssueType.NotSupported, $"{method} {url} is not supported")),
        };
    }

    private Answer Read(ResourceStore s, string type, string id, string? version)
    {
        var found = version is null ? s.Read(type, id) : s.VRead(type, id, version);
        if (found is not null)
        {
            return Stored(200, found, true);
        }

        return s.IsDeleted(type, id)
            ? new Answer(410, Outcome(OperationOutcome.IssueType.Deleted, $"{type}/{id} was deleted"))
            : new Answer(404, Outcome(OperationOutcome.IssueType.NotFound, $"{type}/{id}{(version is null ? "" : "/_history/" + version)} is not known"));
    }

    private Answer Create(ResourceStore s, Resource resource, string? ifNoneExist, bool representation)
    {
        if (ifNoneExist is not null)
        {
            var existing = Matching(s, SearchQuery.Parse(resource.TypeName, ifNoneExist));
            switch (existing.Count)
            {
                case 1:
                    return Stored(200, existing[0], representation);
                case > 1:
                    return new Answer(412, Outcome(OperationOutcome.IssueType.Duplicate, $"If-None-Exist '{ifNoneExist}' matches {existing.Count} resources"));
            }
        }

        var created = (Resource)resource.DeepCopy();
        created.Id = s.IdForCreate(resource.Id);
        return Refused(s, created) ?? Stored(201, s.Put(created, Clock.GetUtcNow()), representation);
    }

    private Answer Update(ResourceStore s, Resource resource, string? ifMatch, bool representation)
    {
        var current = s.Read(resource.TypeName, resource.Id);
        if (ifMatch is not null && (current is null || ifMatch != ETag(current)))
        {
            return new Answer(412, Outcome(OperationOutcome.IssueType.Conflict,
                $"If-Match {ifMatch} does not match {resource.TypeName}/{resource.Id}'s version {(current is null ? "(none)" : ETag(current))}"));
        }

        return Refused(s, resource) ?? Stored(current is null ? 201 : 200, s.Put(resource, Clock.GetUtcNow()), representation);
    }

    private Answer ConditionalUpdate(ResourceStore s, Resource resource, string query, string? ifMatch, bool representation)
    {
        var matches = Matching(s, SearchQuery.Parse(resource.TypeName, query));
        if (matches.Count > 1)
        {
            return new Answer(412, Outcome(OperationOutcome.IssueType.Duplicate, $"'{query}' matches {matches.Count} resources"));
        }

        var target = (Resource)resource.DeepCopy();
        target.Id = matches is [var match] ? match.Id : s.NewId();
        return Update(s, target, ifMatch, representation);
    }

    /// <summary>The referential-integrity refusal, when the server enforces it and a relative reference names nothing held.</summary>
    private Answer? Refused(ResourceStore s, Resource resource) =>
        RefusesMissingReferences is { } status && Dangling(s, resource, new HashSet<string>()) is { } missing
            ? new Answer(status, Outcome(OperationOutcome.IssueType.Processing, $"Resource {missing} not found, specified in a reference"))
            : null;

    private static string? Dangling(ResourceStore s, Resource resource, IReadOnlySet<string> alsoKnown) =>
        resource.AllReferences().FirstOrDefault(r => r.Split('/') is [var type, var id] && ModelInfo.IsKnownResource(type)
            && !alsoKnown.Contains(r) && s.Read(type, id) is null);

    private Answer Stored(int status, Resource resource, bool withBody)
    {
        var answer = new Answer(status, withBody ? (Resource)resource.DeepCopy() : null)
            .With("ETag", ETag(resource))
            .With("Last-Modified", resource.Meta.LastUpdated!.Value.ToString("R", CultureInfo.InvariantCulture));
        return status == 201 ? answer.With("Location", $"{BaseUrl}/{Location(resource)}") : answer;
    }

    public static string ETag(Resource resource) => $"W/\"{resource.Meta?.VersionId}\"";

    private static string Location(Resource resource) => $"{resource.TypeName}/{resource.Id}/_history/{resource.Meta.VersionId}";

    private static Resource? ParseOrNull(string body)
    {
        try
        {
            return new FhirRequest("POST", "", "", body, new Dictionary<string, string>()).Resource<Resource>();
        }
        catch (Exception e) when (e is Hl7.Fhir.Serialization.DeserializationFailedException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private Answer ProcessMessage(FhirRequest request)
    {
        if (ParseOrNull(request.Body ?? "") is not Bundle { Type: Hl7.Fhir.Model.Bundle.BundleType.Message } message)
        {
            return new Answer(400, Outcome(OperationOutcome.IssueType.Structure, "$process-message takes a message Bundle"));
        }

        Messages.Enqueue(message);
        return new Answer(200, null);
    }
}
