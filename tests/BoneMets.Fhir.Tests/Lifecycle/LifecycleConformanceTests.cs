using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Tests.Validation;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Lifecycle;

/// <summary>What the lifecycle writes still matches the write-back profiles (bm-task-1 pairs, CommunicationRequest shape).</summary>
public sealed class LifecycleConformanceTests
{
    private static readonly DateTimeOffset Later = Stages.Now.AddHours(2);

    private static async Task<ReferralRecord> PlannedAsync()
    {
        var planned = await Stages.PlanAsync(LifecycleRig.Thoracic);
        return ReferralRecord.From(planned.Message.ReferralKey, planned.Plan.All, planned.Plan.Task.Id!);
    }

    private static void AssertConforms(IEnumerable<Resource> resources)
    {
        foreach (var resource in resources.Where(r => r is not ServiceRequest))
        {
            ConformanceTests.AssertNoErrors(ResourceValidator.Default.ValidateJson(FhirJson.Serialize(resource), ResourceRole.WrittenBack), $"{resource.TypeName}/{resource.Id}");
        }
    }

    [Fact]
    public async Task Validate_BookedAndCancelled_MatchWriteBackProfiles()
    {
        var record = await PlannedAsync();
        var booked = LifecycleTransitions.Book(record, new Booking("Slot/s1", Later, Later.AddMinutes(30), null), Later);
        var all = ReferralRecord.Replace([record.Task!, record.ServiceRequest!, record.Appointment!, .. record.Requests], booked);

        AssertConforms(booked);
        AssertConforms(LifecycleTransitions.Attend(ReferralRecord.From(record.ReferralKey, all, record.Task!.Id!), Appointment.AppointmentStatus.Fulfilled, Later));
        AssertConforms(LifecycleTransitions.Cancel(ReferralRecord.From(record.ReferralKey, all, record.Task!.Id!), Later.AddHours(1)));
    }

    [Theory]
    [InlineData(EscalationKind.NoSlot)]
    [InlineData(EscalationKind.DeadlineApproaching)]
    public async Task Validate_Escalation_MatchesCommunicationRequestProfile(EscalationKind kind)
    {
        var record = await PlannedAsync();

        var escalation = Escalations.ToCoordinator(record, kind, "Organization/bonemets-program", "No slot before the deadline.", Later);

        AssertConforms([escalation]);
        Assert.Equal(DeterministicId.For(record.ReferralKey, Escalations.Role(kind)), escalation.Id);
    }
}
