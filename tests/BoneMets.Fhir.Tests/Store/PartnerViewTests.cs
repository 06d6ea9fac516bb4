using BoneMets.Fhir.Search;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Store.Inbound;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store;

/// <summary>
/// _include and _revinclude through the partner filter (ADR 0016): north's Task points at a ServiceRequest written for
/// river's referral, and river's Task points at north's ServiceRequest — references a partner could craft, or that a
/// shared id would make. North's searches never bring river's resources, whichever way the include goes.
/// </summary>
public sealed class PartnerViewTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private TempStore temp = null!;

    private PartnerView View => new(temp.Store);

    public async Task InitializeAsync()
    {
        temp = await TempStore.OpenAsync();
        await ProcessAsync(Message("n1", "hn1") with { PartnerId = "north" },
            new ServiceRequest { Status = RequestStatus.Active, Intent = RequestIntent.Order, Id = "sr-north", Subject = new ResourceReference("Patient/p-north") },
            new Patient { Id = "p-north", Active = true },
            new Hl7.Fhir.Model.Task { Status = Hl7.Fhir.Model.Task.TaskStatus.Requested, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order, Id = "t-north", Focus = new ResourceReference("ServiceRequest/sr-river"), For = new ResourceReference("Patient/p-north") },
            new Hl7.Fhir.Model.Task { Status = Hl7.Fhir.Model.Task.TaskStatus.Requested, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order, Id = "t-north-own", Focus = new ResourceReference("ServiceRequest/sr-north"), For = new ResourceReference("Patient/p-north") });
        await ProcessAsync(Message("r1", "hr1") with { PartnerId = "river" },
            new ServiceRequest { Status = RequestStatus.Active, Intent = RequestIntent.Order, Id = "sr-river", Subject = new ResourceReference("Patient/p-river") },
            new Patient { Id = "p-river", Active = true },
            new Hl7.Fhir.Model.Task { Status = Hl7.Fhir.Model.Task.TaskStatus.Requested, Intent = Hl7.Fhir.Model.Task.TaskIntent.Order, Id = "t-river", Focus = new ResourceReference("ServiceRequest/sr-north"), For = new ResourceReference("Patient/p-river") });
    }

    public Task DisposeAsync()
    {
        temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Include_ReferenceToAnotherPartnersResource_LeftOut_OperatorGetsIt()
    {
        var query = Query("Task", ("_id", "t-north"), ("_include", "Task:focus"), ("_include", "Task:patient"));

        Assert.Equal(["Patient/p-north"], await IncludedAsync("north", query));
        Assert.Equal(["Patient/p-north", "ServiceRequest/sr-river"], await IncludedAsync(null, query));
    }

    [Fact]
    public async Task RevInclude_AnotherPartnersResourcePointingAtOurs_LeftOut_OperatorGetsIt()
    {
        var query = Query("ServiceRequest", ("_id", "sr-north"), ("_revinclude", "Task:focus"), ("_include", "ServiceRequest:subject"));

        Assert.Equal(["Patient/p-north", "Task/t-north-own"], await IncludedAsync("north", query));
        Assert.Equal(["Patient/p-north", "Task/t-north-own", "Task/t-river"], await IncludedAsync(null, query));
    }

    [Fact]
    public async Task Include_WhatIsAlreadyAMatchOrIncludedTwice_AppearsOnce()
    {
        var query = Query("Task", ("_id", "t-north-own,t-north"), ("_include", "Task:patient"), ("_include", "Task:patient:Patient"));

        Assert.Equal(["Patient/p-north"], await IncludedAsync("north", query));
    }

    [Fact]
    public async Task Include_NoIncludes_NothingAndNoQuery()
    {
        var (included, truncated) = await View.IncludedAsync("north", Query("Task"), [], None);

        Assert.Empty(included);
        Assert.False(truncated);
    }

    private async Task<List<string>> IncludedAsync(string? partner, SearchQuery query)
    {
        var matches = await View.SearchAsync(partner, query, None);
        var (included, truncated) = await View.IncludedAsync(partner, query, matches.Resources, None);
        Assert.False(truncated);
        return [.. included.Select(r => $"{r.Type}/{r.Id}").Order(StringComparer.Ordinal)];
    }

    private static SearchQuery Query(string type, params (string Name, string Value)[] parameters)
    {
        var (query, issues) = SearchQuery.Parse(type, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)), strict: true);
        Assert.Empty(issues);
        return query!;
    }

    private async Task ProcessAsync(InboundMessage message, params Resource[] produced)
    {
        Assert.IsType<AcceptResult.Accepted>(await temp.Store.AcceptAsync(message, None));
        await temp.Store.CompleteAsync((await temp.Store.ClaimNextAsync(T0, None))!, produced, T0, None);
    }
}
