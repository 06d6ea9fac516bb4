using System.Text;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Api;

/// <summary>FHIR JSON responses, and errors as OperationOutcomes.</summary>
internal static class FhirResults
{
    public const string FhirJsonType = "application/fhir+json";

    public static IResult Resource(Resource resource, int status = StatusCodes.Status200OK) => Json(FhirJson.Serialize(resource), status);

    public static IResult Json(string json, int status = StatusCodes.Status200OK) =>
        Results.Content(json, FhirJsonType + "; charset=utf-8", Encoding.UTF8, status);

    public static IResult Error(int status, IssueType type, string text, string? expression = null) =>
        Resource(Outcomes.Of(Outcomes.Error(type, expression, text)), status);

    /// <summary>A body or request refused before any work (ADR 0014): the refusal's status, code and path.</summary>
    public static IResult Refusal(InputRefusal refusal) => Resource(Outcomes.Of(refusal.ToIssue()), refusal.Status);

    /// <summary>The base of this server's FHIR API as the client reached it.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
}
