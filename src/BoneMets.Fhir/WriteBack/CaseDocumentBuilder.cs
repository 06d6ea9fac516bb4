using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.WriteBack;

/// <summary>
/// The consult case as a FHIR document: Bundle type document, Composition first, one section per part of the
/// case, and every resource any entry references, so that every reference resolves inside the Bundle.
/// fullUrls are this server's URLs; references stay relative ("Type/id") and resolve against them.
/// </summary>
public sealed class CaseDocumentBuilder(ProgramOptions options, ProgramDirectory directory)
{
    /// <summary>LOINC 11488-4 "Consult note".</summary>
    private const string ConsultNote = "11488-4";

    public Bundle Build(ConsultCase consultCase, TriageDecision decision, Task task, RiskAssessment triage, DateTimeOffset now)
    {
        var id = DeterministicId.For(consultCase.ReferralKey, "case");
        var composition = new Composition
        {
            Id = DeterministicId.For(consultCase.ReferralKey, "composition"),
            Status = CompositionStatus.Final,
            Type = new CodeableConcept(CodeSystems.Loinc, ConsultNote, "Consult note"),
            Subject = new ResourceReference($"Patient/{consultCase.Patient.Id}"),
            Date = FhirTime.Of(now),
            Author = [new ResourceReference(ProgramDirectory.DeviceReference)],
            Custodian = new ResourceReference(ProgramDirectory.OrganizationReference),
            Title = "Bone metastasis consult case",
            Section =
            [
                WithGaps(Section("referral", "Referral", [consultCase.ServiceRequest, task]), consultCase.Gaps, consultCase.ContractWarnings),
                Section("primary-cancer", "Primary cancer", consultCase.PrimaryCancers),
                Section("bone-lesions", "Bone lesions", [.. consultCase.Metastases, .. consultCase.LesionFindings]),
                Section("imaging", "Imaging and reports", [.. consultCase.ImagingStudies, .. consultCase.DiagnosticReports]),
                Section("labs-performance", "Labs, performance status and findings", [.. consultCase.Observations, .. consultCase.OtherConditions]),
                DefaultTeam(Section("triage", "Triage", [triage, .. decision.Observations]), decision),
            ],
        };

        // The pool every reference may resolve to: the case, the program's directory and what was just produced.
        // The case's Task is replaced by the write-back version.
        var pool = consultCase.Resources.Where(r => r is not Task || r.Id != task.Id)
            .Concat(directory.Resources()).Append(task).Append(triage).Concat(decision.Observations)
            .GroupBy(r => $"{r.TypeName}/{r.Id}").ToDictionary(g => g.Key, g => g.First());
        var included = new List<Resource> { composition };
        var seen = new HashSet<string>(StringComparer.Ordinal) { $"Composition/{composition.Id}" };
        for (var i = 0; i < included.Count; i++)
        {
            foreach (var (_, reference) in ReferenceWalker.Walk(included[i], included[i].TypeName))
            {
                var target = reference.Reference is { } r ? ReferenceValue.Normalize(r) : null;
                if (target is not null && seen.Add(target) && pool.TryGetValue(target, out var resource))
                {
                    included.Add(resource);
                }
            }
        }

        return new Bundle
        {
            Id = id,
            Identifier = new Identifier(CodeSystems.WriteBackIdentifier, id),
            Type = Bundle.BundleType.Document,
            Timestamp = now,
            Entry = included.Select(r => new Bundle.EntryComponent
            {
                FullUrl = $"{options.PublicBaseUrl}/{r.TypeName}/{r.Id}",
                Resource = r,
            }).ToList(),
        };
    }

    /// <summary>
    /// What gathering could not get (a failed search, a forbidden type, a cap) is said where the reader starts:
    /// in the referral section's text, so an incomplete record is never mistaken for a complete one. The profile
    /// warnings on the message as received are said there too.
    /// </summary>
    private static Composition.SectionComponent WithGaps(
        Composition.SectionComponent section, IReadOnlyList<Case.ContextGap> gaps, IReadOnlyList<string> warnings)
    {
        var html = string.Empty;
        if (gaps.Count > 0)
        {
            html += $"<p>Not gathered from the referrer's record:</p><ul>{string.Concat(gaps.Select(g => $"<li>{Xml(g.What)}: {Xml(g.Why)}</li>"))}</ul>";
        }

        if (warnings.Count > 0)
        {
            html += $"<p>Warnings on the referral message as received:</p><ul>{string.Concat(warnings.Select(w => $"<li>{Xml(w)}</li>"))}</ul>";
        }

        if (html.Length > 0)
        {
            section.Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{html}</div>" };
        }

        return section;
    }

    /// <summary>A case no rule routed says, in the triage section, that the default team is a program default.</summary>
    private static Composition.SectionComponent DefaultTeam(Composition.SectionComponent section, TriageDecision decision)
    {
        if (decision.DefaultTeamStatement is { } statement)
        {
            section.Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>{Xml(statement)}</p></div>" };
        }

        return section;
    }

    private static string Xml(string text) => System.Security.SecurityElement.Escape(text);

    private static Composition.SectionComponent Section(string code, string title, IEnumerable<Resource> entries)
    {
        var section = new Composition.SectionComponent
        {
            Title = title,
            Code = new CodeableConcept(CodeSystems.CaseSection, code, title),
            Entry = entries.Select(r => new ResourceReference($"{r.TypeName}/{r.Id}")).ToList(),
        };
        if (section.Entry.Count == 0)
        {
            // cmp-1: a section holds text, entries or sub-sections; an empty one says why, in text and as emptyReason.
            section.EmptyReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/list-empty-reason", "unavailable", "Unavailable");
            section.Text = new Narrative
            {
                Status = Narrative.NarrativeStatus.Generated,
                Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Not in what the referral carried.</div>",
            };
        }

        return section;
    }
}
