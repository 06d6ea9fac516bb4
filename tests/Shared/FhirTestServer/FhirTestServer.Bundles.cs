using System.Globalization;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace BoneMets.Fhir.Testing;

/// <summary>
/// Batch (each entry on its own) and transaction (all or nothing: the first entry that fails rolls everything back
/// and its status is the answer; urn:uuid fullUrls become the ids assigned; DELETE, POST, PUT, GET in that order).
/// </summary>
public sealed partial class FhirTestServer
{
    private static readonly FhirJsonSerializer Json = new();
    private static readonly FhirJsonDeserializer StrictJson = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private Answer ServeBundle(FhirRequest request)
    {
        if (ParseOrNull(request.Body ?? "") is not Bundle { Type: Hl7.Fhir.Model.Bundle.BundleType.Batch or Hl7.Fhir.Model.Bundle.BundleType.Transaction } bundle)
        {
            return new Answer(400, Outcome(OperationOutcome.IssueType.Structure, "POST to the base takes a batch or transaction Bundle"));
        }

        var representation = ReturnsRepresentation && request.Header("Prefer")?.Contains("return=representation", StringComparison.OrdinalIgnoreCase) == true;
        return bundle.Type == Hl7.Fhir.Model.Bundle.BundleType.Batch ? Batch(bundle) : Transaction(bundle, representation);
    }

    private Answer Batch(Bundle batch)
    {
        var response = new Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.BatchResponse };
        foreach (var entry in batch.Entry)
        {
            var answer = Interact(store, entry.Request.Method.ToString()!, entry.Request.Url, entry.Resource, entry.Request.IfMatch, entry.Request.IfNoneExist, true);
            response.Entry.Add(ResponseEntry(answer, answer.Body is OperationOutcome ? null : answer.Body));
        }

        return new Answer(200, response);
    }

    private Answer Transaction(Bundle transaction, bool representation)
    {
        var staged = store.Copy();
        var entries = WithLocalIds(transaction, staged);
        var answers = new Answer[entries.Count];
        var order = new[] { Hl7.Fhir.Model.Bundle.HTTPVerb.DELETE, Hl7.Fhir.Model.Bundle.HTTPVerb.POST, Hl7.Fhir.Model.Bundle.HTTPVerb.PUT, Hl7.Fhir.Model.Bundle.HTTPVerb.PATCH, Hl7.Fhir.Model.Bundle.HTTPVerb.GET };
        var inBundle = entries.Where(e => e.Resource?.Id is not null).Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").ToHashSet(StringComparer.Ordinal);
        foreach (var i in Enumerable.Range(0, entries.Count).OrderBy(i => Array.IndexOf(order, entries[i].Request.Method)))
        {
            var entry = entries[i];
            if (RefusesMissingReferences is { } refusal && entry.Resource is { } resource && Dangling(staged, resource, inBundle) is { } missing)
            {
                return new Answer(refusal, Outcome(OperationOutcome.IssueType.Processing, $"Resource {missing} not found, specified in a reference"));
            }

            var answer = Interact(staged, entry.Request.Method.ToString()!, entry.Request.Url, entry.Resource, entry.Request.IfMatch, entry.Request.IfNoneExist, true);
            if (answer.Status >= 400)
            {
                return answer; // nothing of the transaction is kept
            }

            answers[i] = answer;
        }

        store.ReplaceWith(staged);
        Commits++;
        var response = new Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.TransactionResponse };
        response.Entry.AddRange(answers.Select(a => ResponseEntry(a, representation || a.Body is Bundle or { Meta: null } ? a.Body : null)));
        return new Answer(200, response);
    }

    /// <summary>
    /// The entries with the ids the server gives its creates already assigned, and every reference to a created
    /// entry's fullUrl (urn:uuid or not) rewritten to Type/id, as a server does before it stores anything.
    /// </summary>
    private static List<Bundle.EntryComponent> WithLocalIds(Bundle transaction, ResourceStore staged)
    {
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        var ids = new Dictionary<Bundle.EntryComponent, string>();
        foreach (var entry in transaction.Entry.Where(e => e.Resource is not null && e.Request.Method == Hl7.Fhir.Model.Bundle.HTTPVerb.POST))
        {
            var existing = entry.Request.IfNoneExist is { } condition ? Matching(staged, SearchQuery.Parse(entry.Resource.TypeName, condition)) : [];
            ids[entry] = existing is [var one] ? one.Id! : staged.Reserve();
            if (entry.FullUrl is { } fullUrl)
            {
                local[fullUrl] = $"{entry.Resource.TypeName}/{ids[entry]}";
            }
        }

        return [.. transaction.Entry.Select(e =>
        {
            var copy = (Bundle.EntryComponent)e.DeepCopy();
            if (copy.Resource is not null)
            {
                var json = local.Aggregate(Json.SerializeToString(copy.Resource), (j, l) => j.Replace($"\"{l.Key}\"", $"\"{l.Value}\"", StringComparison.Ordinal));
                copy.Resource = StrictJson.DeserializeResource(json)!;
                if (ids.TryGetValue(e, out var id))
                {
                    copy.Resource.Id = id;
                }
            }

            return copy;
        })];
    }

    private static Bundle.EntryComponent ResponseEntry(Answer answer, Resource? body) => new()
    {
        Resource = body,
        Response = new Bundle.ResponseComponent
        {
            Status = $"{answer.Status.ToString(CultureInfo.InvariantCulture)} {StatusText(answer.Status)}",
            Location = answer.Body is { Meta.VersionId: not null } r && r is not Bundle and not OperationOutcome ? Location(r) : null,
            Etag = answer.Body is { Meta.VersionId: not null } v && v is not Bundle and not OperationOutcome ? ETag(v) : null,
            LastModified = answer.Body is { Meta.LastUpdated: { } at } and not Bundle and not OperationOutcome ? at : null,
            Outcome = answer.Body as OperationOutcome,
        },
    };

    private static string StatusText(int status) => status switch
    {
        200 => "OK", 201 => "Created", 204 => "No Content", 400 => "Bad Request", 404 => "Not Found", 409 => "Conflict",
        410 => "Gone", 412 => "Precondition Failed", _ => "",
    };
}

/// <summary>Every literal reference a resource holds, wherever it sits.</summary>
internal static class References
{
    private static readonly FhirJsonSerializer Json = new();

    public static IEnumerable<string> AllReferences(this Resource resource) => Walk(JsonNode.Parse(Json.SerializeToString(resource)));

    private static IEnumerable<string> Walk(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "reference" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Walk(p.Value)),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };
}
