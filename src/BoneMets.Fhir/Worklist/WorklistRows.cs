using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Worklist;

/// <summary>What a worklist row is read from: the referral's record, its Patient, triage record and write-back deliveries.</summary>
public sealed record WorklistSource(
    ReferralRecord Record, int TaskVersion, Patient? Patient, RiskAssessment? Triage, IReadOnlyList<Delivery> Deliveries, string? ReferrerName);

/// <summary>Builds worklist rows from FHIR. Pure.</summary>
public static class WorklistRows
{
    public const string MrnType = "MR";

    /// <summary>
    /// The row, or null when the referral has no Task yet or is closed (a terminal status) — unless
    /// <paramref name="includeClosed"/>, for the referral's own page.
    /// </summary>
    public static WorklistRow? From(WorklistSource source, BusinessDay businessDay, bool includeClosed = false)
    {
        var record = source.Record;
        if (record.Task is not { } task || record.Status is not { } status || (status.IsTerminal && !includeClosed))
        {
            return null;
        }

        var received = task.Restriction?.Period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero) ?? task.AuthoredOnElement?.ToDateTimeOffset(TimeSpan.Zero)
            ?? throw new InvalidOperationException($"Task/{task.Id} has neither restriction.period.start nor authoredOn.");
        var visitDue = task.Restriction?.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) ?? received;
        var outreach = record.Requests.FirstOrDefault(r => r.Id == OutreachId(record.ReferralKey));
        var outreachDue = businessDay.OutreachBy(received);
        if ((outreach?.Occurrence as Period)?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) is { } written)
        {
            outreachDue = outreachDue with { Due = written }; // the written deadline stands (it was set under the hours then in force)
        }

        return new WorklistRow(
            record.ReferralKey,
            task.Id!,
            source.TaskVersion,
            status.Display,
            source.Patient is { } patient ? NameOf(patient) : "(patient not stored)",
            source.Patient?.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == MrnType) == true)?.Value,
            source.ReferrerName,
            UrgencyOf(task),
            ReasonsOf(source.Triage),
            received,
            outreachDue,
            outreach is null || outreach.Status == RequestStatus.Completed,
            visitDue,
            record.Appointment is { Status: Appointment.AppointmentStatus.Booked } booked ? booked.Start : null,
            RoutesOf(record.Appointment),
            [.. MissingDataRequests(record).Select(r => (r.Payload.FirstOrDefault()?.Content as FhirString)?.Value ?? r.Id!)],
            InformedOf(source.Deliveries));
    }

    public static string OutreachId(string referralKey) => DeterministicId.For(referralKey, "patient-outreach");

    /// <summary>The requests to the referrer for missing inputs still open: neither the acknowledgement, the outreach nor an alert.</summary>
    public static IEnumerable<CommunicationRequest> MissingDataRequests(ReferralRecord record) => record.Requests.Where(r =>
        r.Status == RequestStatus.Active
        && r.Id != OutreachId(record.ReferralKey) && r.Id != DeterministicId.For(record.ReferralKey, "acknowledgement")
        && !r.Category.Any(c => c.Coding.Any(x => x.Code == "alert")));

    public static Urgency UrgencyOf(Hl7.Fhir.Model.Task task) => task.Priority switch
    {
        RequestPriority.Stat or RequestPriority.Asap => Urgency.Emergency,
        RequestPriority.Urgent => Urgency.Urgent,
        _ => Urgency.Routine,
    };

    public static ReferrerInformed InformedOf(IReadOnlyList<Delivery> deliveries) =>
        deliveries.Count == 0 ? ReferrerInformed.NotRouted
        : deliveries.Any(d => d.Status == DeliveryStatus.Parked) ? ReferrerInformed.Parked
        : deliveries.Any(d => d.Status is DeliveryStatus.Pending or DeliveryStatus.Processing) ? ReferrerInformed.Pending
        : ReferrerInformed.Delivered;

    private static IReadOnlyList<string> RoutesOf(Appointment? appointment) =>
    [
        .. (appointment?.Participant ?? []).Select(p => p.Actor?.Reference)
            .Where(r => r?.StartsWith("HealthcareService/", StringComparison.Ordinal) == true)
            .Select(r => r!["HealthcareService/".Length..])
            .Where(t => CareTeams.All.Contains(t)),
    ];

    private static IReadOnlyList<string> ReasonsOf(RiskAssessment? triage) =>
        triage?.Prediction.FirstOrDefault()?.Rationale is { Length: > 0 } rationale ? [.. rationale.Split(" [", StringSplitOptions.RemoveEmptyEntries).Select(r => r.StartsWith('[') ? r : "[" + r)] : [];

    private static string NameOf(Patient patient)
    {
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var parts = name is null ? [] : name.Given.Append(name.Family).Where(p => !string.IsNullOrEmpty(p)).ToList();
        return parts.Count > 0 ? string.Join(" ", parts) : name?.Text ?? "(no name)";
    }
}
