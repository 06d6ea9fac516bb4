using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Triage.Findings.ObservationValues;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// Reads the typed findings the scores need from a case's Conditions and Observations (other resource
/// types are ignored). Pure: no I/O, no clock. Rules:
/// <list type="bullet">
/// <item>Observations count only with status final, amended, corrected or preliminary.</item>
/// <item>A patient-level finding recorded more than once takes the most recent by effective[x]
/// (ties: final over preliminary, then later issued; see <see cref="LatestObservation"/>).</item>
/// <item>Each bone-lesion Observation is one <see cref="BoneLesion"/>.</item>
/// <item>Anything unreadable — an unexpected unit, no UCUM code, an unknown code, a wrong value type —
/// becomes a <see cref="FindingProblem"/> naming the resource and the value seen; the finding stays missing.</item>
/// </list>
/// </summary>
public static class FindingsReader
{
    /// <summary>The boolean signs read into <see cref="ClinicalFindings.Signs"/>.</summary>
    public static IReadOnlySet<string> SignCodes { get; } = new HashSet<string>(
        ObservationCodes.NeurologicalRedFlags
            .Concat(ObservationCodes.SpinalPainSuggestingMetastases)
            .Concat(ObservationCodes.HypercalcaemiaEmergencyFeatures)
            .Append(ObservationCodes.UnableToBearWeight),
        StringComparer.Ordinal);

    public static ClinicalFindings Read(IReadOnlyCollection<Resource> resources)
    {
        var problems = new List<FindingProblem>();
        var conditions = resources.OfType<Condition>().ToList();
        var observations = resources.OfType<Observation>().Where(IsUsable).ToList();
        foreach (var resource in conditions.Cast<Resource>().Concat(observations).Where(r => string.IsNullOrEmpty(r.Id)))
        {
            problems.Add(new FindingProblem(Reference(resource), resource.TypeName, "resource has no id: derivedFrom cannot point at it", null));
        }

        var (primary, candidates) = PrimaryCancerReader.Read(conditions, problems);
        var lesions = observations
            .Where(o => HasCoding(o.Code, CodeSystems.Observation, ObservationCodes.BoneLesion))
            .Select(o => LesionReader.Read(o, problems))
            .ToList();
        var latest = new LatestObservation(observations, problems);

        Finding<T>? Project<T>(string code, Func<DataType?, Read<T>> read) =>
            latest.Find(CodeSystems.Observation, code, code, read);
        Finding<T>? Loinc<T>(string code, string name, Func<DataType?, Read<T>> read) =>
            latest.Find(CodeSystems.Loinc, code, name, read);

        var signs = new Dictionary<string, Finding<bool>>(StringComparer.Ordinal);
        var conflicting = new Dictionary<string, IReadOnlyList<Finding<bool>>>(StringComparer.Ordinal);
        foreach (var code in SignCodes)
        {
            if (Project(code, Boolean) is { } sign)
            {
                signs[code] = sign;
            }
            else if (latest.Conflicting(CodeSystems.Observation, code, Boolean) is { Count: > 0 } conflict)
            {
                conflicting[code] = conflict;
            }
        }

        return new ClinicalFindings
        {
            PrimaryCancer = primary,
            PrimaryCancerCandidates = candidates,
            VisceralMetastases = Project(ObservationCodes.VisceralMetastases, v => Coded(v, FindingCodes.VisceralMetastases)),
            ExtraspinalBoneMetastases = Project(ObservationCodes.ExtraspinalBoneMetastases, v => Integer(v, n => n >= 0, "a count ≥ 0")),
            VertebralBodyMetastases = Project(ObservationCodes.VertebralBodyMetastases, v => Integer(v, n => n >= 0, "a count ≥ 0")),
            FrankelGrade = Project(ObservationCodes.FrankelGrade, v => Coded(v, FindingCodes.FrankelGrade)),
            ConflictingFrankelGrades = latest.Conflicting(CodeSystems.Observation, ObservationCodes.FrankelGrade, v => Coded(v, FindingCodes.FrankelGrade)),
            AmbulatoryStatus = Project(ObservationCodes.AmbulatoryStatus, v => Coded(v, FindingCodes.AmbulatoryStatus)),
            FitForSurgery = Project(ObservationCodes.FitForSurgery, Boolean),
            Ecog = Loinc(ClinicalCodes.LoincEcog, FindingNames.Ecog, v => Integer(v, PerformanceStatus.IsEcog, "ECOG 0–5")),
            Karnofsky = Loinc(ClinicalCodes.LoincKarnofsky, FindingNames.Karnofsky, v => Integer(v, PerformanceStatus.IsKarnofsky, "Karnofsky 0–100 in steps of 10")),
            PainSeverity = Loinc(ClinicalCodes.LoincPainSeverity, FindingNames.PainSeverity, Pain),
            CalciumMgPerDl = Loinc(ClinicalCodes.LoincCalcium, FindingNames.SerumCalcium, LabUnits.CalciumMgPerDl),
            AlbuminGPerDl = Loinc(ClinicalCodes.LoincAlbumin, FindingNames.SerumAlbumin, LabUnits.AlbuminGPerDl),
            Signs = signs,
            ConflictingSigns = conflicting,
            Lesions = lesions,
            Problems = problems,
        };
    }

    /// <summary>Pain 0–10: valueInteger, or a whole-number valueQuantity in UCUM "{score}" or "1".</summary>
    private static Read<int> Pain(DataType? value)
    {
        if (value is not Quantity)
        {
            return Integer(value, n => n is >= 0 and <= 10, "0–10");
        }

        var read = Ucum(value);
        if (!read.Ok)
        {
            return Read<int>.Fail(read.Problem!, read.Seen);
        }

        var (number, unit) = read.Value;
        if (unit is not ("{score}" or "1"))
        {
            return Read<int>.Fail("unexpected unit (expected {score} or 1)", unit);
        }

        return number is >= 0m and <= 10m && decimal.Truncate(number) == number
            ? Read<int>.Of((int)number)
            : Read<int>.Fail("outside 0–10 or not a whole number", number.ToString());
    }
}
