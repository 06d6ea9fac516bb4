using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Task = System.Threading.Tasks.Task;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>Each partner channel is a bulkhead: a write-back circuit opened by a failing server leaves gathering alone.</summary>
public sealed class PartnerChannelTests : IDisposable
{
    private readonly PartnerStub stub = new();

    public void Dispose() => stub.Dispose();

    [Fact]
    public async Task Circuit_WriteBackFailing_OpensForWriteBackOnly_GatheringStillReaches()
    {
        stub.Server.Given(Request.Create().WithPath("/fhir/Task/t1").UsingGet()).RespondWith(Response.Create().WithStatusCode(500));
        stub.Server.Given(Request.Create().WithPath("/fhir/Patient/p1").UsingGet()).RespondWith(PartnerStub.Respond(200, new Patient { Id = "p1" }));
        using var host = GatherHost.For(stub, l => (l.MaxRetries, l.CircuitMinimumThroughput, l.CircuitBreakDuration) = (0, 2, TimeSpan.FromMinutes(5)));
        var factory = host.Services.GetRequiredService<IHttpClientFactory>();
        var writeBack = factory.CreateClient(PartnerHttp.ClientName("westbrook", PartnerChannel.WriteBack));
        var messaging = factory.CreateClient(PartnerHttp.ClientName("westbrook", PartnerChannel.Messaging));
        var taskUrl = new Uri(stub.BaseUrl + "/Task/t1");

        (await writeBack.GetAsync(taskUrl)).Dispose();
        (await writeBack.GetAsync(taskUrl)).Dispose();
        await Assert.ThrowsAsync<BrokenCircuitException>(() => writeBack.GetAsync(taskUrl));

        var options = host.Services.GetRequiredService<PartnersOptions>()["westbrook"];
        var fhir = new PartnerFhir(new Partner("westbrook", options), factory.CreateClient(PartnerHttp.ClientName("westbrook")), TimeProvider.System);
        Assert.True((await fhir.GetAsync("Patient/p1", CancellationToken.None)).Ok);
        using var reached = await messaging.GetAsync(new Uri(stub.BaseUrl + "/Patient/p1"));
        Assert.True(reached.IsSuccessStatusCode);
    }
}
