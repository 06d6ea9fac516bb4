using BoneMets.Fhir.Testing;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Scheduling;

/// <summary>
/// The clinic's scheduling server as the tests set it up: a <see cref="FhirTestServer"/> holding a schedule's Slots
/// (the program books by transaction: Slot PUT with If-Match, Appointment POST with If-None-Exist). Shared by the unit
/// and host tests (linked into the host-test project).
/// </summary>
public static class ClinicSchedule
{
    public const string ScheduleId = "sched-ortho";

    /// <summary>A scheduling server; pages hold <paramref name="pageSize"/> Slots (the program must follow next links).</summary>
    public static FhirTestServer Server(int pageSize = 2) => new() { PageSize = pageSize };

    /// <summary>A free Slot of the schedule, 30 minutes unless told.</summary>
    public static void AddSlot(this FhirTestServer server, string id, DateTimeOffset start, TimeSpan? length = null, string schedule = ScheduleId) =>
        server.Add(new Slot
        {
            Id = id, Schedule = new ResourceReference($"Schedule/{schedule}"), Status = Slot.SlotStatus.Free,
            Start = start, End = start + (length ?? TimeSpan.FromMinutes(30)),
        });

    public static Slot SlotById(this FhirTestServer server, string id) => server.Get<Slot>(id);

    public static IReadOnlyList<Appointment> Appointments(this FhirTestServer server) => server.All<Appointment>();

    /// <summary>The clinic records the visit's outcome (fulfilled, noshow) on the program's booked Appointment.</summary>
    public static void SetAppointmentStatus(this FhirTestServer server, Appointment.AppointmentStatus status) =>
        server.Edit<Appointment>(server.Appointments().Single(a => a.Status == Appointment.AppointmentStatus.Booked).Id!, a => a.Status = status);
}
