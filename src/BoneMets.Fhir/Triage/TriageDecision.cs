using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage;

public enum Urgency { Routine = 0, Urgent = 1, Emergency = 2 }

/// <summary>Why the decision is what it is: the rule, what it found, its published source, and the resources it read.</summary>
public sealed record TriageReason(string Rule, string Text, string Source, IReadOnlyList<string> Evidence);

/// <summary>A sub-specialist team the case goes to, with the reasons that put it there.</summary>
public sealed record TeamRoute(string Team, IReadOnlyList<string> Reasons);

/// <summary>An input the referral lacks that could change the urgency or the routing: what is needed and why.</summary>
public sealed record MissingInput(string What, string Why);

/// <summary>
/// The triage stage's answer. <see cref="Observations"/> are the score Observations the stage computed
/// (they travel into the case document and the store).
/// </summary>
public sealed record TriageDecision(
    Urgency Urgency,
    DateTimeOffset DueBy,
    DateTimeOffset OutreachBy,
    IReadOnlyList<TeamRoute> Routes,
    IReadOnlyList<TriageReason> Reasons,
    IReadOnlyList<MissingInput> Missing,
    IReadOnlyList<Observation> Observations)
{
    /// <summary>The rule of the reason that sends a case no rule routed to the program's default team.</summary>
    public const string DefaultTeamRule = "default-team";

    public string UrgencyCode => Urgency.ToString().ToLowerInvariant();

    /// <summary>
    /// No rule routed the case: the team is the program's default (Triage:DefaultTeam), which the write-back says in
    /// so many words, so it is not read as a clinical decision.
    /// </summary>
    public bool RoutedByDefault => Reasons.Any(r => r.Rule == DefaultTeamRule);

    /// <summary>What the write-back says when <see cref="RoutedByDefault"/>; null otherwise.</summary>
    public string? DefaultTeamStatement => RoutedByDefault && Routes.Count > 0
        ? $"No triage rule routed this referral to a team: the program's default team ({Terminology.CareTeams.Display(Routes[0].Team)}) takes it. "
          + "This is a program default (Triage:DefaultTeam), not a clinical decision."
        : null;
}

/// <summary>The triage stage: pure, so it is tested by value and can be replaced by a fuller engine.</summary>
public interface ITriage
{
    string Method { get; }

    TriageDecision Assess(Case.ConsultCase consultCase, DateTimeOffset now);
}
