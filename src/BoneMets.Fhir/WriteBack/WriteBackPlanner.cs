using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.WriteBack;

/// <summary>
/// Plans what the referring team gets back: the BSeR referral Task (accepted, with priority and deadline), an
/// acknowledgement with the triage summary, the same-day outreach to the patient, a request for each missing
/// input, a proposed Appointment before the deadline, the triage record, the case document and a Provenance.
/// Pure: ids derive from the referral, so a replay plans the same resources.
/// </summary>
public sealed class WriteBackPlanner(CaseDocumentBuilder documents)
{
    public WriteBackPlan Plan(ConsultCase consultCase, TriageDecision decision, string messageKey, string triageMethod, DateTimeOffset now)
    {
        var key = consultCase.ReferralKey;
        var serviceRequest = $"ServiceRequest/{consultCase.ServiceRequest.Id}";
        var patient = $"Patient/{consultCase.Patient.Id}";
        var requester = consultCase.ServiceRequest.Requester?.Reference ?? consultCase.ReferralTask?.Requester?.Reference;
        var priority = Priority(decision.Urgency);
        var received = consultCase.ReceivedAt ?? now; // the clocks run from receipt (ADR 0018)

        var triage = TriageRecord.Build(consultCase, decision, DeterministicId.For(key, "triage"), triageMethod, now);
        var task = ReferralTask(consultCase, decision, key, priority, requester, received, now);
        var taskRef = $"Task/{task.Id}";
        task.Output = [new Task.OutputComponent
        {
            Type = new CodeableConcept { Text = "Triage result" },
            Value = new ResourceReference($"RiskAssessment/{triage.Id}"),
        }];

        var acknowledgement = Communication(key, "acknowledgement", consultCase, priority, [serviceRequest, taskRef], requester, now,
            $"Referral received by {BoneMetsProgram}. Urgency: {decision.UrgencyCode}; to be seen by {FhirTime.Of(decision.DueBy)}. " +
            $"Teams: {string.Join(", ", decision.Routes.Select(r => CareTeams.Display(r.Team)))}. " +
            $"Reasons: {string.Join(" ", decision.Reasons.Select(r => r.Text))}");
        acknowledgement.Occurrence = new FhirDateTime(FhirTime.Of(now));

        var outreach = Communication(key, "patient-outreach", consultCase, priority, [serviceRequest, taskRef], patient, now,
            "Contact the patient today: introduce the program, confirm contact details and arrange the first visit.");
        outreach.Occurrence = FhirTime.Until(received, decision.OutreachBy);

        var requests = decision.Missing.Select(m =>
        {
            var request = Communication(key, "information:" + m.What, consultCase, priority, [serviceRequest, taskRef], requester, now,
                $"Please send: {m.What}. Why: {m.Why}.");
            request.Occurrence = FhirTime.Until(received, decision.DueBy);
            return request;
        }).ToList();

        var appointment = Appointment(consultCase, decision, key, serviceRequest, patient, received, now);
        var produced = new List<Resource> { task, acknowledgement, outreach, appointment, triage };
        produced.AddRange(requests);
        produced.AddRange(decision.Observations);
        var document = documents.Build(consultCase, decision, task, triage, now);
        var provenance = Provenance(consultCase, messageKey, [.. produced, document], now);
        return new WriteBackPlan(consultCase.Resources, task, acknowledgement, outreach, requests, appointment, triage,
            decision.Observations, document, provenance);
    }

    private const string BoneMetsProgram = "the bone metastasis program";

    internal static RequestPriority Priority(Urgency urgency) => urgency switch
    {
        Urgency.Emergency => RequestPriority.Stat,
        Urgency.Urgent => RequestPriority.Urgent,
        _ => RequestPriority.Routine,
    };

    private static Task ReferralTask(
        ConsultCase consultCase, TriageDecision decision, string key, RequestPriority priority, string? requester, DateTimeOffset received, DateTimeOffset now)
    {
        // BSeR: the filler updates the placer's Task when the message carried one; otherwise it creates one.
        var task = consultCase.ReferralTask is { } sent ? (Task)sent.DeepCopy() : new Task
        {
            Id = DeterministicId.For(key, "task"),
            Intent = Task.TaskIntent.Order,
            Code = new CodeableConcept(CodeSystems.TaskCode, ClinicalCodes.TaskFulfill, "Fulfill the focal request"),
            Focus = new ResourceReference($"ServiceRequest/{consultCase.ServiceRequest.Id}"),
            For = new ResourceReference($"Patient/{consultCase.Patient.Id}"),
            AuthoredOn = FhirTime.Of(now),
            Requester = requester is null ? null : new ResourceReference(requester),
        };
        task.Identifier.RemoveAll(i => i.System == CodeSystems.ReferralIdentifier);
        task.Identifier.Add(new Identifier(CodeSystems.ReferralIdentifier, DeterministicId.For(key, "referral"))
        {
            Type = new CodeableConcept(CodeSystems.V2IdentifierType, "FILL", "Filler Identifier"),
        });
        task.Status = Task.TaskStatus.Accepted;
        task.BusinessStatus = new CodeableConcept(CodeSystems.BserTaskBusinessStatus, "3.0", "Service Request Accepted");
        task.Owner = new ResourceReference(ProgramDirectory.OrganizationReference);
        task.Priority = priority;
        task.Restriction = new Task.RestrictionComponent { Period = FhirTime.Until(received, decision.DueBy) };
        task.LastModified = FhirTime.Of(now);
        if (decision.DefaultTeamStatement is { } statement && !task.Note.Any(n => n.Text == statement))
        {
            task.Note.Add(new Annotation { Text = statement });
        }

        return task;
    }

    private static CommunicationRequest Communication(
        string key, string role, ConsultCase consultCase, RequestPriority priority, string[] basedOn, string? recipient, DateTimeOffset now, string text)
    {
        var id = DeterministicId.For(key, role);
        return new CommunicationRequest
        {
            Id = id,
            Identifier = [new Identifier(CodeSystems.WriteBackIdentifier, id)],
            Status = RequestStatus.Active,
            Category = [new CodeableConcept(CodeSystems.CommunicationCategory, "notification", "Notification")],
            Priority = priority,
            Subject = new ResourceReference($"Patient/{consultCase.Patient.Id}"),
            BasedOn = basedOn.Select(b => new ResourceReference(b)).ToList(),
            Recipient = recipient is null ? [] : [new ResourceReference(recipient)],
            Sender = new ResourceReference(ProgramDirectory.OrganizationReference),
            Requester = new ResourceReference(ProgramDirectory.OrganizationReference),
            AuthoredOn = FhirTime.Of(now),
            Payload = [new CommunicationRequest.PayloadComponent { Content = new FhirString(text) }],
        };
    }

    private static Appointment Appointment(
        ConsultCase consultCase, TriageDecision decision, string key, string serviceRequest, string patient, DateTimeOffset received, DateTimeOffset now)
    {
        var id = DeterministicId.For(key, "appointment");
        var virtualVisit = consultCase.WantsVirtualVisit;
        var participants = new List<Appointment.ParticipantComponent> { Participant(patient) };
        participants.AddRange(decision.Routes.Select(r => Participant(ProgramDirectory.TeamReference(r.Team))));
        participants.Add(Participant($"Location/{(virtualVisit ? ProgramDirectory.VirtualLocationId : ProgramDirectory.ClinicLocationId)}"));
        return new Appointment
        {
            Id = id,
            Identifier = [new Identifier(CodeSystems.WriteBackIdentifier, id)],
            Status = Hl7.Fhir.Model.Appointment.AppointmentStatus.Proposed,
            ServiceType = [new CodeableConcept(CodeSystems.VisitMode, virtualVisit ? "virtual" : "in-person", virtualVisit ? "Virtual visit" : "In-person visit")],
            Description = $"Bone metastasis program consultation ({(virtualVisit ? "virtual" : "in person")})",
            BasedOn = [new ResourceReference(serviceRequest)],
            ReasonReference = consultCase.Metastases.Select(c => new ResourceReference($"Condition/{c.Id}")).ToList(),
            RequestedPeriod = [FhirTime.Until(received, decision.DueBy)],
            Created = FhirTime.Of(now),
            Participant = participants,
        };
    }

    private static Appointment.ParticipantComponent Participant(string actor) => new()
    {
        Actor = new ResourceReference(actor),
        Required = Hl7.Fhir.Model.Appointment.ParticipantRequired.Required,
        Status = ParticipationStatus.NeedsAction,
    };

    private static Provenance Provenance(ConsultCase consultCase, string messageKey, IReadOnlyList<Resource> generated, DateTimeOffset now)
    {
        var header = consultCase.Resources.OfType<MessageHeader>().FirstOrDefault();
        return new Provenance
        {
            Id = DeterministicId.For(messageKey, "provenance"),
            Target = generated.Select(r => new ResourceReference($"{r.TypeName}/{r.Id}")).ToList(),
            Recorded = now,
            Activity = new CodeableConcept(CodeSystems.DataOperation, "CREATE", "create"),
            Agent = [new Provenance.AgentComponent
            {
                Type = new CodeableConcept(CodeSystems.ProvenanceParticipantType, "author", "Author"),
                Who = new ResourceReference(ProgramDirectory.DeviceReference),
                OnBehalfOf = new ResourceReference(ProgramDirectory.OrganizationReference),
            }],
            Entity = header is null ? [] : [new Provenance.EntityComponent
            {
                Role = Hl7.Fhir.Model.Provenance.ProvenanceEntityRole.Source,
                What = new ResourceReference($"MessageHeader/{header.Id}"),
            }],
        };
    }
}
