using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Search;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Lifecycle;

/// <summary>
/// Reads a referral's write-back from the local store by its referral key: the Task by the program's filler
/// identifier (the Task keeps the placer's id when the message carried one), the rest by deterministic id or
/// reference.
/// </summary>
public sealed class ReferralRecords(IResourceStore store)
{
    public async Task<ReferralRecord> ReadAsync(string referralKey, CancellationToken cancellationToken)
    {
        var filler = $"{CodeSystems.ReferralIdentifier}|{DeterministicId.For(referralKey, "referral")}";
        var tasks = await SearchAsync<Task>("Task", "identifier", filler, cancellationToken);
        var task = tasks.Count > 0 ? tasks[0] : null;
        var serviceRequest = await ReadReferenceAsync<ServiceRequest>(task?.Focus?.Reference, cancellationToken);
        var appointment = await ReadReferenceAsync<Appointment>($"Appointment/{DeterministicId.For(referralKey, "appointment")}", cancellationToken);
        var requests = task is null ? [] : await SearchAsync<CommunicationRequest>("CommunicationRequest", "based-on", $"Task/{task.Id}", cancellationToken);
        return new ReferralRecord(referralKey, task, serviceRequest, appointment, requests);
    }

    /// <summary>Every stored resource of a type matching one search parameter, across pages.</summary>
    public async Task<IReadOnlyList<T>> SearchAsync<T>(string type, string parameter, string value, CancellationToken cancellationToken) where T : Resource
    {
        var found = new List<T>();
        long cursor = 0;
        while (true)
        {
            var (query, _) = SearchQuery.Parse(type, [new(parameter, value), new("_count", SearchQuery.MaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("_cursor", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture))], strict: false);
            var page = await store.SearchAsync(query!, cancellationToken);
            found.AddRange(page.Resources.Select(r => FhirJson.Parse<T>(r.Json)));
            if (page.NextCursor is not { } next)
            {
                return found;
            }

            cursor = next;
        }
    }

    /// <summary>The stored resource a literal reference ("Type/id", absolute or versioned) points at, when it is a <typeparamref name="T"/>.</summary>
    public async Task<T?> ReadReferenceAsync<T>(string? reference, CancellationToken cancellationToken) where T : Resource
    {
        var parts = reference is null ? [] : ReferenceValue.Normalize(reference).Split('/');
        return parts.Length == 2 && await store.ReadAsync(parts[0], parts[1], cancellationToken) is { } stored && FhirJson.ParseResource(stored.Json) is T found ? found : null;
    }

    /// <summary>The referral key of the ServiceRequest the Appointment is based on.</summary>
    public async Task<string?> KeyOfAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        var reference = appointment.BasedOn.FirstOrDefault()?.Reference;
        var found = reference is null ? []
            : await SearchAsync<ServiceRequest>("ServiceRequest", "_id", ReferenceValue.Normalize(reference).Split('/')[^1], cancellationToken);
        return found.Count > 0 ? ReferralMessage.KeyOf(found[0]) : null;
    }
}
