using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Validation;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Pipeline;

/// <summary>
/// One referral, start to finish: gather (I/O) → assemble the case (pure) → triage (pure) → plan the
/// write-back (pure). Committing the plan is the processor's, in one transaction with the inbox. A references-only
/// referral is first fetched from its partner (<see cref="PartnerReferrals"/>) into a whole referral message.
/// </summary>
public sealed class ReferralPipeline(
    IClinicalContextSource source, ITriage triage, WriteBackPlanner planner, TimeProvider clock,
    PartnerReferrals? referrals = null, ReferralVersionGate? gate = null, PartnerDirectory? partners = null, Lifecycle.ReferralRecords? records = null)
{
    /// <summary>
    /// Processes one referral. With the version gate (the service's wiring), a referral whose resolved ServiceRequest
    /// was already processed at this version comes back with no plan; the caller then records and releases the admission.
    /// </summary>
    public async Task<PipelineResult> ProcessAsync(InboxItem item, CancellationToken cancellationToken) =>
        await ProcessAsync(item, await ResolveAsync(item, cancellationToken), cancellationToken);

    /// <summary>
    /// The referral the item carries, whole: the message itself, or — for a references-only referral — the Task,
    /// ServiceRequest and Patient fetched from its partner into a referral message, with the profile warnings.
    /// </summary>
    public async Task<ResolvedReferral> ResolveAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var read = ReferralMessageReader.Read(FhirJson.ParseResource(item.MessageJson));
        if (read.ReferencesOnly is { } pointer)
        {
            var fetched = await (referrals ?? throw new ReferralUnusableException(
                "Bundle.entry[0].resource.focus[0]: a references-only referral, and this service gathers from no partner.")).FetchAsync(pointer, cancellationToken);
            // Its write-back is keyed on the referral it turned out to be, and refers to the partner's own resources.
            var route = DeliveryPayloads.Route(fetched.Message, partners?.Resolve(fetched.Message), responseUrl: null, replyAsync: false, fetched: true);
            return new ResolvedReferral(fetched.Message, fetched.Warnings, new ResolvedRoute(fetched.Message.ReferralKey, route));
        }

        var message = read.Message ?? throw new InvalidOperationException($"Inbox item {item.Sequence} no longer reads as a referral message.");
        return new ResolvedReferral(message, item.Warnings ?? ContractWarnings(message)); // kept by intake; derived only for items stored without them
    }

    /// <summary>Gathers, assembles, triages and plans a resolved referral.</summary>
    public async Task<PipelineResult> ProcessAsync(InboxItem item, ResolvedReferral referral, CancellationToken cancellationToken)
    {
        var (message, warnings, resolved) = referral;

        // Deduplicate once the referral is resolved (its ServiceRequest and version known) and before gathering,
        // so a copy already processed costs the partner nothing more.
        var admission = gate is null ? null : await gate.AdmitAsync(item.Sequence, message.ServiceRequest, cancellationToken);
        if (admission is { AlreadyProcessed: true })
        {
            return new PipelineResult(message.ReferralKey, null, null, admission, resolved);
        }

        try
        {
            var context = await source.GatherAsync(message, cancellationToken);
            // A re-sent referral keeps the clock of its first receipt (ADR 0018): the stored Task's restriction starts there.
            var receivedAt = records is null ? item.ReceivedAt : (await records.ReadAsync(message.ReferralKey, cancellationToken)).ReceivedBefore(item.ReceivedAt);
            var consultCase = CaseAssembler.Assemble(context) with { ContractWarnings = warnings, ReceivedAt = receivedAt };
            var now = clock.GetUtcNow();
            var decision = triage.Assess(consultCase, now);
            var plan = planner.Plan(consultCase, decision, $"{item.BundleId}|{item.HeaderId}", triage.Method, now);
            return new PipelineResult(message.ReferralKey, plan, decision, admission, resolved);
        }
        catch when (admission is not null)
        {
            gate!.Release(admission.Version.ReferralKey);
            throw;
        }
    }

    /// <summary>After the commit: remembers the version processed and lets the next copy of the referral in.</summary>
    public async Task CommittedAsync(PipelineResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (gate is null || result.Admission is not { } admission)
        {
            return;
        }

        try
        {
            await gate.RecordAsync(admission, now, cancellationToken);
        }
        finally
        {
            gate.Release(admission.Version.ReferralKey);
        }
    }

    /// <summary>The commit failed: lets the next copy in without recording the version.</summary>
    public void Abandoned(PipelineResult result)
    {
        if (result.Admission is { } admission)
        {
            gate?.Release(admission.Version.ReferralKey);
        }
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

/// <summary>A referral whole (fetched from its partner when the message only pointed at it) and the contract warnings it carried.</summary>
public sealed record ResolvedReferral(ReferralMessage Message, IReadOnlyList<string> Warnings, ResolvedRoute? Resolved = null);

/// <summary>
/// A referral's plan and decision, or neither when this version was already processed (the admission says). The
/// referral key is the resolved ServiceRequest's (for a references-only item it differs from the inbox key).
/// </summary>
public sealed record PipelineResult(string ReferralKey, WriteBackPlan? Plan, TriageDecision? Decision, ReferralAdmission? Admission, ResolvedRoute? Resolved = null);
