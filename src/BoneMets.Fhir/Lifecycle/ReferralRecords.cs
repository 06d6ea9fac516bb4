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
        var serviceRequest = task?.Focus?.Reference is { } focus ? await ReadAsync<ServiceRequest>(ReferenceValue.Normalize(focus), cancellationToken) : null;
        var appointment = await ReadAsync<Appointment>($"Appointment/{DeterministicId.For(referralKey, "appointment")}", cancellationToken);
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

    private async Task<T?> ReadAsync<T>(string reference, CancellationToken cancellationToken) where T : Resource
    {
        var parts = reference.Split('/');
        return parts.Length == 2 && await store.ReadAsync(parts[0], parts[1], cancellationToken) is { } stored ? FhirJson.Parse<T>(stored.Json) : null;
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
