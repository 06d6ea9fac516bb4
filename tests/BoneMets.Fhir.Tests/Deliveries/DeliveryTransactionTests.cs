using BoneMets.Fhir.Deliveries;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Deliveries;

/// <summary>The transaction that delivers a snapshot: conditional creates first, If-Match updates once known, merges after a conflict.</summary>
public sealed class DeliveryTransactionTests
{
    private const string Own = "https://bonemets.example.org/fhir";
    private const string Theirs = "https://ehr.example.org/fhir";

    private static readonly DeliveryRoute Route = new("key", "westbrook", Theirs, null, "h1", new Dictionary<string, RouteReference>
    {
        ["Patient/p1"] = new(null, "Patient", "urn:mrn", "123"),
        ["ServiceRequest/sr1"] = new("ServiceRequest/their-sr", "ServiceRequest", "urn:placer", "R-1", Fetched: true),
        ["Practitioner/dr1"] = new("Practitioner/engine-uuid", "Practitioner", "urn:npi", "42"),
    });

    private static Task ReferralTask() => new()
    {
        Id = "bm-task", Status = Task.TaskStatus.Accepted, Intent = Task.TaskIntent.Order,
        Identifier = [new Identifier(CodeSystems.ReferralIdentifier, "bm-referral")],
        For = new ResourceReference("Patient/p1"), Focus = new ResourceReference("ServiceRequest/sr1"),
        Owner = new ResourceReference("Organization/bonemets"), Requester = new ResourceReference("Practitioner/dr1"),
        Meta = new Meta { VersionId = "1" },
    };

    private static CommunicationRequest Acknowledgement() => new()
    {
        Id = "bm-ack", Status = RequestStatus.Active,
        Identifier = [new Identifier(CodeSystems.WriteBackIdentifier, "bm-ack")],
        BasedOn = [new ResourceReference("Task/bm-task")],
    };

    [Fact]
    public void Plan_FirstDelivery_ConditionalCreatesWithReferencesForThePartner()
    {
        var plan = DeliveryTransaction.Plan([ReferralTask(), Acknowledgement(), new Provenance { Id = "bm-prov", Target = [new ResourceReference("Task/bm-task")] }],
            new Dictionary<string, PartnerCopy>(), Route, Own, Theirs);

        Assert.Equal(Bundle.BundleType.Transaction, plan.Bundle.Type);
        Assert.Equal(
            [$"identifier={CodeSystems.ReferralIdentifier}|bm-referral", $"identifier={CodeSystems.WriteBackIdentifier}|bm-ack", $"_tag={CodeSystems.WriteBackTag}|bm-prov"],
            plan.Bundle.Entry.Select(e => e.Request.IfNoneExist));
        Assert.All(plan.Bundle.Entry, e => Assert.Equal(Bundle.HTTPVerb.POST, e.Request.Method));
        var task = (Task)plan.Bundle.Entry[0].Resource;
        Assert.Null(task.Id);
        Assert.Null(task.For.Reference);
        Assert.Equal(("urn:mrn", "123"), (task.For.Identifier.System, task.For.Identifier.Value)); // the partner's patient, by identifier
        Assert.Equal(("ServiceRequest/their-sr", "R-1"), (task.Focus.Reference, task.Focus.Identifier.Value)); // the partner's own, with its identifier
        Assert.Equal($"{Own}/Organization/bonemets", task.Owner.Reference); // ours, absolute
        Assert.Equal((null, "42"), (task.Requester.Reference, task.Requester.Identifier.Value)); // a message's id is not theirs: logical
        Assert.Equal(plan.Bundle.Entry[0].FullUrl, ((CommunicationRequest)plan.Bundle.Entry[1].Resource).BasedOn[0].Reference); // in this transaction
        Assert.StartsWith("urn:uuid:", plan.Bundle.Entry[0].FullUrl, StringComparison.Ordinal);
        Assert.Equal(CodeSystems.WriteBackTag, plan.Bundle.Entry[2].Resource.Meta.Tag.Single().System);
    }

    [Fact]
    public void Plan_Replanned_SameFullUrls()
    {
        var first = DeliveryTransaction.Plan([ReferralTask()], new Dictionary<string, PartnerCopy>(), Route, Own, Theirs);
        var again = DeliveryTransaction.Plan([ReferralTask()], new Dictionary<string, PartnerCopy>(), Route, Own, Theirs);
        Assert.Equal(first.Bundle.Entry[0].FullUrl, again.Bundle.Entry[0].FullUrl);
    }

    [Fact]
    public void Plan_KnownAtThePartner_UpdateWithIfMatchAndTheirIds()
    {
        var known = new Dictionary<string, PartnerCopy> { ["Task/bm-task"] = new("77", "4") };

        var plan = DeliveryTransaction.Plan([Acknowledgement(), ReferralTask()], known, Route, Own, Theirs);

        var update = plan.Bundle.Entry[1];
        Assert.Equal((Bundle.HTTPVerb.PUT, "Task/77", "W/\"4\""), (update.Request.Method, update.Request.Url, update.Request.IfMatch));
        Assert.Equal("77", update.Resource.Id);
        Assert.Equal("Task/77", ((CommunicationRequest)plan.Bundle.Entry[0].Resource).BasedOn[0].Reference);
    }

    [Fact]
    public void Plan_AfterConflict_TheirCopyAlreadyOurs_NoWrite()
    {
        var first = DeliveryTransaction.Plan([ReferralTask()], new Dictionary<string, PartnerCopy>(), Route, Own, Theirs);
        var theirs = (Task)first.Bundle.Entry[0].Resource!.DeepCopy();
        theirs.Id = "77";
        theirs.Meta = new Meta { VersionId = "5" };

        var plan = DeliveryTransaction.Plan([ReferralTask()], new Dictionary<string, PartnerCopy> { ["Task/bm-task"] = new("77", "5", theirs) }, Route, Own, Theirs);

        Assert.Empty(plan.Bundle.Entry);
        Assert.Equal([new PartnerVersion("Task", "bm-task", "77", "5")], plan.AlreadyApplied);
    }

    [Fact]
    public void Plan_AfterConflict_TheirEditKept_OursMergedOnTop()
    {
        var theirs = (Task)DeliveryTransaction.Plan([ReferralTask()], new Dictionary<string, PartnerCopy>(), Route, Own, Theirs).Bundle.Entry[0].Resource!.DeepCopy();
        theirs.Id = "77";
        theirs.Note = [new Annotation { Text = "seen by the ward" }];
        theirs.Status = Task.TaskStatus.Received;
        var ours = ReferralTask();
        ours.Status = Task.TaskStatus.InProgress;

        var plan = DeliveryTransaction.Plan([ours], new Dictionary<string, PartnerCopy> { ["Task/bm-task"] = new("77", "6", theirs) }, Route, Own, Theirs);

        var merged = (Task)Assert.Single(plan.Bundle.Entry).Resource;
        Assert.Equal(Task.TaskStatus.InProgress, merged.Status);
        Assert.Equal("seen by the ward", merged.Note.Single().Text);
        Assert.Equal("W/\"6\"", plan.Bundle.Entry[0].Request.IfMatch);
    }

    [Fact]
    public void Learn_FromTransactionResponse_LocationAndVersion()
    {
        var answer = new Bundle
        {
            Type = Bundle.BundleType.TransactionResponse,
            Entry =
            [
                new() { Response = new Bundle.ResponseComponent { Status = "201 Created", Location = "Task/77/_history/1" } },
                new() { Response = new Bundle.ResponseComponent { Status = "200 OK", Location = $"{Theirs}/CommunicationRequest/9", Etag = "W/\"3\"" } },
            ],
        };

        var learnt = new Resource[] { ReferralTask(), Acknowledgement() }.Select((r, i) => PartnerReads.Learn(r, answer.Entry[i].Response)).ToList();

        Assert.Equal([new PartnerVersion("Task", "bm-task", "77", "1"), new PartnerVersion("CommunicationRequest", "bm-ack", "9", "3")], learnt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Task")]
    [InlineData("Appointment/12/_history/2")]
    public void Learn_EntryWithoutALocationOfItsType_NothingLearnt(string? location)
    {
        var learnt = PartnerReads.Learn(ReferralTask(), new Bundle.ResponseComponent { Status = "200 OK", Location = location, Etag = "W/\"2\"" });

        Assert.Null(learnt);
    }
}

/// <summary>What the partner receives still conforms: the delivered copies (references rewritten, Provenance tagged) against the WrittenBack profiles.</summary>
public sealed class DeliveredConformanceTests
{
    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async System.Threading.Tasks.Task Delivered_EveryResourceInTheTransaction_MatchesItsProfile(string name)
    {
        var planned = await Stages.PlanAsync(name);
        var route = DeliveryPayloads.Route(planned.Message,
            new BoneMets.Fhir.Gather.Partner("westbrook", new BoneMets.Fhir.Partners.PartnerOptions { BaseUrl = "https://ehr.example.org/fhir", WriteBack = { Enabled = true } }),
            null, false)!;
        var snapshot = DeliveryPayloads.Deliverable(planned.Plan.All, route);

        var transaction = DeliveryTransaction.Plan(snapshot, new Dictionary<string, PartnerCopy>(), route, "https://bonemets.example.org/fhir", route.FhirBase!);

        Assert.Equal(["Appointment", "CommunicationRequest", "Provenance", "Task"], transaction.Bundle.Entry.Select(e => e.Resource!.TypeName).Distinct().Order());
        foreach (var entry in transaction.Bundle.Entry)
        {
            entry.Resource!.Id = "p1"; // as the partner stores it
            var errors = BoneMets.Fhir.Validation.ResourceValidator.Default.Validate(entry.Resource, BoneMets.Fhir.Validation.ResourceRole.WrittenBack)
                .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                .Select(i => $"{string.Join(",", i.Expression)}: {i.Diagnostics}");
            Assert.True(!errors.Any(), $"{entry.Resource.TypeName}: {string.Join("; ", errors)}");
        }
    }
}
