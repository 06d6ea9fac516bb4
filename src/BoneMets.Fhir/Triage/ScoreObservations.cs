using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage.Scores;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Triage;

/// <summary>
/// One score result as one Observation, the same way for every score:
/// <list type="bullet">
/// <item>code from <see cref="CodeSystems.Observation"/>; value = the total (valueInteger), the corrected calcium
/// (valueQuantity, mg/dL) or the NOMS pathway (valueCodeableConcept); a result that cannot be computed has no value
/// but dataAbsentReason (temp-unknown when inputs are missing: they have been asked for) and a note naming them (obs-6);</item>
/// <item>one component per published item with its points (valueInteger), or the input seen (valueString) for an
/// item that scores no points, or dataAbsentReason when the input is missing;</item>
/// <item>interpretation = the band, coded in <see cref="CodeSystems.ScoreBand"/>, its meaning as text;</item>
/// <item>method = the score's name, version and source; the citation again as workflow-relatedArtifact;</item>
/// <item>derivedFrom = the Observations read; inputs R4 does not allow there (Conditions) go to workflow-supportingInfo.</item>
/// </list>
/// Ids derive from the referral and the lesion, so a replay writes new versions of the same Observations.
/// </summary>
public sealed class ScoreObservations(string referralKey, string patientId, DateTimeOffset now)
{
    public const string SupportingInfoExtension = "http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo";
    public const string RelatedArtifactExtension = "http://hl7.org/fhir/StructureDefinition/workflow-relatedArtifact";

    /// <summary>Resource types R4 allows in Observation.derivedFrom.</summary>
    private static readonly string[] DerivedFromTypes =
        ["Observation", "ImagingStudy", "DocumentReference", "Media", "QuestionnaireResponse", "MolecularSequence"];

    /// <summary>A per-lesion score: id from "score:{name}:{lesion id}", bodySite copied from the lesion.</summary>
    public Observation Lesion(string name, string code, string bandScore, ScoreResult result, string lesionSource, CodeableConcept? bodySite)
    {
        var observation = Build($"score:{name}:{lesionSource.Split('/')[^1]}", code, bandScore, result, "survey", TotalOrPathway(result, bandScore));
        observation.BodySite = (CodeableConcept?)bodySite?.DeepCopy();
        observation.Focus = [new ResourceReference(lesionSource)];
        return observation;
    }

    /// <summary>A per-patient score: id from "score:{name}".</summary>
    public Observation Patient(string name, string code, string bandScore, ScoreResult result) =>
        Build($"score:{name}", code, bandScore, result, "survey", TotalOrPathway(result, bandScore));

    /// <summary>
    /// Corrected calcium (valueQuantity, mg/dL) with its band and its CTCAE v5 grade (second interpretation, component).
    /// When the value is the measured calcium (albumin above 4.0 g/dL under the local policy), code.text says so: the
    /// coding stays the score's, the words say what was computed.
    /// </summary>
    public Observation Calcium(ScoreResult calcium, ScoreResult ctcae, CalciumBasis basis)
    {
        var mgPerDl = calcium.Quantities.FirstOrDefault(q => q.Unit == "mg/dL");
        var observation = Build("score:corrected-calcium", ObservationCodes.CorrectedCalcium, ScoreBandCodes.Calcium, calcium, "laboratory",
            mgPerDl is null ? null : Ucum(mgPerDl));
        if (basis == CalciumBasis.MeasuredAlbuminAbove4)
        {
            observation.Code.Text = "Calcium, measured and not corrected (albumin above 4.0 g/dL: local policy Triage:CorrectCalciumWhenAlbuminAbove4)";
        }

        if (mgPerDl is null)
        {
            return observation;
        }

        foreach (var quantity in calcium.Quantities.Where(q => q != mgPerDl))
        {
            observation.Component.Add(Component(ObservationCodes.CorrectedCalcium, $"corrected calcium ({quantity.Unit})", Ucum(quantity)));
        }

        if (ctcae is { Total: { } grade, Band: { } band })
        {
            observation.Interpretation.Add(Interpretation(ScoreBandCodes.Ctcae, band));
            observation.Component.Add(Component(ObservationCodes.CorrectedCalcium, $"{CtcaeHypercalcemia.Name} ({CtcaeHypercalcemia.Version})", new Integer(grade)));
            observation.Note.Add(new Annotation { Text = $"{CtcaeHypercalcemia.Name}: {CtcaeHypercalcemia.Version} ({CtcaeHypercalcemia.Source}). {string.Join(" ", ctcae.Notes)}" });
        }

        return observation;
    }

    private Observation Build(string role, string code, string bandScore, ScoreResult result, string category, DataType? value)
    {
        var id = DeterministicId.For(referralKey, role);
        var observation = new Observation
        {
            Id = id,
            Identifier = [new Identifier(CodeSystems.WriteBackIdentifier, id)],
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept(CodeSystems.ObservationCategory, category)],
            Code = CodeDisplays.Concept(CodeSystems.Observation, code, result.Name),
            Subject = new ResourceReference($"Patient/{patientId}"),
            Effective = new FhirDateTime(FhirTime.Of(now)),
            Issued = now.ToUniversalTime(),
            Device = new ResourceReference(ProgramDirectory.DeviceReference),
            Method = new CodeableConcept { Text = $"{result.Name}, {result.Version}. {result.Source}" },
            DerivedFrom = [.. result.DerivedFrom.Where(IsDerivedFromType).Select(r => new ResourceReference(r))],
            Component = [.. result.Items.Select(item => ItemComponent(code, item))],
        };
        observation.Extension.Add(new Extension(RelatedArtifactExtension,
            new RelatedArtifact { Type = RelatedArtifact.RelatedArtifactType.Citation, Citation = result.Source }));
        observation.Extension.AddRange(result.DerivedFrom.Where(r => !IsDerivedFromType(r))
            .Select(r => new Extension(SupportingInfoExtension, new ResourceReference(r))));

        // obs-6: a value, or the reason there is none — never both.
        observation.Value = value;
        if (value is null)
        {
            observation.DataAbsentReason = Absent(result.Missing.Count > 0 ? "temp-unknown" : "unknown");
        }

        if (result.Band is { } band)
        {
            observation.Interpretation.Add(Interpretation(bandScore, band));
        }

        observation.Note.AddRange(Notes(result).Select(text => new Annotation { Text = text }));
        return observation;
    }

    /// <summary>
    /// The total; for a categorical result (NOMS), the suggested pathway — which NOMS draws from the histology and the ESCC
    /// grade, so it stands even while SINS items are missing (they are listed in the note); null when neither is known.
    /// </summary>
    private static DataType? TotalOrPathway(ScoreResult result, string bandScore) => result switch
    {
        { Total: { } total } => new Integer(total),
        { Band: { } pathway } => CodeDisplays.Concept(CodeSystems.ScoreBand, ScoreBandCodes.Of(bandScore, pathway.Code), pathway.Meaning),
        _ => null,
    };

    private static IEnumerable<string> Notes(ScoreResult result)
    {
        if (result.Items.Count > 0)
        {
            yield return "Items: " + string.Join("; ", result.Items.Select(i =>
                $"{i.Name} = {i.Input ?? "missing"}{(i.Points is { } p ? $" → {p}" : string.Empty)}")) + ".";
        }

        if (result.Missing.Count > 0)
        {
            yield return $"Not computed from partial inputs. Missing: {string.Join(", ", result.Missing)}.";
        }

        foreach (var note in result.Notes)
        {
            yield return note;
        }
    }

    private static Observation.ComponentComponent ItemComponent(string scoreCode, ScoreItem item)
    {
        DataType? value = item.Points is { } points ? new Integer(points) : item.Input is { } input ? new FhirString(input) : null;
        var component = Component(scoreCode, item.Name, value);
        if (value is null)
        {
            component.DataAbsentReason = Absent("temp-unknown");
        }

        return component;
    }

    private static Observation.ComponentComponent Component(string scoreCode, string item, DataType? value) => new()
    {
        Code = CodeDisplays.Concept(CodeSystems.ScoreItem, ItemCode(scoreCode, item), item),
        Value = value,
    };

    /// <summary>"mirels-score" + "general condition (Karnofsky)" → "mirels-score.general-condition-karnofsky".</summary>
    public static string ItemCode(string scoreCode, string item)
    {
        var slug = new StringBuilder();
        foreach (var c in item.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return $"{scoreCode}.{slug.ToString().TrimEnd('-')}";
    }

    private static CodeableConcept Interpretation(string score, ScoreBand band) =>
        CodeDisplays.Concept(CodeSystems.ScoreBand, ScoreBandCodes.Of(score, band.Code), band.Meaning);

    private static CodeableConcept Absent(string code) => new(CodeSystems.DataAbsentReason, code, code switch
    {
        "temp-unknown" => "Temporarily Unknown",
        _ => "Unknown",
    }, null);

    private static Quantity Ucum(ScoreQuantity quantity) => new()
    {
        Value = quantity.Value,
        Unit = quantity.Unit,
        System = CodeSystems.Ucum,
        Code = quantity.Unit,
    };

    private static bool IsDerivedFromType(string reference) =>
        References.Of(reference) is { } identity && DerivedFromTypes.Contains(identity.ResourceType, StringComparer.Ordinal);
}
