using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Search;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BoneMets.Fhir.Tests.Store.Contract;

/// <summary>The audit trail's SQL (ADR 0020): search by each parameter, paging, read by id, the retention sweep — on both stores.</summary>
public abstract class AuditContract : StoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static AuditRecord Read(string client, string reference, AuditOutcome outcome = AuditOutcome.Success) =>
        new(AuditInteraction.Read, outcome, null, new AuditAgent(client, AuditAgentKind.Client, "10.0.0.1"), AuditRecord.FhirApiSite, [reference]);

    private async Task<List<AuditEvent>> SearchAsync(params (string Name, string Value)[] parameters)
    {
        var (search, issues) = AuditSearch.Parse(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)), strict: true);
        Assert.Empty(issues);
        var page = await Store.SearchAuditEventsAsync(search!, CancellationToken.None);
        return page.Events.Select(FhirJson.Parse<AuditEvent>).ToList();
    }

    private async Task<FakeTimeProvider> RecordThreeAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var trail = new AuditTrail(Store, clock);
        await trail.RecordAsync(Read("partner-a", "Task/t1"), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await trail.RecordAsync(Read("partner-b", "Patient/p2", AuditOutcome.Refused), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await trail.RecordAsync(new AuditRecord(AuditInteraction.Login, AuditOutcome.Refused, "invalid_client", new AuditAgent(null, AuditAgentKind.Client, null), "fhir-api", []),
            CancellationToken.None);
        return clock;
    }

    [SkippableFact]
    public async Task Search_EachParameter_MatchesOnlyItsEvents()
    {
        await RecordThreeAsync();

        Assert.Equal(["partner-a"], (await SearchAsync(("agent", "partner-a"))).Select(Requestor));
        Assert.Equal(["partner-b"], (await SearchAsync(("entity", "Patient/p2"))).Select(Requestor));
        Assert.Equal(["partner-b", "unknown"], (await SearchAsync(("outcome", "4"))).Select(Requestor));
        Assert.Equal(["unknown"], (await SearchAsync(("type", "http://dicom.nema.org/resources/ontology/DCM|110114"))).Select(Requestor));
        Assert.Equal(["partner-a", "partner-b"], (await SearchAsync(("type", "rest"))).Select(Requestor));
        Assert.Equal(["partner-a", "partner-b"], (await SearchAsync(("subtype", "read"))).Select(Requestor));
        Assert.Equal(["partner-b"], (await SearchAsync(("date", "2026-12-02"))).Select(Requestor));
        Assert.Equal(["partner-b", "unknown"], (await SearchAsync(("date", "ge2026-12-02"), ("agent", "partner-b,unknown"))).Select(Requestor));
        Assert.Empty(await SearchAsync(("agent", "partner-a"), ("outcome", "4")));
    }

    [SkippableFact]
    public async Task Search_Paged_NextCursorWalksEveryEventOnce()
    {
        await RecordThreeAsync();

        var (first, _) = AuditSearch.Parse([new("_count", "2")], strict: true);
        var page1 = await Store.SearchAuditEventsAsync(first!, CancellationToken.None);
        var page2 = await Store.SearchAuditEventsAsync(first! with { Cursor = page1.NextCursor!.Value }, CancellationToken.None);

        Assert.Equal((3, 2, 1), (page1.Total, page1.Events.Count, page2.Events.Count));
        Assert.Null(page2.NextCursor);
        Assert.Equal(3, page1.Events.Concat(page2.Events).Select(j => FhirJson.Parse<AuditEvent>(j).Id).Distinct().Count());
    }

    [SkippableFact]
    public async Task Read_ById_TheStoredAuditEvent()
    {
        await RecordThreeAsync();
        var id = (await SearchAsync(("agent", "partner-a"))).Single().Id;

        var json = await Store.ReadAuditEventAsync(id, CancellationToken.None);

        Assert.Equal("Task/t1", FhirJson.Parse<AuditEvent>(json!).Entity.Single().What.Reference);
        Assert.Null(await Store.ReadAuditEventAsync("no-such-event", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Sweep_OlderThanRetention_DeletedWithTheirIndex()
    {
        var clock = await RecordThreeAsync();
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1)); // the first is 3 days old, the second 2 days, the third 1 day
        var retention = new AuditRetention(Store, new AuditOptions { RetentionDays = 2 }, new ServiceReadiness(), clock, NullLogger<AuditRetention>.Instance);

        var deleted = await retention.SweepAsync(CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(["unknown"], (await SearchAsync()).Select(Requestor));
        Assert.Equal(0, await Temp.ScalarAsync("SELECT COUNT(*) FROM audit_index WHERE seq NOT IN (SELECT seq FROM audit_events)"));
    }

    private static string Requestor(AuditEvent audit) => audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value!;
}
