using BoneMets.Fhir.Search;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.Tests.Store.Inbound;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Store;

/// <summary>Partner isolation's rows (ADR 0016): written with a referral's resources, read by one clause of the search.</summary>
public sealed class SqliteStorePartnersTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private TempStore temp = null!;

    private SqliteStore Store => temp.Store;

    public async Task InitializeAsync() => temp = await TempStore.OpenAsync();

    public Task DisposeAsync()
    {
        temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Search_VisibleToAPartner_OnlyWhatWasWrittenForItsReferrals()
    {
        await ProcessAsync(Message("n1", "hn1") with { PartnerId = "north" }, new Patient { Id = "pn", Active = true });
        await ProcessAsync(Message("r1", "hr1") with { PartnerId = "river" }, new Patient { Id = "pr", Active = true });
        await ProcessAsync(Message("x1", "hx1"), new Patient { Id = "px", Active = true }); // no partner resolved
        await Store.UpsertAsync([new Patient { Id = "outside", Active = true }], T0, None); // written outside any referral

        Assert.Equal(["pn"], await IdsAsync("north"));
        Assert.Equal(["pr"], await IdsAsync("river"));
        Assert.Equal(["outside", "pn", "pr", "px"], (await IdsAsync(null)).Order());
        Assert.Empty(await IdsAsync("nobody"));
    }

    [Fact]
    public async Task CommitChange_LaterResourcesOfAReferral_AreItsPartners()
    {
        await ProcessAsync(Message("n1", "hn1") with { PartnerId = "north" }, new Patient { Id = "pn", Active = true });

        await Store.CommitChangeAsync(new ReferralChange("key-n1", "booked", [new Appointment { Id = "an", Status = Appointment.AppointmentStatus.Booked }]), T0, None);

        var page = await Store.SearchAsync(Query("Appointment") with { VisibleTo = "north" }, None);
        Assert.Equal("an", Assert.Single(page.Resources).Id);
        Assert.Empty((await Store.SearchAsync(Query("Appointment") with { VisibleTo = "river" }, None)).Resources);
    }

    [Fact]
    public async Task Accept_ReferralKeyAlreadyAnotherPartners_ConflictAndNothingStored()
    {
        await Store.AcceptAsync(Message("n1", "hn1") with { PartnerId = "north" }, None);

        var taken = await Store.AcceptAsync(Message("r1", "hr1") with { ReferralKey = "key-n1", PartnerId = "river" }, None);
        var same = await Store.AcceptAsync(Message("n2", "hn2") with { ReferralKey = "key-n1", PartnerId = "north" }, None);

        Assert.IsType<AcceptResult.Conflict>(taken);
        Assert.IsType<AcceptResult.Accepted>(same);
        Assert.Equal(2, temp.Scalar("SELECT COUNT(*) FROM inbox"));
    }

    [Fact]
    public async Task Accept_NoPartnerNamed_JoinsAPartnersReferral_WhichKeepsItsOwner()
    {
        // The same referral by a partner's subscription and by a message an operator's client posted (no partner named).
        await Store.AcceptAsync(Message("n1", "hn1") with { PartnerId = "north" }, None);

        Assert.IsType<AcceptResult.Accepted>(await Store.AcceptAsync(Message("x1", "hx1") with { ReferralKey = "key-n1" }, None));
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM referral_partners WHERE referral_key = 'key-n1' AND partner_id = 'north'"));
    }

    [Fact]
    public async Task Accept_ReferralOfNoPartner_CannotBeTakenByAPartnerLater()
    {
        await Store.AcceptAsync(Message("x1", "hx1"), None);

        Assert.IsType<AcceptResult.Conflict>(await Store.AcceptAsync(Message("r1", "hr1") with { ReferralKey = "key-x1", PartnerId = "river" }, None));
    }

    [Fact]
    public async Task Complete_PointerResolvedToAnotherKey_TheReferralTakesThePointersPartner()
    {
        await Store.AcceptAsync(Message("p1", "hp1") with { ReferralKey = "remote|https://ehr.north/fhir/ServiceRequest/1", PartnerId = "north" }, None);
        var item = (await Store.ClaimNextAsync(T0, None))!;

        await Store.CompleteAsync(item, [new Patient { Id = "pp", Active = true }], T0, None, new ResolvedRoute("identifier|urn:north|1", null));

        Assert.Equal(["pp"], await IdsAsync("north"));
        Assert.IsType<AcceptResult.Conflict>(await Store.AcceptAsync(Message("r1", "hr1") with { ReferralKey = "identifier|urn:north|1", PartnerId = "river" }, None));
    }

    private async Task ProcessAsync(InboundMessage message, Resource produced)
    {
        Assert.IsType<AcceptResult.Accepted>(await Store.AcceptAsync(message, None));
        await Store.CompleteAsync((await Store.ClaimNextAsync(T0, None))!, [produced], T0, None);
    }

    private async Task<List<string>> IdsAsync(string? partner) =>
        [.. (await Store.SearchAsync(Query("Patient") with { VisibleTo = partner }, None)).Resources.Select(r => r.Id)];

    private static SearchQuery Query(string type) => new(type, [], [], [], SearchQuery.MaxCount, 0, []);
}
