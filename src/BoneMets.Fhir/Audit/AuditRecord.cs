namespace BoneMets.Fhir.Audit;

/// <summary>What was asked of the service, as FHIR's restful-interaction names it; Login is a token request.</summary>
public enum AuditInteraction
{
    Read,
    VRead,
    SearchType,
    HistoryInstance,
    HistoryType,
    Capabilities,
    Create,
    Update,
    Patch,
    Delete,
    Operation,
    Login,
}

/// <summary>How it ended, as AuditEvent.outcome codes it: 0 success, 4 refused or the client's mistake, 8 the service failed.</summary>
public enum AuditOutcome
{
    Success,
    Refused,
    Failed,
}

/// <summary>A system calling the API (its client id) or a person at the coordinator's pages (the user name).</summary>
public enum AuditAgentKind
{
    Client,
    User,
}

/// <summary>Who asked: an id (null when the request carried no valid credentials), what kind of agent, and from where.</summary>
public sealed record AuditAgent(string? Id, AuditAgentKind Kind, string? Address)
{
    /// <summary>What who.identifier.value says for a request without valid credentials.</summary>
    public const string Unknown = "unknown";
}

/// <summary>
/// One access or refusal, in the service's terms, before it becomes an AuditEvent. It carries references and
/// parameter names, never resource content: <see cref="AuditEventBuilder"/> redacts query values that could name a
/// person, so a caller cannot leak them by passing the query as sent.
/// </summary>
/// <param name="Interaction">The FHIR interaction (subtype) and with it the action.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="OutcomeDescription">A short, PHI-free reason: an HTTP status, "12 rows", an error code.</param>
/// <param name="Agent">Who asked.</param>
/// <param name="Site">The part of the service that answered: "fhir-api", "coordinator-worklist".</param>
/// <param name="Entities">The resources touched, as literal references ("Task/abc", "Patient/p1/_history/2").</param>
/// <param name="SearchType">The resource type searched, with <paramref name="Query"/>.</param>
/// <param name="Query">The search parameters as sent; values are redacted when built.</param>
/// <param name="RequestId">The request's X-Request-ID, so a log line and an AuditEvent can be matched.</param>
/// <param name="Activity">The coordinator action ("record-outreach") where the interaction alone does not say it.</param>
public sealed record AuditRecord(
    AuditInteraction Interaction,
    AuditOutcome Outcome,
    string? OutcomeDescription,
    AuditAgent Agent,
    string Site,
    IReadOnlyList<string> Entities,
    string? SearchType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Query = null,
    string? RequestId = null,
    string? Activity = null)
{
    public const string FhirApiSite = "fhir-api";

    /// <summary>BALP: 4xx is the client's (refused or malformed: minor failure), 5xx the service's (serious failure).</summary>
    public static AuditOutcome OutcomeOf(int httpStatus) => httpStatus switch
    {
        < 400 => AuditOutcome.Success,
        < 500 => AuditOutcome.Refused,
        _ => AuditOutcome.Failed,
    };
}
