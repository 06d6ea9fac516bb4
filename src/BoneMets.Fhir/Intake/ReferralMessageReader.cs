using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Intake;

/// <summary>
/// Checks a parsed Bundle against the referral-message contract and reports every problem at once, each
/// with its FHIRPath location. Pure: no I/O, no clock. A message whose MessageHeader.focus is one absolute URL of a
/// Task or ServiceRequest that the Bundle does not carry is a references-only referral (<see cref="PointerMessage"/>):
/// it needs no Patient, and its references may point at the focus's server (relative or under its base) — the
/// pipeline fetches the referral from there and reads the result with <paramref name="partnerBase"/> set.
/// </summary>
public static class ReferralMessageReader
{
    /// <param name="resource">The parsed body.</param>
    /// <param name="partnerBase">
    /// For a referral fetched from a partner: references that are relative or under this base need not resolve
    /// inside the Bundle (they are read from the partner when gathering). Null: every reference must resolve.
    /// </param>
    public static ReadResult Read(Resource resource, string? partnerBase = null)
    {
        if (resource is not Bundle bundle)
        {
            return Fail(Outcomes.Error(IssueType.Invalid, resource.TypeName,
                $"The body is a {resource.TypeName}; $process-message takes a Bundle of type 'message'."));
        }

        var issues = new List<OperationOutcome.IssueComponent>();
        if (bundle.Type != Bundle.BundleType.Message)
        {
            issues.Add(Outcomes.Error(IssueType.Invalid, "Bundle.type",
                $"Bundle.type is '{bundle.Type?.ToString() ?? "absent"}'; a referral message has type 'message'."));
        }

        if (string.IsNullOrWhiteSpace(bundle.Id))
        {
            issues.Add(Outcomes.Error(IssueType.Required, "Bundle.id",
                "Bundle.id is missing; reliable messaging keys on Bundle.id and MessageHeader.id together."));
        }

        var index = new BundleIndex(bundle);
        var header = bundle.Entry.FirstOrDefault()?.Resource as MessageHeader;
        if (header is null)
        {
            var first = bundle.Entry.FirstOrDefault()?.Resource?.TypeName ?? "nothing";
            issues.Add(Outcomes.Error(IssueType.Structure, "Bundle.entry[0].resource",
                $"The first entry of a message must be its MessageHeader; found {first}."));
        }

        if (header is not null && partnerBase is null && PointerOf(header, index) is { } pointer)
        {
            CheckHeader(header, issues);
            CheckReferences(bundle, index, issues, pointer.BaseUrl);
            return issues.HasErrors() ? new ReadResult(null, issues) : new ReadResult(null, issues, new PointerMessage(bundle, header, pointer));
        }

        Task? task = null;
        ServiceRequest? serviceRequest = null;
        if (header is not null)
        {
            CheckHeader(header, issues);
            (task, serviceRequest) = ReadFocus(header, index, issues);
        }

        var patient = ReadPatient(serviceRequest, index, issues);
        CheckReferences(bundle, index, issues, partnerBase);

        if (issues.HasErrors() || header is null || serviceRequest is null || patient is null)
        {
            return new ReadResult(null, issues);
        }

        var resources = bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        return new ReadResult(new ReferralMessage(bundle, header, task, serviceRequest, patient, resources), issues);
    }

    private static void CheckHeader(MessageHeader header, List<OperationOutcome.IssueComponent> issues)
    {
        if (string.IsNullOrWhiteSpace(header.Id))
        {
            issues.Add(Outcomes.Error(IssueType.Required, "Bundle.entry[0].resource.id",
                "MessageHeader.id is missing; reliable messaging keys on Bundle.id and MessageHeader.id together."));
        }

        if (header.Event is not Coding { System: CodeSystems.V2EventType, Code: ClinicalCodes.ReferralEvent })
        {
            var seen = header.Event is Coding c ? $"{c.System}#{c.Code}" : header.Event?.TypeName ?? "absent";
            issues.Add(Outcomes.Error(IssueType.NotSupported, "Bundle.entry[0].resource.event",
                $"The event is {seen}; this endpoint takes referrals: eventCoding {CodeSystems.V2EventType}#{ClinicalCodes.ReferralEvent}."));
        }
    }

    private static (Task?, ServiceRequest?) ReadFocus(MessageHeader header, BundleIndex index, List<OperationOutcome.IssueComponent> issues)
    {
        if (header.Focus.Count == 0)
        {
            issues.Add(Outcomes.Error(IssueType.Required, "Bundle.entry[0].resource.focus",
                "MessageHeader.focus is missing; it must point at the referral Task or ServiceRequest."));
            return (null, null);
        }

        // Unresolved focus references are reported by CheckReferences with the rest.
        var focus = header.Focus.Select((f, i) => (Index: i, Target: index.Resolve(f.Reference, 0))).ToList();
        var task = focus.Select(f => f.Target).OfType<Task>().FirstOrDefault();
        var direct = focus.Select(f => f.Target).OfType<ServiceRequest>().FirstOrDefault();
        if (task is null && direct is null)
        {
            if (focus.All(f => f.Target is not null))
            {
                issues.Add(Outcomes.Error(IssueType.Invalid, "Bundle.entry[0].resource.focus[0]",
                    $"MessageHeader.focus points at {focus[0].Target!.TypeName}; it must point at a referral Task or ServiceRequest."));
            }

            return (null, null);
        }

        if (task is null)
        {
            return (null, direct);
        }

        var taskPath = $"Bundle.entry[{index.IndexOf(task)}].resource";
        if (task.Code?.Coding.Any(c => c.System == CodeSystems.TaskCode && c.Code == ClinicalCodes.TaskFulfill) != true)
        {
            issues.Add(Outcomes.Error(IssueType.Invalid, taskPath + ".code",
                $"A referral Task has code {CodeSystems.TaskCode}#{ClinicalCodes.TaskFulfill} (BSeR ReferralTask)."));
        }

        if (task.Focus?.Reference is null)
        {
            issues.Add(Outcomes.Error(IssueType.Required, taskPath + ".focus",
                "The referral Task has no focus; it must point at the referral ServiceRequest."));
            return (task, direct);
        }

        var target = index.Resolve(task.Focus.Reference, index.IndexOf(task));
        if (target is ServiceRequest viaTask)
        {
            return (task, viaTask);
        }

        if (target is not null)
        {
            issues.Add(Outcomes.Error(IssueType.Invalid, taskPath + ".focus",
                $"The referral Task's focus points at {target.TypeName}; it must point at the referral ServiceRequest."));
        }

        return (task, direct);
    }

    private static Patient? ReadPatient(ServiceRequest? serviceRequest, BundleIndex index, List<OperationOutcome.IssueComponent> issues)
    {
        var patients = index.Entries.Select(e => e.Resource).OfType<Patient>().ToList();
        if (patients.Count == 0)
        {
            issues.Add(Outcomes.Error(IssueType.Required, "Bundle.entry",
                "The message carries no Patient; a referral message includes the Patient it is about."));
            return null;
        }

        if (serviceRequest is null)
        {
            return patients[0];
        }

        var path = $"Bundle.entry[{index.IndexOf(serviceRequest)}].resource.subject";
        if (serviceRequest.Subject?.Reference is null)
        {
            issues.Add(Outcomes.Error(IssueType.Required, path, "ServiceRequest.subject is missing; it must point at the Patient."));
            return null;
        }

        var subject = index.Resolve(serviceRequest.Subject.Reference, index.IndexOf(serviceRequest));
        if (subject is Patient patient)
        {
            return patient;
        }

        if (subject is not null)
        {
            issues.Add(Outcomes.Error(IssueType.Invalid, path, $"ServiceRequest.subject points at {subject.TypeName}; it must point at the Patient."));
        }

        return null;
    }

    /// <summary>The focus, when it is one absolute Task or ServiceRequest URL that no entry carries.</summary>
    private static ReferralPointer? PointerOf(MessageHeader header, BundleIndex index) =>
        header.Focus is [{ Reference: { } focus }] && index.Resolve(focus, 0) is null ? ReferralPointer.Parse(focus) : null;

    /// <summary>Relative ("Type/id") or under the partner's base: the partner's to serve, not the message's.</summary>
    private static bool AtPartner(string reference, string partnerBase) =>
        reference.StartsWith(partnerBase + "/", StringComparison.Ordinal)
        || (!reference.Contains(':', StringComparison.Ordinal) && reference.Split('/') is [{ Length: > 0 } type, { Length: > 0 }, ..] && char.IsAsciiLetterUpper(type[0]));

    private static void CheckReferences(Bundle bundle, BundleIndex index, List<OperationOutcome.IssueComponent> issues, string? partnerBase)
    {
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is not { } resource)
            {
                issues.Add(Outcomes.Error(IssueType.Required, $"Bundle.entry[{i}].resource", "This entry has no resource."));
                continue;
            }

            foreach (var (path, reference) in ReferenceWalker.Walk(resource, $"Bundle.entry[{i}].resource"))
            {
                var target = reference.Reference;
                if (target is null || target.StartsWith('#') || index.Resolve(target, i) is not null)
                {
                    continue; // identifier-only and contained references are outside this check
                }

                if (partnerBase is not null && AtPartner(target, partnerBase))
                {
                    continue; // gathered from the partner
                }

                issues.Add(Outcomes.Error(IssueType.NotFound, path,
                    $"The reference '{target}' does not resolve to any entry's fullUrl in this message; include the resource or fix the reference."));
            }
        }
    }

    private static ReadResult Fail(OperationOutcome.IssueComponent issue) => new(null, [issue]);
}

/// <summary>The contract's verdict: a referral message, or a references-only one (<see cref="ReferencesOnly"/>), or the issues.</summary>
public sealed record ReadResult(ReferralMessage? Message, IReadOnlyList<OperationOutcome.IssueComponent> Issues, PointerMessage? ReferencesOnly = null)
{
    public bool Succeeded => Message is not null;
}
