using BoneMets.Fhir.Deliveries;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.Tests.Deliveries;

/// <summary>The placer's Task on the partner's server: recognised from the route, only ever updated, ours merged onto theirs.</summary>
public sealed class PlacerTaskTests
{
    private const string Own = "https://bonemets.example.org/fhir";
    private const string Theirs = "https://ehr.example.org/fhir";

    private static DeliveryRoute RouteWith(RouteReference task) => new("key", "westbrook", Theirs, null, "h1", new Dictionary<string, RouteReference>
    {
        ["Task/t1"] = task,
    });

    private static readonly DeliveryRoute Hosted = RouteWith(new("Task/their-7", "Task", "urn:placer", "RT-1", Hosted: true));

    private static Task Ours() => new()
    {
        Id = "t1", Status = Task.TaskStatus.Accepted, Intent = Task.TaskIntent.Order, Priority = RequestPriority.Urgent,
        Identifier = [new Identifier("urn:placer", "RT-1"), new Identifier(CodeSystems.ReferralIdentifier, "bm-referral")],
        BusinessStatus = new CodeableConcept(CodeSystems.BserTaskBusinessStatus, "3.0"),
        Owner = new ResourceReference("Organization/bonemets"),
    };

    private static Task TheirCurrent(string version) => new()
    {
        Id = "their-7", Status = Task.TaskStatus.Requested, Intent = Task.TaskIntent.Order, Priority = RequestPriority.Routine,
        Identifier = [new Identifier("urn:placer", "RT-1")],
        Note = [new Annotation { Text = "patient prefers mornings" }],
        Description = "their own words",
        Meta = new Meta { VersionId = version, Profile = ["http://hl7.org/fhir/us/bser/StructureDefinition/BSeR-ReferralTask"] },
    };

    [Fact]
    public void TheirId_HostedTask_TheirId_OtherwiseNull()
    {
        Assert.Equal("their-7", PlacerTask.TheirId(Ours(), Hosted));
        Assert.Null(PlacerTask.TheirId(Ours(), RouteWith(new("Task/t1", "Task", "urn:placer", "RT-1")))); // id from the message: a guess, not theirs
        Assert.Null(PlacerTask.TheirId(new Appointment { Id = "t1" }, Hosted));
    }

    [Fact]
    public void Plan_PlacerTaskRead_PutOnTheirIdWithIfMatchOnTheVersionRead()
    {
        var partner = new Dictionary<string, PartnerCopy> { ["Task/t1"] = new("their-7", "5", TheirCurrent("5")) };

        var entry = DeliveryTransaction.Plan([Ours()], partner, Hosted, Own, Theirs).Bundle.Entry.Single();

        Assert.Equal((Bundle.HTTPVerb.PUT, "Task/their-7", "W/\"5\""), (entry.Request.Method, entry.Request.Url, entry.Request.IfMatch));
        var task = (Task)entry.Resource;
        Assert.Equal((Task.TaskStatus.Accepted, RequestPriority.Urgent, "3.0"), (task.Status, task.Priority, task.BusinessStatus.Coding[0].Code));
        Assert.Equal($"{Own}/Organization/bonemets", task.Owner.Reference);
        Assert.Equal("their own words", task.Description); // theirs we do not own is kept
        Assert.Equal("patient prefers mornings", task.Note.Single().Text);
        Assert.Equal(["RT-1", "bm-referral"], task.Identifier.Select(i => i.Value));
        Assert.Equal("http://hl7.org/fhir/us/bser/StructureDefinition/BSeR-ReferralTask", task.Meta.Profile.Single());
        Assert.Null(task.Meta.VersionId);
    }

    [Fact]
    public void Plan_PlacerTaskNotRead_Throws_NeverCreates()
    {
        Assert.Throws<InvalidOperationException>(() => DeliveryTransaction.Plan([Ours()], new Dictionary<string, PartnerCopy>(), Hosted, Own, Theirs));
    }

    [Fact]
    public void Plan_TheirServerKeepsNoVersions_PutByTheirIdNotByOurIdentifier()
    {
        var partner = new Dictionary<string, PartnerCopy> { ["Task/t1"] = new("their-7", null, TheirCurrent("1")) };

        var entry = DeliveryTransaction.Plan([Ours()], partner, Hosted, Own, Theirs).Bundle.Entry.Single();

        Assert.Equal(("Task/their-7", null), (entry.Request.Url, entry.Request.IfMatch));
    }

    [Fact]
    public void Merge_TheirsAlreadyHoldsOurs_NothingToWrite()
    {
        var once = PlacerTask.Merge(TheirCurrent("1"), Ours())!;
        once.Id = "their-7";
        once.Meta.VersionId = "2";

        Assert.Null(PlacerTask.Merge(once, Ours()));
    }
}
