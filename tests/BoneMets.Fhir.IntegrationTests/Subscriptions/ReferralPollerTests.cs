using BoneMets.Fhir.Store;
using BoneMets.Fhir.Tests.Gather;
using BoneMets.Fhir.Testing;
using Microsoft.Extensions.DependencyInjection;
using static BoneMets.Fhir.IntegrationTests.Subscriptions.SubscriptionHost;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Subscriptions;

/// <summary>
/// The reconciliation poll follows next links in every form servers write them (issue 20: HAPI's were dropped after
/// page 1 while the safe point still moved), and refuses one on another host without moving the safe point.
/// </summary>
public sealed class ReferralPollerTests : IDisposable
{
    private const int Referrals = 10; // three pages of SubscribingEhr.PageSize
    private readonly SubscribingEhr ehr = new();

    public void Dispose() => ehr.Dispose();

    [Theory]
    [InlineData(PageLinkForm.Absolute, "GET /fhir/ServiceRequest?_lastUpdated=")]
    [InlineData(PageLinkForm.HapiGetPages, "GET /fhir?_getpages=s0&_getpagesoffset=8")]
    [InlineData(PageLinkForm.PathSearch, "GET /fhir/ServiceRequest/_search?_lastUpdated=")]
    [InlineData(PageLinkForm.PathPage, "GET /fhir/_page/s0/8")]
    [InlineData(PageLinkForm.Relative, "GET /fhir/ServiceRequest?_lastUpdated=")]
    public async Task Poll_PagesInEachForm_EveryReferralTakenInOnceAndTheSafePointMoves(PageLinkForm form, string lastPage)
    {
        ehr.Paging = form;
        for (var i = 0; i < Referrals; i++)
        {
            ehr.AddReferral();
        }

        using var host = Start(ehr, mode: "none");
        await host.StartedAsync();
        await host.QuietAsync();

        for (var i = 1; i <= Referrals; i++)
        {
            Assert.Equal(1, await host.ProcessingsAsync(TaskId($"WCH-R-{9000 + i}")));
        }

        Assert.Contains(ehr.Requests, r => r.StartsWith(lastPage, StringComparison.Ordinal) && (form is PageLinkForm.HapiGetPages or PageLinkForm.PathPage || r.EndsWith("&_offset=8", StringComparison.Ordinal)));
        var state = await host.Services.GetRequiredService<ISubscriptionStore>().StateAsync("west", CancellationToken.None);
        Assert.Equal(ehr.Ehr.Get<Hl7.Fhir.Model.ServiceRequest>($"sr-{Referrals}").Meta.LastUpdated, state.SafePoint);
        host.DeleteStore();
    }

    [Fact]
    public async Task Poll_NextLinkOnAnotherHost_RefusedAndTheSafePointStays()
    {
        ehr.Paging = PageLinkForm.OtherHost;
        for (var i = 0; i < Referrals; i++)
        {
            ehr.AddReferral();
        }

        using var host = Start(ehr, mode: "none");
        await UntilAsync(async () => await host.CountAsync("/fhir/Task?_count=100") == int.Parse(SubscribingEhr.PageSize, System.Globalization.CultureInfo.InvariantCulture), "the first page taken in");
        await host.QuietAsync();

        Assert.DoesNotContain(ehr.Requests, r => r.Contains("_offset=", StringComparison.Ordinal)); // not followed under the other name either
        Assert.Equal(0, await host.ProcessingsAsync(TaskId($"WCH-R-{9000 + Referrals}")));
        var state = await host.Services.GetRequiredService<ISubscriptionStore>().StateAsync("west", CancellationToken.None);
        Assert.Null(state.SafePoint);
        host.DeleteStore();
    }
}
