using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BoneMets.Fhir.Tests.Store;

public class SqliteStoreAuditTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static AuditRecord Read(string client, string reference, AuditOutcome outcome = AuditOutcome.Success) =>
        new(AuditInteraction.Read, outcome, null, new AuditAgent(client, AuditAgentKind.Client, "10.0.0.1"), AuditRecord.FhirApiSite, [reference]);

    private static async Task<List<AuditEvent>> SearchAsync(TempStore temp, params (string Name, string Value)[] parameters)
    {
        var (search, issues) = AuditSearch.Parse(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)), strict: true);
        Assert.Empty(issues);
        var page = await temp.Store.SearchAuditEventsAsync(search!, CancellationToken.None);
        return page.Events.Select(FhirJson.Parse<AuditEvent>).ToList();
    }

    private static async Task<(TempStore Temp, FakeTimeProvider Clock)> RecordThreeAsync()
    {
        var temp = await TempStore.OpenAsync();
        var clock = new FakeTimeProvider(Start);
        var trail = new AuditTrail(temp.Store, clock);
        await trail.RecordAsync(Read("partner-a", "Task/t1"), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await trail.RecordAsync(Read("partner-b", "Patient/p2", AuditOutcome.Refused), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await trail.RecordAsync(new AuditRecord(AuditInteraction.Login, AuditOutcome.Refused, "invalid_client", new AuditAgent(null, AuditAgentKind.Client, null), "fhir-api", []),
            CancellationToken.None);
        return (temp, clock);
    }

    [Fact]
    public async Task Search_EachParameter_MatchesOnlyItsEvents()
    {
        var (temp, _) = await RecordThreeAsync();
        using var _temp = temp;

        Assert.Equal(["partner-a"], (await SearchAsync(temp, ("agent", "partner-a"))).Select(Requestor));
        Assert.Equal(["partner-b"], (await SearchAsync(temp, ("entity", "Patient/p2"))).Select(Requestor));
        Assert.Equal(["partner-b", "unknown"], (await SearchAsync(temp, ("outcome", "4"))).Select(Requestor));
        Assert.Equal(["unknown"], (await SearchAsync(temp, ("type", "http://dicom.nema.org/resources/ontology/DCM|110114"))).Select(Requestor));
        Assert.Equal(["partner-a", "partner-b"], (await SearchAsync(temp, ("type", "rest"))).Select(Requestor));
        Assert.Equal(["partner-a", "partner-b"], (await SearchAsync(temp, ("subtype", "read"))).Select(Requestor));
        Assert.Equal(["partner-b"], (await SearchAsync(temp, ("date", "2026-12-02"))).Select(Requestor));
        Assert.Equal(["partner-b", "unknown"], (await SearchAsync(temp, ("date", "ge2026-12-02"), ("agent", "partner-b,unknown"))).Select(Requestor));
        Assert.Empty(await SearchAsync(temp, ("agent", "partner-a"), ("outcome", "4")));
    }

    [Fact]
    public async Task Search_Paged_NextCursorWalksEveryEventOnce()
    {
        var (temp, _) = await RecordThreeAsync();
        using var _temp = temp;

        var (first, _) = AuditSearch.Parse([new("_count", "2")], strict: true);
        var page1 = await temp.Store.SearchAuditEventsAsync(first!, CancellationToken.None);
        var page2 = await temp.Store.SearchAuditEventsAsync(first! with { Cursor = page1.NextCursor!.Value }, CancellationToken.None);

        Assert.Equal((3, 2, 1), (page1.Total, page1.Events.Count, page2.Events.Count));
        Assert.Null(page2.NextCursor);
        Assert.Equal(3, page1.Events.Concat(page2.Events).Select(j => FhirJson.Parse<AuditEvent>(j).Id).Distinct().Count());
    }

    [Fact]
    public async Task Read_ById_TheStoredAuditEvent()
    {
        var (temp, _) = await RecordThreeAsync();
        using var _temp = temp;
        var id = (await SearchAsync(temp, ("agent", "partner-a"))).Single().Id;

        var json = await temp.Store.ReadAuditEventAsync(id, CancellationToken.None);

        Assert.Equal("Task/t1", FhirJson.Parse<AuditEvent>(json!).Entity.Single().What.Reference);
        Assert.Null(await temp.Store.ReadAuditEventAsync("no-such-event", CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_OlderThanRetention_DeletedWithTheirIndex()
    {
        var (temp, clock) = await RecordThreeAsync();
        using var _temp = temp;
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1)); // the first is 3 days old, the second 2 days, the third 1 day
        var retention = new AuditRetention(temp.Store, new AuditOptions { RetentionDays = 2 }, new ServiceReadiness(), clock, NullLogger<AuditRetention>.Instance);

        var deleted = await retention.SweepAsync(CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(["unknown"], (await SearchAsync(temp)).Select(Requestor));
        Assert.Equal(0, temp.Scalar("SELECT COUNT(*) FROM audit_index WHERE seq NOT IN (SELECT seq FROM audit_events)"));
    }

    private static string Requestor(AuditEvent audit) => audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value!;
}
