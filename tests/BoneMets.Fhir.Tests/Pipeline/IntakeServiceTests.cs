using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Tests.Store;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.Pipeline;

public sealed class IntakeServiceTests : IAsyncLifetime
{
    private const string Base = "http://localhost:5080/fhir";
    private readonly FakeTimeProvider clock = new(Stages.Now);
    private readonly WorkSignal signal = new();
    private TempStore temp = null!;
    private IntakeService intake = null!;

    public async Task InitializeAsync()
    {
        temp = await TempStore.OpenAsync();
        intake = new IntakeService(temp.Store, new MessagingOptions { ReliableCacheMinutes = 60 }, signal, clock, NullLogger<IntakeService>.Instance);
    }

    public Task DisposeAsync()
    {
        signal.Dispose();
        temp.Dispose();
        return Task.CompletedTask;
    }

    private Task<IntakeResponse> PostAsync(string body, string? requestId = null) =>
        intake.ReceiveAsync(new IntakeRequest(body, requestId, "corr-1", Base), CancellationToken.None);

    private static (MessageHeader Header, OperationOutcome Outcome) Response(Resource body)
    {
        var bundle = Assert.IsType<Bundle>(body);
        Assert.Equal(Bundle.BundleType.Message, bundle.Type);
        return (Stages.Entry<MessageHeader>(bundle, 0), Stages.Entry<OperationOutcome>(bundle, 1));
    }

    [Fact]
    public async Task ReceiveAsync_AsyncToAnEndpointNotAllowed_400AtTheSourceEndpointAndNothingStored()
    {
        var response = await intake.ReceiveAsync(new IntakeRequest(Samples.Referral("01"), null, null, Base, Async: true), CancellationToken.None);

        Assert.Equal(400, response.Status);
        var (header, outcome) = Response(response.Body);
        Assert.Equal(MessageHeader.ResponseType.FatalError, header.Response?.Code);
        Assert.Equal(ReplyEndpoints.SourceEndpoint, outcome.Issue.Single().Expression.Single());
        Assert.Empty(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.False(await signal.WaitAsync(SignalledWork.Inbox, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_AsyncToAGloballyAllowedEndpoint_Accepted202()
    {
        var allowing = new IntakeService(temp.Store, new MessagingOptions { ReplyEndpoints = ["https://hub.example.org/replies"] }, signal, clock,
            NullLogger<IntakeService>.Instance);

        var response = await allowing.ReceiveAsync(new IntakeRequest(Samples.Referral("01"), null, null, Base, true, "https://hub.example.org/replies"), CancellationToken.None);

        Assert.Equal(202, response.Status);
    }

    [Fact]
    public async Task ReceiveAsync_ValidReferral_OkResponseMessageStoredAndWorkerWoken()
    {
        var message = Stages.Message("01");

        var response = await PostAsync(Samples.Referral("01"));

        Assert.Equal(200, response.Status);
        var (header, outcome) = Response(response.Body);
        Assert.Equal((message.HeaderId, MessageHeader.ResponseType.Ok), (header.Response?.Identifier, header.Response?.Code));
        Assert.Equal($"urn:uuid:{outcome.Id}", header.Response?.Details?.Reference);
        Assert.Contains($"Task/{message.ReferralTask!.Id}", outcome.Issue.Single().Diagnostics, StringComparison.Ordinal);
        var pending = Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.Equal((response.InboxSequence, message.ReferralKey, "corr-1"), (pending.Sequence, pending.ReferralKey, pending.CorrelationId));
        Assert.True(await signal.WaitAsync(SignalledWork.Inbox, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_SameMessageAgain_TheOriginalResponseNotReprocessed()
    {
        var first = await PostAsync(Samples.Referral("04"));
        clock.Advance(TimeSpan.FromMinutes(5));

        var again = await PostAsync(Samples.Referral("04"));

        Assert.Equal((200, first.InboxSequence), (again.Status, again.InboxSequence));
        Assert.Equal(FhirJson.Serialize(first.Body), FhirJson.Serialize(again.Body));
        Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_ResendOfACachedMessage_AnsweredFromTheCacheWithoutParsingOrValidating()
    {
        // A message that would fail validation (no entries but its header), cached as if it had been accepted: a resend
        // is recognised from its ids and content hash alone, so its answer is the cached one, not a 400.
        const string body = "{\"resourceType\":\"Bundle\",\"id\":\"b-1\",\"type\":\"message\",\"entry\":[{\"resource\":{\"resourceType\":\"MessageHeader\",\"id\":\"h-1\"}}]}";
        var cached = FhirJson.Serialize(Stages.Bundle(Samples.Referral("04")));
        var identity = MessageIdentity.Read(System.Text.Encoding.UTF8.GetBytes(body))!;
        await temp.Store.AcceptAsync(new InboundMessage("b-1", "h-1", "key-1", null, null, body, cached, Stages.Now, Stages.Now.AddHours(1))
        {
            ContentHash = identity.ContentHash,
        }, CancellationToken.None);

        var resend = await PostAsync(body);

        Assert.Equal(200, resend.Status);
        Assert.Equal(cached, FhirJson.Serialize(resend.Body));
    }

    [Fact]
    public async Task ReceiveAsync_ResendWithChangedContent_409DuplicateAndNothingNewStored()
    {
        var json = Samples.Referral("04");
        var first = await PostAsync(json);
        var changed = json.Replace("\"status\": \"active\"", "\"status\": \"active\", \"language\": \"en\"", StringComparison.Ordinal);
        Assert.NotEqual(json, changed);

        var response = await PostAsync(changed);

        Assert.Equal((200, 409), (first.Status, response.Status));
        var (header, outcome) = Response(response.Body);
        Assert.Equal(MessageHeader.ResponseType.FatalError, header.Response?.Code);
        Assert.Equal(OperationOutcome.IssueType.Duplicate, outcome.Issue.Single().Code);
        Assert.Contains("different content", outcome.Issue.Single().Diagnostics, StringComparison.Ordinal);
        Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_ResendReindented_TheOriginalResponse()
    {
        var json = Samples.Referral("04");
        var first = await PostAsync(json);

        var again = await PostAsync(System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString());

        Assert.Equal((200, first.InboxSequence), (again.Status, again.InboxSequence));
        Assert.Equal(FhirJson.Serialize(first.Body), FhirJson.Serialize(again.Body));
    }

    [Fact]
    public async Task ReceiveAsync_HeaderIdReusedInNewBundle_409FatalErrorDuplicate()
    {
        await PostAsync(Samples.Referral("04"));
        var bundle = Stages.Bundle(Samples.Referral("04"));
        bundle.Id = "a-new-bundle-id";

        var response = await PostAsync(FhirJson.Serialize(bundle));

        Assert.Equal(409, response.Status);
        var (header, outcome) = Response(response.Body);
        Assert.Equal(MessageHeader.ResponseType.FatalError, header.Response?.Code);
        Assert.Equal(OperationOutcome.IssueType.Duplicate, outcome.Issue.Single().Code);
    }

    [Fact]
    public async Task ReceiveAsync_RequestIdReusedForAnotherMessage_409()
    {
        await PostAsync(Samples.Referral("04"), requestId: "req-1");

        var response = await PostAsync(Samples.Referral("08"), requestId: "req-1");

        Assert.Equal(409, response.Status);
        Assert.Null(response.InboxSequence);
    }

    [Fact]
    public async Task ReceiveAsync_AfterTheCachePeriod_SameMessageAcceptedAgain()
    {
        var first = await PostAsync(Samples.Referral("04"));
        clock.Advance(TimeSpan.FromMinutes(61));
        await temp.Store.ExpireMessageCacheAsync(clock.GetUtcNow(), CancellationToken.None);

        var again = await PostAsync(Samples.Referral("04"));

        Assert.Equal(200, again.Status);
        Assert.NotEqual(first.InboxSequence, again.InboxSequence);
    }

    [Theory]
    [MemberData(nameof(Samples.ManifestData), MemberType = typeof(Samples))]
    public async Task ReceiveAsync_InvalidSample_400WithTheManifestIssueAndNothingStored(string file)
    {
        var expected = Samples.Manifest().Single(m => m.File == file);

        var response = await PostAsync(Samples.Read("invalid/" + file));

        Assert.Equal(expected.Status, response.Status);
        // A response message when the request's MessageHeader is known, else a bare OperationOutcome.
        var outcome = response.Body as OperationOutcome ?? Response(response.Body).Outcome;
        if (response.Body is Bundle)
        {
            Assert.Equal(MessageHeader.ResponseType.FatalError, Response(response.Body).Header.Response?.Code);
        }

        Assert.Equal(expected.Code, outcome.Issue[0].Code?.GetLiteral());
        Assert.Empty(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.False(await signal.WaitAsync(SignalledWork.Inbox, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_ReferralBreakingAProfile_400FatalErrorWithTheProfileIssue()
    {
        var bundle = Stages.Bundle(Samples.Referral("01"));
        var serviceRequest = Stages.Only<ServiceRequest>(bundle);
        serviceRequest.Intent = RequestIntent.Plan;
        var index = bundle.Entry.FindIndex(e => e.Resource == serviceRequest);

        var response = await PostAsync(FhirJson.Serialize(bundle));

        Assert.Equal(400, response.Status);
        var (header, outcome) = Response(response.Body);
        Assert.Equal(MessageHeader.ResponseType.FatalError, header.Response?.Code);
        var issue = Assert.Single(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error);
        Assert.Equal((OperationOutcome.IssueType.Value, $"Bundle.entry[{index}].resource.intent"), (issue.Code, issue.Expression.Single()));
        Assert.Empty(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_ReferralWithProfileWarnings_AcceptedWithTheWarningsInTheResponse()
    {
        // Sample 05's pelvic lesion has neither long-bone nor spinal components: bm-lesion-2, a warning.
        var response = await PostAsync(Samples.Referral("05"));

        Assert.Equal(200, response.Status);
        var (header, outcome) = Response(response.Body);
        Assert.Equal(MessageHeader.ResponseType.Ok, header.Response?.Code);
        Assert.Equal(OperationOutcome.IssueSeverity.Information, outcome.Issue[0].Severity);
        var warning = Assert.Single(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Warning);
        Assert.Equal(OperationOutcome.IssueType.Invariant, warning.Code);
        Assert.Contains("bm-lesion-2", warning.Diagnostics, StringComparison.Ordinal);
        Assert.StartsWith("Bundle.entry[", warning.Expression.Single(), StringComparison.Ordinal);
        var stored = Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.Equal(response.InboxSequence, stored.Sequence);
    }
}
