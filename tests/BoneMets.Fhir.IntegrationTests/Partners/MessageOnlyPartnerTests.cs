using System.Net;
using System.Text;
using BoneMets.Fhir.IntegrationTests.Auth;
using BoneMets.Fhir.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Partners;

/// <summary>
/// A partner with no FHIR server (no Partners:{id}:BaseUrl, ADR 0022): it only posts messages. Its referral is gathered
/// from the message alone and triaged; there is nowhere to write back, so no delivery is queued, and its Task is read
/// from this service's /fhir/Task by the partner's own client.
/// </summary>
public sealed class MessageOnlyPartnerTests
{
    private static readonly SmartClient River = new("riverside-messaging");

    [Fact]
    public async Task Post_PartnerWithoutServer_ReferralTriagedNoDeliveryAndTaskReadableByItsClient()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bonemets-test-" + Guid.NewGuid().ToString("N"));
        using var host = new BoneMetsHost(directory, settings: new Dictionary<string, string>
        {
            ["Partners:riverside:SenderIdentifier"] = "http://hospital.example.org/organization|ROI",
            [$"Authorization:Clients:{River.ClientId}:Partner"] = "riverside",
            [$"Authorization:Clients:{River.ClientId}:JwksPath"] = River.WriteJwks(directory),
            [$"Authorization:Clients:{River.ClientId}:Scopes"] = "system/ServiceRequest.c system/*.rs",
        });
        try
        {
            var client = await host.CreateClientAsAsync(River, "system/ServiceRequest.c system/*.rs");

            using var response = await client.PostAsync(new Uri("/fhir/$process-message", UriKind.Relative),
                new StringContent(Samples.Referral("02-prostate-thoracic-mscc.json"), Encoding.UTF8, "application/fhir+json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var taskPath = "/fhir/" + BoneMetsHost.AnnouncedTask((Bundle)await BoneMetsHost.ReadFhirAsync(response));
            await host.WaitForAsync<Hl7.Fhir.Model.Task>(taskPath);
            var inbox = host.Services.GetRequiredService<IReferralInbox>();
            for (var tries = 0; tries < 600 && (await inbox.ListAsync(InboxStatus.Done, CancellationToken.None)).Count == 0; tries++)
            {
                await Task.Delay(50);
            }

            Assert.Single(await inbox.ListAsync(InboxStatus.Done, CancellationToken.None));
            Assert.Empty(await inbox.ListAsync(InboxStatus.Parked, CancellationToken.None));
            Assert.Empty(await host.Services.GetRequiredService<IDeliveryOutbox>().ListDeliveriesAsync(null, CancellationToken.None));

            using var read = await client.GetAsync(new Uri(taskPath, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var task = (Hl7.Fhir.Model.Task)await BoneMetsHost.ReadFhirAsync(read);
            Assert.NotNull(task.BusinessStatus); // triaged: the program's answer is on the Task it reads here
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/fhir/" + task.For.Reference, UriKind.Relative))).StatusCode);
        }
        finally
        {
            host.Dispose();
            host.DeleteStore();
        }
    }
}
