using System.Net;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.IntegrationTests.Subscriptions.SubscriptionHost;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Subscriptions;

/// <summary>Issue 20: an R4 rest-hook payload PUT to {endpoint}/{type}/{id} (as HAPI sends it) is taken as a POST is: same secret, same dedupe.</summary>
public sealed class RestHookPutTests : IDisposable
{
    private readonly SubscribingEhr ehr = new();

    public void Dispose() => ehr.Dispose();

    [Fact]
    public async Task Put_PayloadAtTypeAndId_AcceptedAndProcessedOnceWithThePostCopy()
    {
        using var host = Start(ehr, mode: "rest-hook", payload: "full-resource");
        await host.StartedAsync();
        var id = ehr.AddReferral();
        var payload = FhirJson.Serialize(ehr.Ehr.Get<ServiceRequest>(id));

        using (var put = await host.NotifyByPutAsync($"ServiceRequest/{id}", payload))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        (await host.NotifyByPutAsync($"ServiceRequest/{id}", payload)).Dispose();
        (await host.NotifyAsync(payload)).Dispose();
        await host.QuietAsync();

        Assert.Equal(1, await host.ProcessingsAsync(TaskId("WCH-R-9001")));
        Assert.Equal(1, await host.CountAsync($"/fhir/Task?focus=ServiceRequest/{id}"));
        Assert.Single(ehr.Requests, r => r.StartsWith($"GET /fhir/ServiceRequest?_id={id}&", StringComparison.Ordinal)); // the copies are replays
        host.DeleteStore();
    }

    [Theory]
    [InlineData(null, "ServiceRequest/sr-1", HttpStatusCode.Unauthorized)]
    [InlineData("wrong-secret-0123456789", "ServiceRequest/sr-1", HttpStatusCode.Unauthorized)]
    [InlineData(Secret, "ServiceRequest/sr-2", HttpStatusCode.BadRequest)] // the body is another resource than the path names
    [InlineData(Secret, "Task/sr-1", HttpStatusCode.BadRequest)]
    public async Task Put_WithoutTheSecretOrNotTheNamedResource_Refused(string? secret, string typeAndId, HttpStatusCode expected)
    {
        using var host = Start(ehr, mode: "rest-hook", payload: "full-resource");
        await host.StartedAsync();
        var id = ehr.AddReferral();

        using var answer = await host.NotifyByPutAsync(typeAndId, FhirJson.Serialize(ehr.Ehr.Get<ServiceRequest>(id)), secret);

        Assert.Equal(expected, answer.StatusCode);
        Assert.Equal("OperationOutcome", FhirJson.Parse<OperationOutcome>(await answer.Content.ReadAsStringAsync()).TypeName);
        host.DeleteStore();
    }
}
