using System.Collections.Frozen;
using BoneMets.Fhir.Terminology;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// The code strings of the project's CodeSystems for each coded finding, both ways. Codes are
/// case-sensitive (FHIR CodeSystem default): "Lytic" is not a code of lesion-type.
/// </summary>
public static class FindingCodes
{
    public static readonly CodedValues<LesionType> LesionType = new(CodeSystems.LesionType, new()
    {
        ["lytic"] = Findings.LesionType.Lytic,
        ["blastic"] = Findings.LesionType.Blastic,
        ["mixed"] = Findings.LesionType.Mixed,
    });

    public static readonly CodedValues<MirelsSite> MirelsSite = new(CodeSystems.MirelsSite, new()
    {
        ["upper-limb"] = Findings.MirelsSite.UpperLimb,
        ["lower-limb"] = Findings.MirelsSite.LowerLimb,
        ["peritrochanteric"] = Findings.MirelsSite.Peritrochanteric,
    });

    public static readonly CodedValues<MirelsPain> MirelsPain = new(CodeSystems.MirelsPain, new()
    {
        ["mild"] = Findings.MirelsPain.Mild,
        ["moderate"] = Findings.MirelsPain.Moderate,
        ["functional"] = Findings.MirelsPain.Functional,
    });

    public static readonly CodedValues<SpinalPain> SpinalPain = new(CodeSystems.SpinalPain, new()
    {
        ["mechanical"] = Findings.SpinalPain.Mechanical,
        ["occasional"] = Findings.SpinalPain.Occasional,
        ["pain-free"] = Findings.SpinalPain.PainFree,
    });

    public static readonly CodedValues<SpinalAlignment> SpinalAlignment = new(CodeSystems.SpinalAlignment, new()
    {
        ["subluxation"] = Findings.SpinalAlignment.Subluxation,
        ["deformity"] = Findings.SpinalAlignment.Deformity,
        ["normal"] = Findings.SpinalAlignment.Normal,
    });

    public static readonly CodedValues<VertebralCollapse> VertebralCollapse = new(CodeSystems.VertebralCollapse, new()
    {
        ["over-50"] = Findings.VertebralCollapse.Over50,
        ["under-50"] = Findings.VertebralCollapse.Under50,
        ["none-over-50-involved"] = Findings.VertebralCollapse.NoneOver50Involved,
        ["none"] = Findings.VertebralCollapse.None,
    });

    public static readonly CodedValues<PosterolateralInvolvement> PosterolateralInvolvement = new(CodeSystems.PosterolateralInvolvement, new()
    {
        ["bilateral"] = Findings.PosterolateralInvolvement.Bilateral,
        ["unilateral"] = Findings.PosterolateralInvolvement.Unilateral,
        ["none"] = Findings.PosterolateralInvolvement.None,
    });

    public static readonly CodedValues<EsccGrade> EsccGrade = new(CodeSystems.EsccGrade, new()
    {
        ["0"] = Findings.EsccGrade.Grade0,
        ["1a"] = Findings.EsccGrade.Grade1a,
        ["1b"] = Findings.EsccGrade.Grade1b,
        ["1c"] = Findings.EsccGrade.Grade1c,
        ["2"] = Findings.EsccGrade.Grade2,
        ["3"] = Findings.EsccGrade.Grade3,
    });

    public static readonly CodedValues<FrankelGrade> FrankelGrade = new(CodeSystems.FrankelGrade, new()
    {
        ["A"] = Findings.FrankelGrade.A,
        ["B"] = Findings.FrankelGrade.B,
        ["C"] = Findings.FrankelGrade.C,
        ["D"] = Findings.FrankelGrade.D,
        ["E"] = Findings.FrankelGrade.E,
    });

    public static readonly CodedValues<AmbulatoryStatus> AmbulatoryStatus = new(CodeSystems.AmbulatoryStatus, new()
    {
        ["independent"] = Findings.AmbulatoryStatus.Independent,
        ["assisted"] = Findings.AmbulatoryStatus.Assisted,
        ["non-ambulatory"] = Findings.AmbulatoryStatus.NonAmbulatory,
    });

    public static readonly CodedValues<VisceralMetastases> VisceralMetastases = new(CodeSystems.VisceralMetastases, new()
    {
        ["none"] = Findings.VisceralMetastases.None,
        ["removable"] = Findings.VisceralMetastases.Removable,
        ["unremovable"] = Findings.VisceralMetastases.Unremovable,
    });
}

/// <summary>One CodeSystem's codes and the enum values they stand for.</summary>
public sealed class CodedValues<T> where T : struct, Enum
{
    private readonly FrozenDictionary<string, T> byCode;
    private readonly FrozenDictionary<T, string> byValue;

    internal CodedValues(string system, Dictionary<string, T> codes)
    {
        System = system;
        byCode = codes.ToFrozenDictionary(StringComparer.Ordinal);
        byValue = codes.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);
    }

    public string System { get; }

    public bool TryGetValue(string code, out T value) => byCode.TryGetValue(code, out value);

    /// <summary>The code of <paramref name="value"/> in <see cref="System"/>, e.g. "lytic".</summary>
    public string Code(T value) => byValue[value];
}
