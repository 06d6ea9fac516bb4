using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Scheduling;

/// <summary>What became of one attempt to take a Slot.</summary>
public abstract record BookResult
{
    public sealed record Booked(Booking Booking) : BookResult;

    /// <summary>The Slot's version moved (412/409): someone else took or changed it.</summary>
    public sealed record Taken : BookResult;

    /// <summary>
    /// The conditional create found the program's Appointment already there (another scheduler booked this
    /// referral meanwhile): the Slot this transaction made busy must be given back.
    /// </summary>
    public sealed record AlreadyBooked(string SlotId) : BookResult;
}

/// <summary>
/// The scheduling FHIR server: free Slots of a Schedule, and a booking as ONE transaction — the Slot set busy
/// with If-Match on the version read, the Appointment created conditionally on the program's identifier — so
/// two bookings can never take one Slot and a retried booking never makes a second Appointment.
/// </summary>
public sealed class SchedulingServer(IHttpClientFactory http, SchedulingOptions options)
{
    public const string ClientName = "bonemets-scheduling";

    private const string FhirJsonType = "application/fhir+json";

    private HttpClient Client => http.CreateClient(ClientName);

    /// <summary>"system|value" the Appointment is created and found by on the server: the program's own identifier.</summary>
    public static string IdentifierOf(Appointment appointment) => $"{CodeSystems.WriteBackIdentifier}|{appointment.Id}";

    /// <summary>The program's booked Appointment already on the server (a booking whose response was lost); null when none.</summary>
    public async Task<(Appointment Appointment, Booking Booking)?> FindBookedAsync(string identifier, CancellationToken cancellationToken)
    {
        var found = await SearchAsync<Appointment>($"Appointment?identifier={Uri.EscapeDataString(identifier)}", cancellationToken);
        var booked = found.Find(a => a.Status == Appointment.AppointmentStatus.Booked && a.Slot.Count > 0 && a.Slot[0].Reference is not null
            && a.Start is not null && a.End is not null);
        return booked is null ? null : (booked, new Booking(booked.Slot[0].Reference!, booked.Start!.Value, booked.End!.Value, booked.Id));
    }

    /// <summary>The status of the program's live Appointment on the server (fulfilled, noshow …); null when there is none.</summary>
    public async Task<Appointment.AppointmentStatus?> StatusOfAsync(string identifier, CancellationToken cancellationToken)
    {
        var found = await SearchAsync<Appointment>($"Appointment?identifier={Uri.EscapeDataString(identifier)}", cancellationToken);
        return found.Find(a => a.Status is not (Appointment.AppointmentStatus.Cancelled or Appointment.AppointmentStatus.EnteredInError))?.Status;
    }

    /// <summary>Free Slots of a Schedule starting between the bounds, earliest first, following the server's paging.</summary>
    public async IAsyncEnumerable<Slot> FreeSlotsAsync(
        string scheduleId, DateTimeOffset from, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? url = $"Slot?schedule=Schedule/{Uri.EscapeDataString(scheduleId)}&status=free&start=ge{Instant(from)}&start=le{Instant(until)}&_sort=start";
        while (url is not null)
        {
            var page = await GetBundleAsync(url, cancellationToken);
            foreach (var slot in page.Entry.Select(e => e.Resource).OfType<Slot>().Where(s => s.Status == Slot.SlotStatus.Free))
            {
                yield return slot;
            }

            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }
    }

    /// <summary>Takes the Slot for the Appointment in one transaction; <see cref="BookResult.Taken"/> when its version moved.</summary>
    public async Task<BookResult> BookAsync(Slot slot, Appointment appointment, CancellationToken cancellationToken)
    {
        var busy = (Slot)slot.DeepCopy();
        busy.Status = Slot.SlotStatus.Busy;
        var remote = (Appointment)appointment.DeepCopy();
        remote.Id = null;
        remote.Meta = null;
        remote.Status = Appointment.AppointmentStatus.Booked;
        remote.Slot = [new ResourceReference($"Slot/{slot.Id}")];
        remote.Start = slot.Start;
        remote.End = slot.End;
        var transaction = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                Entry(busy, Bundle.HTTPVerb.PUT, $"Slot/{slot.Id}", ifMatch: ETag(slot)),
                Entry(remote, Bundle.HTTPVerb.POST, "Appointment", ifNoneExist: $"identifier={IdentifierOf(appointment)}"),
            ],
        };

        using var response = await PostAsync(transaction, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return new BookResult.Taken();
        }

        var body = await EnsureFhirAsync(response, "booking transaction", cancellationToken);
        var created = FhirJson.Parse<Bundle>(body).Entry.ElementAtOrDefault(1)?.Response;
        if (created?.Status?.StartsWith("200", StringComparison.Ordinal) == true)
        {
            return new BookResult.AlreadyBooked(slot.Id!);
        }

        var location = created?.Location ?? "";
        var parts = location.Split('/');
        var at = Array.LastIndexOf(parts, "Appointment");
        var id = at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
        return new BookResult.Booked(new Booking($"Slot/{slot.Id}", slot.Start!.Value, slot.End!.Value, id));
    }

    /// <summary>
    /// Cancels the program's Appointment on the server and frees its Slot, in one transaction with version checks
    /// (re-read and retried on a conflict). Nothing to do when the server holds no live Appointment for it.
    /// </summary>
    public async Task<bool> ReleaseAsync(string identifier, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var live = (await SearchAsync<Appointment>($"Appointment?identifier={Uri.EscapeDataString(identifier)}", cancellationToken))
                .FirstOrDefault(a => a.Status is not (Appointment.AppointmentStatus.Cancelled or Appointment.AppointmentStatus.EnteredInError));
            if (live is null)
            {
                return false;
            }

            var cancelled = (Appointment)live.DeepCopy();
            cancelled.Status = Appointment.AppointmentStatus.Cancelled;
            var entries = new List<Bundle.EntryComponent> { Entry(cancelled, Bundle.HTTPVerb.PUT, $"Appointment/{live.Id}", ifMatch: ETag(live)) };
            if (live.Slot.FirstOrDefault()?.Reference is { } slotReference && await ReadAsync<Slot>(slotReference, cancellationToken) is { } slot)
            {
                var free = (Slot)slot.DeepCopy();
                free.Status = Slot.SlotStatus.Free;
                entries.Add(Entry(free, Bundle.HTTPVerb.PUT, slotReference, ifMatch: ETag(slot)));
            }

            using var response = await PostAsync(new Bundle { Type = Bundle.BundleType.Transaction, Entry = entries }, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict))
            {
                await EnsureFhirAsync(response, "release transaction", cancellationToken);
                return true;
            }
        }

        throw new HttpRequestException("The scheduling server kept changing the Appointment while it was being released.");
    }

    /// <summary>Sets a Slot this program made busy free again (version-checked; a Slot someone else changed is left alone).</summary>
    public async System.Threading.Tasks.Task FreeSlotAsync(string slotId, CancellationToken cancellationToken)
    {
        if (await ReadAsync<Slot>($"Slot/{slotId}", cancellationToken) is not { Status: Slot.SlotStatus.Busy } slot)
        {
            return;
        }

        var free = (Slot)slot.DeepCopy();
        free.Status = Slot.SlotStatus.Free;
        using var response = await PostAsync(new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry = [Entry(free, Bundle.HTTPVerb.PUT, $"Slot/{slotId}", ifMatch: ETag(slot))],
        }, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict))
        {
            await EnsureFhirAsync(response, "slot release", cancellationToken);
        }
    }

    private static Bundle.EntryComponent Entry(Resource resource, Bundle.HTTPVerb verb, string url, string? ifMatch = null, string? ifNoneExist = null) => new()
    {
        FullUrl = verb == Bundle.HTTPVerb.POST ? $"urn:uuid:{Guid.NewGuid()}" : null,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = verb, Url = url, IfMatch = ifMatch, IfNoneExist = ifNoneExist },
    };

    private static string? ETag(Resource resource) => resource.Meta?.VersionId is { } version ? $"W/\"{version}\"" : null;

    private static string Instant(DateTimeOffset at) =>
        Uri.EscapeDataString(at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private async Task<HttpResponseMessage> PostAsync(Bundle transaction, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(""))
        {
            Content = new StringContent(FhirJson.Serialize(transaction), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(FhirJsonType);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJsonType));
        return await Client.SendAsync(request, cancellationToken);
    }

    private async Task<List<T>> SearchAsync<T>(string url, CancellationToken cancellationToken) where T : Resource
    {
        var found = new List<T>();
        for (string? next = url; next is not null;)
        {
            var page = await GetBundleAsync(next, cancellationToken);
            found.AddRange(page.Entry.Select(e => e.Resource).OfType<T>());
            next = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        return found;
    }

    private async Task<Bundle> GetBundleAsync(string url, CancellationToken cancellationToken) =>
        FhirJson.Parse<Bundle>(await GetAsync(url, cancellationToken) ?? throw new HttpRequestException($"The scheduling server found no {url}."));

    private async Task<T?> ReadAsync<T>(string reference, CancellationToken cancellationToken) where T : Resource =>
        await GetAsync(reference, cancellationToken) is { } json ? FhirJson.Parse<T>(json) : null;

    private async Task<string?> GetAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(url));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJsonType));
        using var response = await Client.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await EnsureFhirAsync(response, url.Split('?')[0], cancellationToken);
    }

    private static async Task<string> EnsureFhirAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The scheduling server answered {(int)response.StatusCode} to the {what}.", null, response.StatusCode);
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>A relative path against the base URL; the server's own absolute paging links as they are.</summary>
    private Uri Url(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? absolute
            : new Uri(options.BaseUrl + (path.Length == 0 ? "" : "/" + path));
}
