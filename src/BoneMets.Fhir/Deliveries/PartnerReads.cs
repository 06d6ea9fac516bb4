using System.Net;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Deliveries;

/// <summary>
/// What a read of the partner's copy came to: found (its id, version and content), absent (404/410 by id, or no match
/// by identifier), or failed (anything else: the outcome to record — transient retries, a permanent 4xx parks). A
/// failed read never changes the plan (ADR 0011): the delivery is retried as it stands.
/// </summary>
public abstract record CopyRead
{
    public sealed record Found(PartnerCopy Copy) : CopyRead;

    public sealed record Absent : CopyRead;

    public sealed record Failed(DeliveryOutcome Outcome) : CopyRead;
}

/// <summary>Reads of the partner's copies and what a transaction-response says about each entry.</summary>
public static class PartnerReads
{
    /// <summary>By the partner's id when known, else by the program's identifier (<c>Type?identifier=system|value</c>, Provenance by <c>_tag</c>).</summary>
    public static async Task<CopyRead> ReadAsync(
        HttpClient client, string fhirBase, Resource local, string? theirId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var url = theirId is null ? $"{fhirBase}/{local.TypeName}?{DeliveryTransaction.Condition(local)}" : $"{fhirBase}/{local.TypeName}/{theirId}";
        return await FindAsync(client, url, local.TypeName, clock, cancellationToken);
    }

    /// <summary>A read (<c>Type/id</c>) or a search expected to match at most one resource of <paramref name="type"/>.</summary>
    public static async Task<CopyRead> FindAsync(HttpClient client, string url, string type, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(url), cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return new CopyRead.Absent();
        }

        if (!response.IsSuccessStatusCode)
        {
            return new CopyRead.Failed(await ClassifyAsync(response, clock, cancellationToken));
        }

        var read = PartnerFhir.Read(await response.Content.ReadAsStringAsync(cancellationToken));
        if (read is Bundle { Type: Bundle.BundleType.Searchset } found)
        {
            var matches = found.Entry.Select(e => e.Resource).OfType<Resource>().Where(r => r.TypeName == type).ToList();
            return matches switch
            {
                [] => new CopyRead.Absent(),
                [var only] when only.Id is { } id => new CopyRead.Found(new PartnerCopy(id, only.Meta?.VersionId, only)),
                _ => new CopyRead.Failed(new DeliveryOutcome.Park(
                    $"the partner holds {matches.Count} {type} resources with one identifier; an operator must merge them")),
            };
        }

        return read is not null && read.TypeName == type && read.Id is { } readId
            ? new CopyRead.Found(new PartnerCopy(readId, read.Meta?.VersionId, read))
            : new CopyRead.Failed(new DeliveryOutcome.Retry($"the partner answered a read of {type} without one", null));
    }

    /// <summary>
    /// What the partner called one entry: from its response's location (<c>Type/id/_history/version</c>) or, for the
    /// version, its etag. Null when the location names no id of that type: the entry is then looked up by identifier.
    /// </summary>
    public static PartnerVersion? Learn(Resource local, Bundle.ResponseComponent? response)
    {
        var parts = (response?.Location ?? "").Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var history = Array.IndexOf(parts, "_history");
        var idAt = history > 0 ? history - 1 : Array.LastIndexOf(parts, local.TypeName) + 1;
        if (idAt <= 0 || idAt >= parts.Length || parts[idAt - 1] != local.TypeName)
        {
            return null;
        }

        var version = history > 0 && history + 1 < parts.Length ? parts[history + 1] : VersionOf(response?.Etag);
        return new PartnerVersion(local.TypeName, local.Id!, parts[idAt], version);
    }

    /// <summary>The version in an ETag (<c>W/"3"</c>), or null.</summary>
    public static string? VersionOf(string? etag) =>
        etag?.Replace("W/", "", StringComparison.Ordinal).Trim().Trim('"') is { Length: > 0 } version ? version : null;

    /// <summary>429, 408 and 5xx are transient; any other failure with an OperationOutcome (or none) is permanent and parks.</summary>
    public static async Task<DeliveryOutcome> ClassifyAsync(HttpResponseMessage response, TimeProvider clock, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
        {
            return new DeliveryOutcome.Retry($"the partner answered {status}", PartnerHttp.RetryAfter(response, clock.GetUtcNow()));
        }

        var outcome = PartnerFhir.Read(await response.Content.ReadAsStringAsync(cancellationToken)) as OperationOutcome;
        var issues = Pipeline.FailureReasons.Of(outcome);
        return new DeliveryOutcome.Park($"the partner answered {status}: {string.Join("; ", issues)}".TrimEnd(' ', ':'));
    }
}
