using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Triage.Findings;

/// <summary>Real R4 POCOs for reader tests, with only the elements the reader looks at.</summary>
internal static class Fhir
{
    public static CodeableConcept Concept(string system, string code) => new(system, code);

    public static Quantity Ucum(decimal value, string code) => new() { Value = value, Unit = code, System = CodeSystems.Ucum, Code = code };

    /// <summary>A patient-level finding coded in the project's observation CodeSystem.</summary>
    public static Observation Project(
        string id, string code, DataType? value, string? effective = "2025-03-01", ObservationStatus status = ObservationStatus.Final) =>
        Observation(id, CodeSystems.Observation, code, value, effective, status);

    public static Observation Loinc(
        string id, string code, DataType? value, string? effective = "2025-03-01", ObservationStatus status = ObservationStatus.Final) =>
        Observation(id, CodeSystems.Loinc, code, value, effective, status);

    public static Observation Observation(
        string id, string system, string code, DataType? value, string? effective, ObservationStatus status) => new()
        {
            Id = id,
            Status = status,
            Code = Concept(system, code),
            Value = value,
            Effective = effective is null ? null : new FhirDateTime(effective),
        };

    public static Observation Lesion(string id, params (string Code, DataType Value)[] components)
    {
        var lesion = Project(id, ObservationCodes.BoneLesion, null);
        lesion.Component = [.. components.Select(c => new Observation.ComponentComponent
        {
            Code = Concept(CodeSystems.Observation, c.Code),
            Value = c.Value,
        })];
        return lesion;
    }

    public static (string, DataType) Component(string code, string system, string value) => (code, Concept(system, value));

    public static Condition Condition(string id, string system, string code, string? recorded = null, string? verification = null) => new()
    {
        Id = id,
        Code = Concept(system, code),
        RecordedDate = recorded,
        VerificationStatus = verification is null
            ? null
            : Concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification),
    };

    public static Condition Icd10(string id, string code, string? recorded = null) => Condition(id, CodeSystems.Icd10Cm, code, recorded);
}
