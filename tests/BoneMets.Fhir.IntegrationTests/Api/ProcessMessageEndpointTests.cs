using System.Net;
using BoneMets.Fhir.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Api;

public sealed class ProcessMessageEndpointTests : IClassFixture<ProcessMessageEndpointTests.Service>
{
    private readonly BoneMetsHost host;

    public ProcessMessageEndpointTests(Service service) => host = service.Host;

    public sealed class Service : IDisposable
    {
        /// <summary>Sample 04's sender may ask for asynchronous answers at its source endpoint; no other endpoint is allowed.</summary>
        public const string AllowedSource = "https://interface.harbourview.example.org/fhir";

        public BoneMetsHost Host { get; } = new(settings: new Dictionary<string, string> { ["Messaging:ReplyEndpoints:0"] = AllowedSource });

        public void Dispose()
        {
            Host.Dispose();
            Host.DeleteStore();
        }
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralNames), MemberType = typeof(Samples))]
    public async Task Post_SampleReferral_AnswersOkAndWritesTaskCommunicationsAndAppointment(string sample)
    {
        var json = Samples.Referral(sample);
        var request = FhirJson.Parse<Bundle>(json);

        using var response = await host.PostMessageAsync(json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(response));
        Assert.Equal(Bundle.BundleType.Message, reply.Type);
        var header = Assert.IsType<MessageHeader>(reply.Entry[0].Resource);
        Assert.Equal(request.Entry[0].Resource.Id, header.Response.Identifier);
        Assert.Equal(MessageHeader.ResponseType.Ok, header.Response.Code);

        var task = await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(reply));
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Accepted, task.Status);
        Assert.Equal("3.0", task.BusinessStatus.Coding[0].Code);
        Assert.NotNull(task.Restriction.Period.End);

        var requests = await host.GetAsync<Bundle>($"/fhir/CommunicationRequest?based-on=Task/{task.Id}");
        Assert.True(requests.Total >= 2, $"expected acknowledgement and outreach, found {requests.Total}");
        var appointments = await host.GetAsync<Bundle>($"/fhir/Appointment?patient={task.For.Reference}");
        var appointment = Assert.IsType<Appointment>(Assert.Single(appointments.Entry).Resource);
        Assert.Equal(Appointment.AppointmentStatus.Proposed, appointment.Status);
        Assert.Equal(task.Restriction.Period.End, appointment.RequestedPeriod[0].End);
    }

    [Theory]
    [MemberData(nameof(Samples.InvalidNames), MemberType = typeof(Samples))]
    public async Task Post_InvalidSample_Answers4xxWithOperationOutcomeNamingTheProblem(string sample)
    {
        var expected = Samples.InvalidManifest.Single(m => m.File == sample);

        using var response = await host.PostMessageAsync(Samples.Invalid(sample));

        Assert.Equal(expected.Status, (int)response.StatusCode);
        var body = await BoneMetsHost.ReadFhirAsync(response);
        var outcome = body as OperationOutcome ?? (body as Bundle)?.Entry.Select(e => e.Resource).OfType<OperationOutcome>().Single();
        Assert.NotNull(outcome);
        if (body is Bundle reply)
        {
            Assert.Equal(MessageHeader.ResponseType.FatalError, ((MessageHeader)reply.Entry[0].Resource).Response.Code);
        }

        Assert.Contains(outcome.Issue, issue =>
            issue.Code?.ToString().Equals(expected.Code.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase) == true
            && (expected.ExpressionContains is { } part ? issue.Expression.Any(e => e.Contains(part, StringComparison.Ordinal))
                : expected.Expression is null ? !issue.Expression.Any() : issue.Expression.Contains(expected.Expression)));
    }

    [Fact]
    public async Task Post_MessageWithProfileWarnings_IsAcceptedAndTheWarningsTravelWithTheCase()
    {
        // Sample 05's pelvic lesion has neither long-bone nor spinal components: a profile warning, not an error.
        using var response = await host.PostMessageAsync(Samples.AsNewReferral(Samples.Referral("05-myeloma-hypercalcaemia-moderate.json")));
        var reply = Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(response));
        var warning = Assert.Single(reply.Entry.Select(e => e.Resource).OfType<OperationOutcome>().Single().Issue,
            i => i.Severity == OperationOutcome.IssueSeverity.Warning);

        var task = await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(reply));
        var documents = await host.GetAsync<Bundle>("/fhir/Bundle?_count=100");
        var document = documents.Entry.Select(e => e.Resource).OfType<Bundle>()
            .Single(b => b.Entry.Any(e => e.Resource is Hl7.Fhir.Model.Task t && t.Id == task.Id));
        var referral = ((Composition)document.Entry[0].Resource).Section.Single(s => s.Code.Coding[0].Code == "referral");
        Assert.Contains("Warnings on the referral message as received", referral.Text.Div, StringComparison.Ordinal);
        Assert.Contains(System.Security.SecurityElement.Escape(warning.Expression.Single()), referral.Text.Div, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SameMessageAgain_ReturnsTheOriginalResponseAndWritesNothingNew()
    {
        var json = Samples.AsNewReferral(Samples.Referral("04-renal-humerus-pain-only.json"));
        using var first = await host.PostMessageAsync(json);
        var firstBody = await first.Content.ReadAsStringAsync();
        var task = await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(FhirJson.Parse<Bundle>(firstBody)));

        using var again = await host.PostMessageAsync(json);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        await Task.Delay(300); // give a (wrong) reprocessing the chance to happen
        var reread = await host.GetAsync<Hl7.Fhir.Model.Task>($"/fhir/Task/{task.Id}");
        Assert.Equal(task.Meta.VersionId, reread.Meta.VersionId);
    }

    [Fact]
    public async Task Post_SameIdsWithChangedContent_IsRejectedWith409AndTheFirstStands()
    {
        var json = Samples.AsNewReferral(Samples.Referral("03-lung-lumbar-mechanical-pain.json"));
        var changed = FhirJson.Parse<Bundle>(json);
        ((MessageHeader)changed.Entry[0].Resource).Source.Name = "Another interface engine";
        using var first = await host.PostMessageAsync(json);

        using var second = await host.PostMessageAsync(FhirJson.Serialize(changed));
        using var third = await host.PostMessageAsync(json);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.OK), (first.StatusCode, second.StatusCode, third.StatusCode));
        var reply = Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(second));
        Assert.Equal(MessageHeader.ResponseType.FatalError, ((MessageHeader)reply.Entry[0].Resource).Response.Code);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await third.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_SameHeaderIdInANewBundle_IsRejectedAsDuplicateWith409()
    {
        var headerId = Guid.NewGuid().ToString();
        var sample = Samples.Referral("10-renal-femur-shaft.json");
        using var first = await host.PostMessageAsync(Samples.WithNewMessageIds(sample, headerId: headerId));
        using var second = await host.PostMessageAsync(Samples.WithNewMessageIds(sample, headerId: headerId));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var reply = Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(second));
        Assert.Equal(MessageHeader.ResponseType.FatalError, ((MessageHeader)reply.Entry[0].Resource).Response.Code);
        Assert.Equal(OperationOutcome.IssueType.Duplicate, reply.Entry.Select(e => e.Resource).OfType<OperationOutcome>().Single().Issue[0].Code);
    }

    [Fact]
    public async Task Post_SameBundleIdWithANewHeaderId_IsRejectedWith409()
    {
        var bundleId = Guid.NewGuid().ToString();
        var sample = Samples.Referral("10-renal-femur-shaft.json");
        using var first = await host.PostMessageAsync(Samples.WithNewMessageIds(sample, bundleId: bundleId));
        using var second = await host.PostMessageAsync(Samples.WithNewMessageIds(sample, bundleId: bundleId));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Post_TwentyConcurrentCopies_AllGetTheSameResponseAndOneReferralIsProcessed()
    {
        var json = Samples.AsNewReferral(Samples.Referral("06-thyroid-cervical-spine.json"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.PostMessageAsync(json)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        var task = await host.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + BoneMetsHost.AnnouncedTask(FhirJson.Parse<Bundle>(bodies[0])));
        var provenances = await host.GetAsync<Bundle>($"/fhir/Provenance?target=Task/{task.Id}");
        var headerId = FhirJson.Parse<Bundle>(json).Entry[0].Resource.Id;
        Assert.Single(provenances.Entry.Select(e => e.Resource).OfType<Provenance>(),
            p => p.Entity.Any(x => x.What.Reference == $"MessageHeader/{headerId}"));
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Post_WrongContentType_Answers415(string contentType)
    {
        using var response = await host.PostMessageAsync(Samples.Referral("04-renal-humerus-pain-only.json"), contentType: contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.IsType<OperationOutcome>(await BoneMetsHost.ReadFhirAsync(response));
    }

    [Fact]
    public async Task Post_BodyOverTheSizeLimit_Answers413WithTooCostly()
    {
        var huge = "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"id\":\"" + new string('x', 11 * 1024 * 1024) + "\"}";

        using var response = await host.PostMessageAsync(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var outcome = Assert.IsType<OperationOutcome>(await BoneMetsHost.ReadFhirAsync(response));
        Assert.Equal(OperationOutcome.IssueType.TooCostly, outcome.Issue[0].Code);
    }

    [Fact]
    public async Task Post_MessageBreakingAProfile_Answers400FatalErrorWithTheProfileIssue()
    {
        var bundle = FhirJson.Parse<Bundle>(Samples.AsNewReferral(Samples.Referral("04-renal-humerus-pain-only.json")));
        var index = bundle.Entry.FindIndex(e => e.Resource is ServiceRequest);
        ((ServiceRequest)bundle.Entry[index].Resource).Intent = RequestIntent.Proposal;

        using var response = await host.PostMessageAsync(FhirJson.Serialize(bundle));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reply = Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(response));
        Assert.Equal(MessageHeader.ResponseType.FatalError, Assert.IsType<MessageHeader>(reply.Entry[0].Resource).Response.Code);
        var issue = Assert.IsType<OperationOutcome>(reply.Entry[1].Resource).Issue.Single(i => i.Severity == OperationOutcome.IssueSeverity.Error);
        Assert.Equal((OperationOutcome.IssueType.Value, $"Bundle.entry[{index}].resource.intent"), (issue.Code, issue.Expression.Single()));
    }

    [Fact]
    public async Task Post_AsyncRequested_Answers202CustodyAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/$process-message?async=true")
        {
            Content = new StringContent(Samples.Referral("04-renal-humerus-pain-only.json"), System.Text.Encoding.UTF8, "application/fhir+json"),
        };
        using var response = await host.CreateClient().SendAsync(request);

        // The response message follows through the outbox (WriteBack/AsyncReplyTests); now only custody is acknowledged.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(OperationOutcome.IssueSeverity.Information, Assert.IsType<OperationOutcome>(await BoneMetsHost.ReadFhirAsync(response)).Issue[0].Severity);
    }

    [Theory]
    [InlineData("01-breast-femur-impending-fracture.json", "?async=true", "Bundle.entry[0].resource.source.endpoint")] // its source endpoint is not allowed
    [InlineData("04-renal-humerus-pain-only.json", "?async=true&response-url=https%3A%2F%2Finternal.example.org%2Fadmin", "response-url")]
    [InlineData("04-renal-humerus-pain-only.json", "?response-url=https%3A%2F%2Finterface.harbourview.example.org%2Ffhir%2Fmore", "response-url")] // no prefix match
    [InlineData("04-renal-humerus-pain-only.json", "?async=true&response-url=https%3A%2F%2Finterface.harbourview.example.org.evil.net%2Ffhir", "response-url")]
    public async Task Post_ReplyEndpointNotAllowed_400NamingWhereItWasAsked(string sample, string query, string expression)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/$process-message" + query)
        {
            Content = new StringContent(Samples.AsNewReferral(Samples.Referral(sample)), System.Text.Encoding.UTF8, "application/fhir+json"),
        };
        using var response = await host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reply = Assert.IsType<Bundle>(await BoneMetsHost.ReadFhirAsync(response));
        Assert.Equal(MessageHeader.ResponseType.FatalError, Assert.IsType<MessageHeader>(reply.Entry[0].Resource).Response.Code);
        var issue = Assert.IsType<OperationOutcome>(reply.Entry[1].Resource).Issue.Single();
        Assert.Equal((OperationOutcome.IssueType.NotSupported, expression), (issue.Code, issue.Expression.Single()));
    }

    [Fact]
    public async Task Post_WithRequestAndCorrelationIds_EchoesBoth()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/$process-message")
        {
            Content = new StringContent(Samples.Invalid("bundle-not-message.json"), System.Text.Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Add("X-Request-ID", "req-123");
        request.Headers.Add("X-Correlation-ID", "conv-9");
        using var response = await host.CreateClient().SendAsync(request);

        Assert.Equal("req-123", response.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("conv-9", response.Headers.GetValues("X-Correlation-ID").Single());
    }
}
