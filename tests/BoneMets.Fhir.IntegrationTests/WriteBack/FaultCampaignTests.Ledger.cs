using System.Globalization;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>The campaign's ledger: the service's own final state against what the fake holds and received.</summary>
public sealed partial class FaultCampaignTests
{
    /// <summary>Each write-back resource of the service whose copy at the partner is missing or in another state.</summary>
    private async Task<List<string>> LostAsync(BoneMetsHost host)
    {
        var lost = new List<string>();
        lost.AddRange(Compare(await ServiceAllAsync<FhirTask>(host), fake.All<FhirTask>(), CodeSystems.ReferralIdentifier,
            t => $"{t.Status}|{t.BusinessStatus?.Coding.FirstOrDefault()?.Code}"));
        lost.AddRange(Compare(await ServiceAllAsync<Appointment>(host), fake.All<Appointment>(), CodeSystems.WriteBackIdentifier, a => $"{a.Status}"));
        lost.AddRange(Compare(await ServiceAllAsync<CommunicationRequest>(host), fake.All<CommunicationRequest>(), CodeSystems.WriteBackIdentifier, c => $"{c.Status}"));
        return lost;
    }

    private static IEnumerable<string> Compare<T>(IReadOnlyList<T> ours, IReadOnlyList<T> theirs, string system, Func<T, string> state) where T : Resource
    {
        var atPartner = theirs.SelectMany(r => Identifiers(r).Where(i => i.System == system).Select(i => (i.Value, r))).ToLookup(p => p.Value, p => p.r);
        foreach (var resource in ours)
        {
            if (Identifiers(resource).FirstOrDefault(i => i.System == system) is not { } identifier)
            {
                continue; // received from the referrer, not the program's
            }

            var copies = atPartner[identifier.Value].ToList();
            if (copies.Count != 1 || state(copies[0]) != state(resource))
            {
                yield return $"{resource.TypeName}/{resource.Id}: ours {state(resource)}, theirs [{string.Join(", ", copies.Select(state))}]";
            }
        }
    }

    private static IEnumerable<Identifier> Identifiers(Resource resource) => BoneMets.Fhir.Store.DeliveryPayloads.Identifiers(resource);

    /// <summary>Each note a clinician added at the partner that its Task no longer carries.</summary>
    private List<string> Overwritten()
    {
        var tasks = fake.All<FhirTask>().ToDictionary(t => $"Task/{t.Id}", StringComparer.Ordinal);
        return [.. fake.Edits.Where(e => !(tasks.TryGetValue(e.Key, out var task) && task.Note.Any(n => n.Text == e.Note))).Select(e => $"{e.Key}: {e.Note}")];
    }

    /// <summary>
    /// Each program Task whose latest version did not reach the messaging endpoint (a status update with that version and
    /// status), and each Task version announced under more than one message id (a duplicate, not a resend).
    /// </summary>
    private async Task<List<string>> MessagesLostAsync(BoneMetsHost host)
    {
        var announced = fake.Messages.SelectMany(m => m.Entry.Select(e => e.Resource).OfType<FhirTask>().Select(t => (Message: m.Id, Task: t)))
            .Where(p => p.Task.Identifier.Any(i => i.System == CodeSystems.ReferralIdentifier))
            .ToLookup(p => p.Task.Identifier.First(i => i.System == CodeSystems.ReferralIdentifier).Value);
        var problems = new List<string>();
        foreach (var task in await ServiceAllAsync<FhirTask>(host))
        {
            if (task.Identifier.FirstOrDefault(i => i.System == CodeSystems.ReferralIdentifier) is not { } identifier)
            {
                continue;
            }

            var versions = announced[identifier.Value].GroupBy(p => p.Task.Meta?.VersionId).ToList();
            problems.AddRange(versions.Where(v => v.Select(p => p.Message).Distinct().Count() > 1).Select(v => $"Task/{task.Id} v{v.Key}: several message ids"));
            var latest = announced[identifier.Value].MaxBy(p => int.Parse(p.Task.Meta?.VersionId ?? "0", CultureInfo.InvariantCulture)).Task;
            if (latest is null || latest.Meta?.VersionId != task.Meta?.VersionId || latest.Status != task.Status)
            {
                problems.Add($"Task/{task.Id} v{task.Meta?.VersionId} {task.Status}: last announced v{latest?.Meta?.VersionId} {latest?.Status}");
            }
        }

        return problems;
    }

    /// <summary>Every resource of a type on the service, page by page.</summary>
    private static async Task<IReadOnlyList<T>> ServiceAllAsync<T>(BoneMetsHost host) where T : Resource
    {
        var all = new List<T>();
        for (string? path = $"/fhir/{typeof(T).Name}?_count=100"; path is not null;)
        {
            var page = await host.GetAsync<Bundle>(path);
            all.AddRange(page.Entry.Select(e => e.Resource).OfType<T>());
            path = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url is { } next
                ? (Uri.TryCreate(next, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : next)
                : null;
        }

        return all;
    }
}
