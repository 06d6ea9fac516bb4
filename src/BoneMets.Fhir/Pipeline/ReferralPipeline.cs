using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Validation;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// One referral, start to finish: gather (I/O) → assemble the case (pure) → triage (pure) → plan the
/// write-back (pure). Committing the plan is the processor's, in one transaction with the inbox. A references-only
/// referral is first fetched from its partner (<see cref="PartnerReferrals"/>) into a whole referral message.
/// </summary>
public sealed class ReferralPipeline(
    IClinicalContextSource source, ITriage triage, WriteBackPlanner planner, TimeProvider clock, PartnerReferrals? referrals = null)
{
    public async Task<(WriteBackPlan Plan, TriageDecision Decision)> ProcessAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var read = ReferralMessageReader.Read(FhirJson.ParseResource(item.MessageJson));
        ReferralMessage message;
        IReadOnlyList<string> warnings;
        if (read.ReferencesOnly is { } pointer)
        {
            var fetched = await (referrals ?? throw new ReferralUnusableException(
                "Bundle.entry[0].resource.focus[0]: a references-only referral, and this service gathers from no partner.")).FetchAsync(pointer, cancellationToken);
            (message, warnings) = (fetched.Message, fetched.Warnings);
        }
        else
        {
            message = read.Message ?? throw new InvalidOperationException($"Inbox item {item.Sequence} no longer reads as a referral message.");
            warnings = item.Warnings ?? ContractWarnings(message); // kept by intake; derived only for items stored without them
        }

        var context = await source.GatherAsync(message, cancellationToken);
        var consultCase = CaseAssembler.Assemble(context) with { ContractWarnings = warnings };
        var now = clock.GetUtcNow();
        var decision = triage.Assess(consultCase, now);
        var plan = planner.Plan(consultCase, decision, $"{item.BundleId}|{item.HeaderId}", triage.Method, now);
        return (plan, decision);
    }

    /// <summary>
    /// The same profile warnings intake returned to the sender, for an item the store kept without them (pure and
    /// deterministic, so re-derived; it costs a validation of the whole message, which intake already did).
    /// </summary>
    private static List<string> ContractWarnings(ReferralMessage message) =>
        ResourceValidator.Default.Validate(message.Bundle, ResourceRole.Received)
            .Where(i => i.Severity == OperationOutcome.IssueSeverity.Warning)
            .Select(DescribeWarning)
            .ToList();

    /// <summary>How a profile warning reads in the case document: "path: text".</summary>
    public static string DescribeWarning(OperationOutcome.IssueComponent issue) => $"{string.Join(", ", issue.Expression)}: {issue.Diagnostics}";
}
