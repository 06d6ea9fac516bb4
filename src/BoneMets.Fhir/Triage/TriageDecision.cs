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
    public string UrgencyCode => Urgency.ToString().ToLowerInvariant();
}

/// <summary>The triage stage: pure, so it is tested by value and can be replaced by a fuller engine.</summary>
public interface ITriage
{
    string Method { get; }

    TriageDecision Assess(Case.ConsultCase consultCase, DateTimeOffset now);
}
