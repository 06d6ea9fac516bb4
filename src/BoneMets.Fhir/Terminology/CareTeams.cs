namespace BoneMets.Fhir.Terminology;

/// <summary>The program's sub-specialist teams (codes of <see cref="CodeSystems.CareTeam"/>).</summary>
public static class CareTeams
{
    public const string OrthopaedicOncology = "orthopaedic-oncology";
    public const string NeurosurgicalSpine = "neurosurgical-spine";
    public const string RadiationOncology = "radiation-oncology";
    public const string InterventionalRadiology = "interventional-radiology";
    public const string MedicalOncology = "medical-oncology";

    public static readonly IReadOnlyList<string> All =
        [OrthopaedicOncology, NeurosurgicalSpine, RadiationOncology, InterventionalRadiology, MedicalOncology];

    public static string Display(string team) => team switch
    {
        OrthopaedicOncology => "Orthopaedic oncology",
        NeurosurgicalSpine => "Neurosurgical spine",
        RadiationOncology => "Radiation oncology",
        InterventionalRadiology => "Interventional radiology",
        MedicalOncology => "Medical oncology",
        _ => throw new ArgumentOutOfRangeException(nameof(team), team, "Unknown care team."),
    };

    /// <summary>NUCC taxonomy where one exists (standards.md §5); orthopaedic oncology has none.</summary>
    public static string? NuccTaxonomy(string team) => team switch
    {
        NeurosurgicalSpine => ClinicalCodes.NuccNeurologicalSurgery,
        RadiationOncology => ClinicalCodes.NuccRadiationOncology,
        InterventionalRadiology => ClinicalCodes.NuccInterventionalRadiology,
        MedicalOncology => ClinicalCodes.NuccMedicalOncology,
        _ => null,
    };
}
