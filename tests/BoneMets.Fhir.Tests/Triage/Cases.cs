using BoneMets.Fhir.Case;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Triage.Findings.Fhir;

namespace BoneMets.Fhir.Tests.Triage;

/// <summary>Consult cases built from real R4 POCOs, and the triage with default options, for decision tests.</summary>
internal static class Cases
{
    public const string ReferralKey = "identifier|urn:test:referral|R-1";
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static ScoreTriage Engine(TriageOptions? options = null)
    {
        options ??= new TriageOptions();
        return new ScoreTriage(options, new Deadlines(options, new ProgramOptions()));
    }

    public static TriageDecision Decide(params Resource[] findings) => Engine().Assess(Of(findings), Now);

    public static ConsultCase Of(params Resource[] findings)
    {
        var patient = new Patient { Id = "patient-1" };
        var serviceRequest = new ServiceRequest
        {
            Id = "referral-1",
            Identifier = [new Identifier("urn:test:referral", "R-1")],
            Status = RequestStatus.Active,
            Intent = RequestIntent.Order,
            Subject = new ResourceReference("Patient/patient-1"),
        };
        return CaseAssembler.Assemble(ReferralKey, patient, serviceRequest, null, [patient, serviceRequest, .. findings], []);
    }

    public static Observation Sign(string code, bool present = true) => Project(code, code, new FhirBoolean(present));

    public static Observation Calcium(decimal value, string unit = "mg/dL") => Loinc("calcium", ClinicalCodes.LoincCalcium, Ucum(value, unit));

    public static Observation Albumin(decimal value, string unit = "g/dL") => Loinc("albumin", ClinicalCodes.LoincAlbumin, Ucum(value, unit));

    public static Condition Primary(string icd10 = "C50.911") => Icd10("primary", icd10);

    public static Condition CordCompression(string code = ClinicalCodes.Icd10CordCompressionUnspecified) => Icd10("cord", code);

    /// <summary>A long-bone lesion; a null argument leaves that component out.</summary>
    public static Observation LongBone(string id, string? site, string? pain, string? type, decimal? percent)
    {
        var components = new List<(string, DataType)>();
        Add(components, ObservationCodes.MirelsSite, CodeSystems.MirelsSite, site);
        Add(components, ObservationCodes.MirelsPain, CodeSystems.MirelsPain, pain);
        Add(components, ObservationCodes.LesionType, CodeSystems.LesionType, type);
        if (percent is { } p)
        {
            components.Add((ObservationCodes.DiameterFraction, Ucum(p, "%")));
        }

        return Lesion(id, [.. components]);
    }

    /// <summary>A spinal lesion; a null argument leaves that component out.</summary>
    public static Observation Spine(
        string id, string? level, string? pain = "pain-free", string? type = "blastic", string? alignment = "normal",
        string? collapse = "none", string? posterolateral = "none", string? escc = "0")
    {
        var components = new List<(string, DataType)>();
        Add(components, ObservationCodes.SpinalLevel, CodeSystems.SpinalLevel, level);
        Add(components, ObservationCodes.SpinalPain, CodeSystems.SpinalPain, pain);
        Add(components, ObservationCodes.LesionType, CodeSystems.LesionType, type);
        Add(components, ObservationCodes.SpinalAlignment, CodeSystems.SpinalAlignment, alignment);
        Add(components, ObservationCodes.VertebralCollapse, CodeSystems.VertebralCollapse, collapse);
        Add(components, ObservationCodes.PosterolateralInvolvement, CodeSystems.PosterolateralInvolvement, posterolateral);
        Add(components, ObservationCodes.EsccGrade, CodeSystems.EsccGrade, escc);
        return Lesion(id, [.. components]);
    }

    /// <summary>Every MSCC red flag recorded absent, as a referral that looked for them does.</summary>
    public static Observation[] NoNeurology() => [.. ObservationCodes.NeurologicalRedFlags.Select(code => Sign(code, false))];

    /// <summary>Every hypercalcaemia emergency feature recorded absent.</summary>
    public static Observation[] NoHypercalcaemiaFeatures() => [.. ObservationCodes.HypercalcaemiaEmergencyFeatures.Select(code => Sign(code, false))];

    private static void Add(List<(string, DataType)> components, string code, string system, string? value)
    {
        if (value is not null)
        {
            components.Add(Component(code, system, value));
        }
    }
}
