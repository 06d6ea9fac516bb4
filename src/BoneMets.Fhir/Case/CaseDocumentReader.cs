using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Case;

public sealed record CaseDocumentResult(ConsultCase? Case, IReadOnlyList<OperationOutcome.IssueComponent> Issues);

/// <summary>
/// Reads a case document (Bundle type document, Composition first, as <see cref="WriteBack.CaseDocumentBuilder"/>
/// writes it) back into a consult case: the entries are the case's resources, the Composition's subject is the
/// Patient, the ServiceRequest of the "referral" section (else the only one) is the referral, and the referral key
/// comes from it exactly as for a message. What a previous triage put in the "triage" section is left out, so a
/// re-triage reads the clinical record, not the last answer. Pure; resources without an id take it from their
/// fullUrl (copies, the Bundle is not changed).
/// </summary>
public static class CaseDocumentReader
{
    public static CaseDocumentResult Read(Bundle document)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        if (document.Type != Bundle.BundleType.Document)
        {
            issues.Add(Outcomes.Error(IssueType.Invalid, "Bundle.type", $"Bundle.type is '{document.Type?.ToString() ?? "absent"}'; a case document has type 'document'."));
        }

        if (document.Entry.FirstOrDefault()?.Resource is not Composition composition)
        {
            var first = document.Entry.FirstOrDefault()?.Resource?.TypeName ?? "nothing";
            issues.Add(Outcomes.Error(IssueType.Structure, "Bundle.entry[0].resource", $"The first entry of a document must be its Composition; found {first}."));
            return new CaseDocumentResult(null, issues);
        }

        var previousTriage = SectionEntries(composition, "triage");
        var resources = new List<Resource>();
        var byReference = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var entry in document.Entry.Skip(1))
        {
            if (entry.Resource is not { } original)
            {
                continue;
            }

            var resource = original.Id is null ? WithId(original, entry.FullUrl) : original;
            byReference[$"{resource.TypeName}/{resource.Id}"] = resource;
            if (entry.FullUrl is { } fullUrl)
            {
                byReference[fullUrl] = resource;
            }

            if (!previousTriage.Contains($"{resource.TypeName}/{resource.Id}"))
            {
                resources.Add(resource);
            }
        }

        Resource? Resolve(string? reference) => reference is null ? null : byReference.GetValueOrDefault(reference);
        var patient = Resolve(composition.Subject?.Reference) as Patient;
        if (patient is null)
        {
            issues.Add(Outcomes.Error(IssueType.Required, "Bundle.entry[0].resource.subject", "The Composition's subject must be a Patient in the document."));
        }

        var serviceRequest = SectionEntries(composition, "referral").Select(Resolve).OfType<ServiceRequest>().FirstOrDefault()
            ?? (resources.OfType<ServiceRequest>().Count() == 1 ? resources.OfType<ServiceRequest>().Single() : null);
        if (serviceRequest is null)
        {
            issues.Add(Outcomes.Error(IssueType.Required, "Bundle.entry",
                "The document names no referral: its 'referral' section lists no ServiceRequest, and it does not hold exactly one."));
        }

        if (issues.HasErrors() || patient is null || serviceRequest is null)
        {
            return new CaseDocumentResult(null, issues);
        }

        var task = resources.OfType<Task>().FirstOrDefault(t => t.Focus?.Reference == $"ServiceRequest/{serviceRequest.Id}")
            ?? resources.OfType<Task>().FirstOrDefault();
        var consultCase = CaseAssembler.Assemble(ReferralMessage.KeyOf(serviceRequest), patient, serviceRequest, task, resources, []);
        return new CaseDocumentResult(consultCase, issues);
    }

    private static HashSet<string> SectionEntries(Composition composition, string code) => composition.Section
        .Where(s => s.Code?.Coding.Any(c => c.System == CodeSystems.CaseSection && c.Code == code) == true)
        .SelectMany(s => s.Entry).Select(e => e.Reference).OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>A copy with the id its fullUrl gives (the uuid of urn:uuid:…, else the URL's last segment).</summary>
    private static Resource WithId(Resource resource, string? fullUrl)
    {
        var copy = (Resource)resource.DeepCopy();
        copy.Id = fullUrl?.StartsWith("urn:uuid:", StringComparison.Ordinal) == true
            ? fullUrl["urn:uuid:".Length..]
            : fullUrl?.Split('/')[^1];
        return copy;
    }
}
