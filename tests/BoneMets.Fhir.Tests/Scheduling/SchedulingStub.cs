using System.Globalization;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace BoneMets.Fhir.Tests.Scheduling;

/// <summary>
/// A stateful scheduling FHIR server on WireMock: Slots with versions, Appointments, Slot search with paging,
/// and transactions that apply all-or-nothing with If-Match (412 on a stale version) and If-None-Exist
/// (200 with the existing Appointment). Requests are served one at a time, as one database would.
/// </summary>
public sealed class SchedulingStub : IDisposable
{
    public const string ScheduleId = "sched-ortho";
    private readonly object gate = new();
    private readonly Dictionary<string, Slot> slots = [];
    private readonly Dictionary<string, Appointment> appointments = [];
    private int nextAppointment = 1;

    public SchedulingStub(int pageSize = 2)
    {
        PageSize = pageSize;
        Server.Given(Request.Create().WithPath("/fhir/Slot").UsingGet()).RespondWith(Response.Create().WithCallback(SearchSlots));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/fhir/Slot/[^/]+$")).UsingGet()).RespondWith(Response.Create().WithCallback(ReadSlot));
        Server.Given(Request.Create().WithPath("/fhir/Appointment").UsingGet()).RespondWith(Response.Create().WithCallback(SearchAppointments));
        Server.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithCallback(Transaction));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url + "/fhir";

    public int PageSize { get; }

    /// <summary>Runs inside a booking transaction, before it commits (to cancel a referral "during" booking).</summary>
    public Action? DuringBooking { get; set; }

    /// <summary>Commits the next transaction, then answers 500 as if the connection dropped after the commit.</summary>
    public bool FailNextAfterCommit { get; set; }

    /// <summary>Every request the stub received.</summary>
    public int Requests => Server.LogEntries.Count;

    /// <summary>Transactions that committed (booking, release).</summary>
    public int Commits { get; private set; }

    /// <summary>Transactions refused because a version had moved.</summary>
    public int Conflicts { get; private set; }

    public void AddSlot(string id, DateTimeOffset start, TimeSpan? length = null, string schedule = ScheduleId)
    {
        lock (gate)
        {
            slots[id] = new Slot
            {
                Id = id,
                Meta = new Meta { VersionId = "1" },
                Schedule = new ResourceReference($"Schedule/{schedule}"),
                Status = Slot.SlotStatus.Free,
                Start = start,
                End = start + (length ?? TimeSpan.FromMinutes(30)),
            };
        }
    }

    public Slot SlotById(string id)
    {
        lock (gate)
        {
            return (Slot)slots[id].DeepCopy();
        }
    }

    /// <summary>The clinic records the visit's outcome (fulfilled, noshow) on the program's Appointment.</summary>
    public void SetAppointmentStatus(Appointment.AppointmentStatus status)
    {
        lock (gate)
        {
            var appointment = appointments.Values.Single(a => a.Status == Appointment.AppointmentStatus.Booked);
            appointment.Status = status;
            appointment.Meta.VersionId = (int.Parse(appointment.Meta.VersionId, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    public IReadOnlyList<Appointment> Appointments
    {
        get
        {
            lock (gate)
            {
                return [.. appointments.Values.Select(a => (Appointment)a.DeepCopy())];
            }
        }
    }

    private ResponseMessage SearchSlots(IRequestMessage request)
    {
        lock (gate)
        {
            var schedule = Query(request, "schedule").Single();
            var bounds = Query(request, "start");
            var offsets = Query(request, "_offset");
            var offset = offsets.Count > 0 ? int.Parse(offsets[0], CultureInfo.InvariantCulture) : 0;
            var matching = slots.Values
                .Where(s => s.Schedule.Reference == schedule && s.Status == Slot.SlotStatus.Free && bounds.All(b => InBound(s.Start!.Value, b)))
                .OrderBy(s => s.Start).ToList();
            var page = new Bundle { Type = Bundle.BundleType.Searchset, Total = matching.Count };
            page.Entry.AddRange(matching.Skip(offset).Take(PageSize).Select(s => new Bundle.EntryComponent { Resource = s.DeepCopy() }));
            if (offset + PageSize < matching.Count)
            {
                var query = string.Join("&", request.Query!.Where(q => q.Key != "_offset").SelectMany(q => q.Value.Select(v => $"{q.Key}={Uri.EscapeDataString(v)}")));
                page.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = $"{BaseUrl}/Slot?{query}&_offset={offset + PageSize}" });
            }

            return Fhir(200, page);
        }
    }

    private ResponseMessage ReadSlot(IRequestMessage request)
    {
        lock (gate)
        {
            return slots.TryGetValue(request.Path.Split('/')[^1], out var slot) ? Fhir(200, slot) : new ResponseMessage { StatusCode = 404 };
        }
    }

    private ResponseMessage SearchAppointments(IRequestMessage request)
    {
        lock (gate)
        {
            var identifier = Query(request, "identifier").Single();
            var page = new Bundle { Type = Bundle.BundleType.Searchset };
            page.Entry.AddRange(appointments.Values.Where(a => Has(a, identifier)).Select(a => new Bundle.EntryComponent { Resource = a.DeepCopy() }));
            return Fhir(200, page);
        }
    }

    private ResponseMessage Transaction(IRequestMessage request)
    {
        var bundle = FhirJson.Parse<Bundle>(request.Body!);
        if (bundle.Entry.Any(e => e.Request.Method == Bundle.HTTPVerb.POST))
        {
            DuringBooking?.Invoke();
        }

        lock (gate)
        {
            // Check every precondition first: a transaction applies all or nothing.
            foreach (var entry in bundle.Entry.Where(e => e.Request.Method == Bundle.HTTPVerb.PUT))
            {
                var current = Current(entry.Request.Url);
                if (current is null || entry.Request.IfMatch != $"W/\"{current.Meta.VersionId}\"")
                {
                    Conflicts++;
                    return Fhir(412, Outcomes.Of([Outcomes.Error(OperationOutcome.IssueType.Conflict, null, "Version mismatch")]));
                }
            }

            var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
            foreach (var entry in bundle.Entry)
            {
                response.Entry.Add(new Bundle.EntryComponent { Response = Apply(entry) });
            }

            Commits++;
            if (FailNextAfterCommit)
            {
                FailNextAfterCommit = false;
                return new ResponseMessage { StatusCode = 500 };
            }

            return Fhir(200, response);
        }
    }

    private Bundle.ResponseComponent Apply(Bundle.EntryComponent entry)
    {
        if (entry.Request.Method == Bundle.HTTPVerb.POST)
        {
            var identifier = entry.Request.IfNoneExist["identifier=".Length..];
            if (appointments.Values.FirstOrDefault(a => Has(a, identifier)) is { } existing)
            {
                return new Bundle.ResponseComponent { Status = "200 OK", Location = $"Appointment/{existing.Id}/_history/{existing.Meta.VersionId}" };
            }

            var created = (Appointment)entry.Resource!.DeepCopy();
            created.Id = $"appt-{nextAppointment++}";
            created.Meta = new Meta { VersionId = "1" };
            appointments[created.Id] = created;
            return new Bundle.ResponseComponent { Status = "201 Created", Location = $"Appointment/{created.Id}/_history/1" };
        }

        var current = Current(entry.Request.Url)!;
        var updated = (Resource)entry.Resource!.DeepCopy();
        updated.Meta = new Meta { VersionId = (int.Parse(current.Meta.VersionId, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) };
        if (updated is Slot slot)
        {
            slots[slot.Id] = slot;
        }
        else
        {
            appointments[updated.Id] = (Appointment)updated;
        }

        return new Bundle.ResponseComponent { Status = "200 OK", Location = $"{entry.Request.Url}/_history/{updated.Meta.VersionId}" };
    }

    private Resource? Current(string url) => url.Split('/') switch
    {
        ["Slot", var id] => slots.GetValueOrDefault(id),
        ["Appointment", var id] => appointments.GetValueOrDefault(id),
        _ => null,
    };

    private static bool Has(Appointment appointment, string identifier) =>
        appointment.Identifier.Any(i => $"{i.System}|{i.Value}" == identifier);

    private static bool InBound(DateTimeOffset start, string bound)
    {
        var at = DateTimeOffset.Parse(bound[2..], CultureInfo.InvariantCulture);
        return bound[..2] switch { "ge" => start >= at, "le" => start <= at, _ => true };
    }

    private static IReadOnlyList<string> Query(IRequestMessage request, string name) =>
        request.Query is { } query && query.TryGetValue(name, out var values) ? [.. values] : [];

    private static ResponseMessage Fhir(int status, Resource body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/fhir+json") },
        BodyData = new BodyData { BodyAsString = FhirJson.Serialize(body), DetectedBodyType = BodyType.String },
    };

    public void Dispose() => Server.Stop();
}
