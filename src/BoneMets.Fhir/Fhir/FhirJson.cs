using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace BoneMets.Fhir.Fhir;

/// <summary>
/// The one place FHIR JSON is read and written. Parsing is Firely's Strict mode: unknown and wrong-cased
/// elements, wrong types, bad codes and bad dates are errors, all reported together with their paths
/// (the default settings would quietly bind "birthdate" to birthDate).
/// </summary>
public static partial class FhirJson
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonSerializer Serializer = new();

    public static string Serialize(Resource resource) => Serializer.SerializeToString(resource);

    /// <summary>Parses JSON that this service wrote itself (trusted; failures are bugs).</summary>
    public static T Parse<T>(string json) where T : Resource => Strict.Deserialize<T>(json);

    public static Resource ParseResource(string json) => Strict.DeserializeResource(json);

    /// <summary>
    /// Parses untrusted JSON. Never throws for bad input: malformed JSON, JSON nested deeper than 64 levels,
    /// and every FHIR structural problem come back as OperationOutcome issues. The issue text may quote the
    /// sender's values, so it goes back to the sender and is never logged.
    /// </summary>
    public static ParseResult TryParse(string json)
    {
        try
        {
            return new ParseResult(Strict.DeserializeResource(json), []);
        }
        catch (DeserializationFailedException e)
        {
            var partial = e.PartialResult as Resource;
            return new ParseResult(partial, e.Exceptions.Select(x => ToIssue(x, partial?.TypeName)).ToList());
        }
        catch (JsonException e)
        {
            return new ParseResult(null, [MalformedJson(e.Message)]);
        }
        catch (InvalidOperationException e)
        {
            // Firely throws this for JSON that is well-formed but not an object at the root (e.g. an array).
            return new ParseResult(null, [Outcomes.Error(OperationOutcome.IssueType.Structure, null,
                "The body is not a FHIR resource: " + e.Message)]);
        }
    }

    /// <summary>Warms the serializers' reflection caches (about 0.3 s on first use) before the service reports ready.</summary>
    public static void Warm()
    {
        var header = new MessageHeader
        {
            Event = new Coding("http://terminology.hl7.org/CodeSystem/v2-0003", "I12"),
            Source = new MessageHeader.MessageSourceComponent { Endpoint = "urn:bonemets:warm-up" },
        };
        var bundle = new Bundle { Type = Bundle.BundleType.Message, Entry = [new() { Resource = header }] };
        _ = Parse<Bundle>(Serialize(bundle));
    }

    private static OperationOutcome.IssueComponent MalformedJson(string message)
    {
        var text = message.Contains("depth", StringComparison.OrdinalIgnoreCase)
            ? "The JSON is nested deeper than 64 levels; no FHIR message needs that: " + message
            : "The body is not well-formed JSON: " + message;
        return Outcomes.Error(OperationOutcome.IssueType.Structure, null, text);
    }

    /// <param name="rootType">The resource type, to turn Firely's "$this.status" into the FHIRPath "Observation.status".</param>
    private static OperationOutcome.IssueComponent ToIssue(CodedException e, string? rootType)
    {
        if (e is ExtendedCodedException x)
        {
            // Firely reports problems at the root with an empty path; an empty expression would make our own answer invalid FHIR.
            var path = string.IsNullOrEmpty(x.InstancePath) || x.InstancePath == "$this" ? null : x.InstancePath;
            if (rootType is not null && path?.StartsWith("$this.", StringComparison.Ordinal) == true)
            {
                path = rootType + path[5..];
            }

            var type = e.ErrorCode is "PVAL128" or "PVAL131"
                ? OperationOutcome.IssueType.Structure : x.IssueType; // unknown or wrong-cased element
            var text = WithoutValues(rootType is null ? x.BaseErrorMessage : x.BaseErrorMessage.Replace("'$this.", $"'{rootType}.", StringComparison.Ordinal));
            var issue = Outcomes.Issue(x.IssueSeverity, type, path, text + Where(x));
            issue.Details = new CodeableConcept("http://hl7.org/fhir/dotnet-api-operation-outcome", e.ErrorCode);
            return issue;
        }

        return Outcomes.Error(OperationOutcome.IssueType.Structure, null, e.Message);
    }

    /// <summary>
    /// Firely quotes the offending value ("string '1955-13-45' is not a correct literal for a date"); a refusal names
    /// the path and the problem, never the patient's value (issue 14). Element names stay: they are the sender's mapping.
    /// </summary>
    internal static string WithoutValues(string text) => QuotedCode().Replace(TypedValue().Replace(text, "The $1 value is not"), "The value is not");

    [System.Text.RegularExpressions.GeneratedRegex(@"^(string|integer|decimal|boolean|number|long|integer64) (?:'.*'|\S+) is not")]
    private static partial System.Text.RegularExpressions.Regex TypedValue();

    [System.Text.RegularExpressions.GeneratedRegex(@"^Value '.*' is not")]
    private static partial System.Text.RegularExpressions.Regex QuotedCode();

    private static string Where(ExtendedCodedException x) =>
        x.LineNumber is { } line ? $" (line {line}, position {x.Position})" : string.Empty;
}

public sealed record ParseResult(Resource? Resource, IReadOnlyList<OperationOutcome.IssueComponent> Issues)
{
    public bool Succeeded => Resource is not null && Issues.Count == 0;
}
