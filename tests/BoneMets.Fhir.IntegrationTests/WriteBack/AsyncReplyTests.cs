using System.Net;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.DependencyInjection;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>async=true: 202 now; the response message and the status update are posted to the response-url, once each.</summary>
public sealed class AsyncReplyTests : IDisposable
{
    private readonly FakePartnerServer fake = new();

    public void Dispose() => fake.Dispose();

    [Fact]
    public async Task AsyncMessage_ResentTwice_OneResponseMessageAndOneStatusUpdatePosted()
    {
        using var host = new BoneMetsHost(settings: new Dictionary<string, string> { ["Messaging:ReplyEndpoints:0"] = fake.MessagingUrl });
        try
        {
            var message = Samples.Referral("04-renal-humerus-pain-only.json");
            var query = "?async=true&response-url=" + Uri.EscapeDataString(fake.MessagingUrl);
            using var first = await host.PostMessageAsync(message, query: query);
            using var resend = await host.PostMessageAsync(message, query: query);

            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
            var deliveries = await WriteBackHost.SettledAsync(host, 2);

            Assert.Equal([DeliveryChannel.Message, DeliveryChannel.Message], deliveries.Select(d => d.Channel));
            Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Done, d.Status));
            var received = fake.Messages.ToList();
            Assert.Equal(2, received.Count);
            var response = received[0].Entry[0].Resource as MessageHeader;
            Assert.Equal(MessageHeader.ResponseType.Ok, response?.Response?.Code);
            var update = received[1].Entry[0].Resource as MessageHeader;
            Assert.IsType<Hl7.Fhir.Model.Task>(received[1].Entry[1].Resource);
            Assert.NotNull(update?.Focus.SingleOrDefault());
            Assert.Equal(0, fake.Transactions); // no partner: nothing goes to a FHIR server
        }
        finally
        {
            host.DeleteStore();
        }
    }

    [Fact]
    public async Task PartnerWithMessagingEndpoint_SynchronousSender_WriteBackAndOneStatusUpdateButNoSecondResponse()
    {
        using var host = WriteBackHost.Start(fake, extra: new Dictionary<string, string>
        {
            [$"Partners:{WriteBackHost.Partner}:WriteBack:MessagingEndpoint"] = fake.MessagingUrl,
        });
        try
        {
            using var response = await host.PostMessageAsync(Samples.Referral("04-renal-humerus-pain-only.json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the response went back in the HTTP answer

            var deliveries = await WriteBackHost.SettledAsync(host, 2);

            Assert.Equal([DeliveryChannel.Fhir, DeliveryChannel.Message], deliveries.Select(d => d.Channel));
            var update = Assert.Single(fake.Messages);
            Assert.Null(((MessageHeader)update.Entry[0].Resource).Response);
            Assert.Equal(fake.MessagingUrl, ((MessageHeader)update.Entry[0].Resource).Destination.Single().Endpoint);
            WriteBackHost.AssertExactlyOnce(fake);
        }
        finally
        {
            host.DeleteStore();
        }
    }

    [Fact]
    public async Task AsyncMessage_ResponseUrlNotAllowed_RefusedAndNothingStoredOrPosted()
    {
        using var host = WriteBackHost.Start(fake); // a partner, but the response-url is none of its endpoints
        try
        {
            var query = "?async=true&response-url=" + Uri.EscapeDataString(fake.Server.Url + "/internal/admin");
            using var response = await host.PostMessageAsync(Samples.Referral("04-renal-humerus-pain-only.json"), query: query);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var outcome = Assert.IsType<OperationOutcome>(Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(response)).Entry[1].Resource);
            Assert.Equal("response-url", outcome.Issue.Single().Expression.Single());
            var outbox = host.Services.GetRequiredService<IDeliveryOutbox>();
            Assert.Empty(await outbox.ListDeliveriesAsync(null, CancellationToken.None));
            Assert.DoesNotContain(fake.Server.LogEntries, e => e.RequestMessage.Path.Contains("internal", StringComparison.Ordinal));
        }
        finally
        {
            host.DeleteStore();
        }
    }

    [Fact]
    public async Task AsyncMessage_SourceEndpointIsThePartners_Accepted()
    {
        var message = Samples.Referral("04-renal-humerus-pain-only.json")
            .Replace("https://interface.harbourview.example.org/fhir", fake.MessagingUrl, StringComparison.Ordinal);
        using var host = WriteBackHost.Start(fake, extra: new Dictionary<string, string>
        {
            [$"Partners:{WriteBackHost.Partner}:SourceEndpoints:0"] = fake.MessagingUrl,
        });
        try
        {
            using var response = await host.PostMessageAsync(message, query: "?async=true");

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await WriteBackHost.UntilAsync(() => fake.Messages.Any(m => ((MessageHeader)m.Entry[0].Resource).Response is not null), "the response message");
        }
        finally
        {
            host.DeleteStore();
        }
    }

    [Fact]
    public async Task AsyncMessage_BadResponseUrl_Refused()
    {
        using var host = new BoneMetsHost(worker: false);
        using var response = await host.PostMessageAsync(Samples.Referral("04-renal-humerus-pain-only.json"), query: "?async=true&response-url=ftp%3A%2F%2Fx");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        host.DeleteStore();
    }
}
