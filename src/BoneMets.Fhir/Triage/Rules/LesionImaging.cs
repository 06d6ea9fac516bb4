using BoneMets.Fhir.Case;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage.Rules;

/// <summary>
/// The imaging a lesion Observation was read from, among what the case holds: the ImagingStudies in its derivedFrom,
/// the DiagnosticReports that list it in result (R4 does not allow a report in Observation.derivedFrom, so the guide
/// asks for that link), and those reports' imagingStudy. <see cref="IsMri"/>: one of those studies has DICOM modality
/// MR (ImagingStudy.modality or a series' modality) — the imaging a Bilsky ESCC grade is read on (axial T2).
/// </summary>
public sealed record LesionImaging(IReadOnlyList<string> Studies, IReadOnlyList<string> Reports, bool IsMri)
{
    public const string DicomModality = "http://dicom.nema.org/resources/ontology/DCM";

    public static readonly LesionImaging None = new([], [], false);

    public bool Any => Studies.Count > 0 || Reports.Count > 0;

    /// <summary>"ImagingStudy/a, DiagnosticReport/b".</summary>
    public string Describe() => string.Join(", ", Studies.Concat(Reports));

    public static LesionImaging Of(ConsultCase consultCase, Observation lesion)
    {
        var self = $"Observation/{lesion.Id}";
        var reports = consultCase.DiagnosticReports
            .Where(r => r.Result.Any(x => x.Reference is { } reference && ReferenceValue.Normalize(reference) == self))
            .ToList();
        var studyRefs = lesion.DerivedFrom.Select(d => d.Reference)
            .Concat(reports.SelectMany(r => r.ImagingStudy.Select(i => i.Reference)))
            .OfType<string>().Select(ReferenceValue.Normalize).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var studies = consultCase.ImagingStudies.Where(s => studyRefs.Contains($"ImagingStudy/{s.Id}")).ToList();
        return new LesionImaging(
            [.. studies.Select(s => $"ImagingStudy/{s.Id}")],
            [.. reports.Select(r => $"DiagnosticReport/{r.Id}")],
            studies.Any(IsMr));
    }

    private static bool IsMr(ImagingStudy study) =>
        study.Modality.Concat(study.Series.Select(s => s.Modality).OfType<Coding>())
            .Any(c => c.System == DicomModality && c.Code == "MR");
}
