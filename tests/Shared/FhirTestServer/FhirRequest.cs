using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace BoneMets.Fhir.Testing;

/// <summary>The FHIR interactions the test server tells apart (what faults are aimed at).</summary>
public enum FhirInteraction
{
    Capabilities, Read, VRead, Search, Page, Create, Update, Delete, Batch, Transaction, ProcessMessage, Other,
}

/// <summary>One request as the test server saw it: the path relative to the FHIR base, the raw query, the body.</summary>
public sealed record FhirRequest(string Method, string Path, string Query, string? Body, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>The path's segments: "Task/t1/_history/2" → Task, t1, _history, 2.</summary>
    public IReadOnlyList<string> Segments { get; } = Path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The resource type the request is about, if any.</summary>
    public string? Type => Segments is [var t, ..] && ModelInfo.IsKnownResource(t) ? t : null;

    public FhirInteraction Interaction => (Method, Segments) switch
    {
        ("GET", ["metadata"]) => FhirInteraction.Capabilities,
        ("GET", []) when Query.Contains("_getpages=", StringComparison.Ordinal) => FhirInteraction.Page,
        ("GET", ["_page", _, _]) => FhirInteraction.Page,
        ("GET", [_]) or ("GET", [_, "_search"]) or ("POST", [_, "_search"]) when Type is not null => FhirInteraction.Search,
        ("GET", [_, _]) when Type is not null => FhirInteraction.Read,
        ("GET", [_, _, "_history", _]) when Type is not null => FhirInteraction.VRead,
        ("POST", []) => Body?.Contains("\"transaction\"", StringComparison.Ordinal) == true ? FhirInteraction.Transaction : FhirInteraction.Batch,
        ("POST", ["$process-message"]) => FhirInteraction.ProcessMessage,
        ("POST", [_]) when Type is not null => FhirInteraction.Create,
        ("PUT", [_, _]) or ("PUT", [_]) when Type is not null => FhirInteraction.Update,
        ("DELETE", [_, _]) when Type is not null => FhirInteraction.Delete,
        _ => FhirInteraction.Other,
    };

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>"GET /fhir/Condition?patient=…", the query decoded (how tests name a request).</summary>
    public string Line(string basePath) => Uri.UnescapeDataString($"{Method} {basePath}{(Path.Length > 0 ? "/" + Path : "")}{(Query.Length > 0 ? "?" + Query : "")}");

    /// <summary>The body parsed as FHIR (strict: a server would refuse what does not parse).</summary>
    public T Resource<T>() where T : Resource => (T)Parser.DeserializeResource(Body ?? throw new InvalidOperationException("The request had no body."));
}
