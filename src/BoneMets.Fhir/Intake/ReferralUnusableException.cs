namespace BoneMets.Fhir.Intake;

/// <summary>
/// The referral cannot be processed however often it is tried: its Task or ServiceRequest is gone at the partner
/// (404/410), the partner refuses it, or what came back is not a referral (it breaks the contract or the profiles).
/// The processor parks it at once with this reason — an operator's to look at, never retried forever, never dropped.
/// The message reads like an OperationOutcome: each problem with where it is.
/// </summary>
public sealed class ReferralUnusableException(string reason, int issueCount = 1) : Exception(reason)
{
    public int IssueCount { get; } = issueCount;
}
