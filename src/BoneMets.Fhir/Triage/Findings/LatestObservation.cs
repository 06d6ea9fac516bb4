using Hl7.Fhir.Model;
using static BoneMets.Fhir.Triage.Findings.ObservationValues;

namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// Picks, for one patient-level finding, the Observation that holds its current value.
/// <list type="number">
/// <item>Only usable statuses count (final, amended, corrected, preliminary).</item>
/// <item>The most recent effective[x] wins; an Observation without one ranks below every dated one.</item>
/// <item>At the same effective time, a final/amended/corrected result outranks a preliminary one,
/// then the later <c>issued</c> wins.</item>
/// <item>If the winner's value cannot be read, the finding is missing (with a problem): an older value is
/// not silently promoted, because the newest record says the old one may no longer hold.</item>
/// <item>If another Observation ties on all of the above with a different value, the finding is missing
/// and both are reported: the reader does not choose between conflicting records.</item>
/// </list>
/// </summary>
internal sealed class LatestObservation(IReadOnlyList<Observation> usable, List<FindingProblem> problems)
{
    public Finding<T>? Find<T>(string system, string code, string name, Func<DataType?, Read<T>> read)
    {
        var candidates = Candidates(system, code);
        if (candidates.Count == 0)
        {
            return null;
        }

        var latest = candidates[0];
        var value = read(latest.Value);
        if (!value.Ok)
        {
            problems.Add(new FindingProblem(Reference(latest), name, value.Problem!, value.Seen));
            return null;
        }

        foreach (var other in candidates.Skip(1).TakeWhile(o => Ties(o, latest)))
        {
            var otherValue = read(other.Value);
            if (otherValue.Ok && !EqualityComparer<T>.Default.Equals(otherValue.Value, value.Value))
            {
                problems.Add(new FindingProblem(
                    Reference(latest), name, $"conflicts with {Reference(other)}, recorded for the same time", $"{value.Value} | {otherValue.Value}"));
                return null;
            }
        }

        return new Finding<T>(value.Value, Reference(latest), Effective(latest.Effective)) { AsSent = value.Seen };
    }

    /// <summary>
    /// The readable values of the records tied for the latest, when they disagree (where <see cref="Find{T}"/> answers
    /// null); empty otherwise. For a rule that must not let a conflict hide a finding that is present in every reading.
    /// </summary>
    public IReadOnlyList<Finding<T>> Conflicting<T>(string system, string code, Func<DataType?, Read<T>> read)
    {
        var candidates = Candidates(system, code);
        if (candidates.Count < 2)
        {
            return [];
        }

        var tied = candidates.TakeWhile(o => Ties(o, candidates[0]))
            .Select(o => (Observation: o, Value: read(o.Value)))
            .Where(x => x.Value.Ok)
            .Select(x => new Finding<T>(x.Value.Value, Reference(x.Observation), Effective(x.Observation.Effective)))
            .ToList();
        return tied.Select(f => f.Value).Distinct().Count() > 1 && read(candidates[0].Value).Ok ? tied : [];
    }

    private List<Observation> Candidates(string system, string code) => usable
        .Where(o => HasCoding(o.Code, system, code))
        .OrderByDescending(o => Effective(o.Effective))
        .ThenByDescending(StatusRank)
        .ThenByDescending(o => o.Issued)
        .ThenBy(o => o.Id, StringComparer.Ordinal)
        .ToList();

    private static bool Ties(Observation a, Observation b) =>
        Effective(a.Effective) == Effective(b.Effective) && StatusRank(a) == StatusRank(b) && a.Issued == b.Issued;
}
