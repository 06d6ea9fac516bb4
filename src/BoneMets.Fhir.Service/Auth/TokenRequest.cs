namespace BoneMets.Fhir.Service.Auth;

/// <summary>What the token endpoint decided: a grant, or a refusal in RFC 6749 §5.2 terms.</summary>
public abstract record TokenDecision
{
    private TokenDecision()
    {
    }

    public sealed record Granted(string ClientId, string? Partner, IReadOnlyList<SmartScope> Scopes) : TokenDecision;

    /// <summary>Error is an RFC 6749 code; Description says which check failed and never quotes the assertion.</summary>
    public sealed record Refused(int Status, string Error, string Description, string? ClientId = null) : TokenDecision;

    public static Refused Request(string description) => new(StatusCodes.Status400BadRequest, "invalid_request", description);

    public static Refused Client(string description, string? clientId = null) => new(StatusCodes.Status401Unauthorized, "invalid_client", description, clientId);
}
