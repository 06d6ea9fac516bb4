using System.Text;

namespace BoneMets.Fhir.IntegrationTests.Api.Hostile;

/// <summary>
/// One hostile request and the answer it must get: its status, always an OperationOutcome, and (when given) an issue
/// whose expression contains <paramref name="Expression"/>. <paramref name="Allow"/>: the Allow header a 405 must carry.
/// </summary>
public sealed record HostileCase(
    string Name, string Method, string Path, byte[]? Body, string? ContentType, int Status,
    string? Expression = null, IReadOnlyDictionary<string, string>? Headers = null, string? Allow = null, bool Chunked = false)
{
    public const string FhirJson = "application/fhir+json";

    public static HostileCase Post(string name, string body, int status, string? expression = null, string? contentType = FhirJson) =>
        new(name, "POST", "/fhir/$process-message", Encoding.UTF8.GetBytes(body), contentType, status, expression);

    public static HostileCase Post(string name, byte[] body, int status, string? expression = null, string? contentType = FhirJson) =>
        new(name, "POST", "/fhir/$process-message", body, contentType, status, expression);

    public static HostileCase Get(string name, string path, int status, string? expression = null, IReadOnlyDictionary<string, string>? headers = null) =>
        new(name, "GET", path, null, null, status, expression, headers);

    public override string ToString() => Name;
}
