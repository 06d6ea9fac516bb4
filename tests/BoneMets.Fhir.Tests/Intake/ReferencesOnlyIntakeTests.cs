using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Tests.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Intake;

/// <summary>Intake of messages that carry only a reference to the referral on a partner's server (ADR 10).</summary>
public sealed class ReferencesOnlyIntakeTests : IAsyncLifetime
{
    private const string Base = "http://localhost:5080/fhir";
    private const string Ehr = "https://ehr.westbrook.example.org/fhir";
    private readonly FakeTimeProvider clock = new(Stages.Now);
    private readonly WorkSignal signal = new();
    private TempStore temp = null!;
    private IntakeService intake = null!;

    public async Task InitializeAsync()
    {
        temp = await TempStore.OpenAsync();
        var partners = new PartnerDirectory(new PartnersOptions { ["westbrook"] = new PartnerOptions { BaseUrl = Ehr } }, new GatherOptions());
        intake = new IntakeService(temp.Store, new MessagingOptions(), signal, clock, NullLogger<IntakeService>.Instance, partners: partners);
    }

    public Task DisposeAsync()
    {
        signal.Dispose();
        temp.Dispose();
        return Task.CompletedTask;
    }

    private Task<IntakeResponse> PostAsync(string body) => intake.ReceiveAsync(new IntakeRequest(body, null, null, Base), CancellationToken.None);

    private static OperationOutcome OutcomeOf(IntakeResponse response) => Stages.Only<OperationOutcome>(Assert.IsType<Bundle>(response.Body));

    [Fact]
    public async Task ReceiveAsync_SampleElevenFromAConfiguredPartner_AcceptedUnderTheRemoteKey()
    {
        var response = await PostAsync(Samples.Referral("11"));

        Assert.Equal(200, response.Status);
        Assert.Contains("Task?focus=ServiceRequest/b2c1e742-0c3d-4d86-a5f9-32e278c49466", OutcomeOf(response).Issue[0].Diagnostics, StringComparison.Ordinal);
        var pending = Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
        Assert.Equal($"remote|{Ehr}/ServiceRequest/b2c1e742-0c3d-4d86-a5f9-32e278c49466", pending.ReferralKey);
    }

    [Fact]
    public async Task ReceiveAsync_TaskPointer_TheResponseNamesThePlacersTask()
    {
        var response = await PostAsync(FhirJson.Serialize(ReferralPointers.Message($"{Ehr}/Task/abc", "2", Stages.Now, "https://iface.example.org")));

        Assert.Equal(200, response.Status);
        Assert.Contains($"Task/abc ({Base}/Task/abc)", OutcomeOf(response).Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveAsync_SameReferralVersionTwice_ReplayNotNewWork()
    {
        var json = FhirJson.Serialize(ReferralPointers.Message($"{Ehr}/ServiceRequest/9", "3", Stages.Now, "https://iface.example.org"));

        var first = await PostAsync(json);
        var again = await PostAsync(FhirJson.Serialize(ReferralPointers.Message($"{Ehr}/ServiceRequest/9", "3", Stages.Now.AddMinutes(5), "https://iface.example.org")));

        Assert.Equal((200, 200), (first.Status, again.Status));
        Assert.Equal(first.InboxSequence, again.InboxSequence);
        Assert.Single(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_BaseOfNoConfiguredPartner_400AtTheFocusNothingStored()
    {
        var response = await PostAsync(FhirJson.Serialize(ReferralPointers.Message("https://evil.example.net/fhir/ServiceRequest/1", null, Stages.Now, "https://x.example")));

        Assert.Equal(400, response.Status);
        var issue = Assert.Single(OutcomeOf(response).Issue);
        Assert.Equal((OperationOutcome.IssueSeverity.Error, "Bundle.entry[0].resource.focus[0]"), (issue.Severity, issue.Expression.Single()));
        Assert.Contains("No configured partner serves 'https://evil.example.net/fhir'", issue.Diagnostics, StringComparison.Ordinal);
        Assert.Empty(await temp.Store.ListAsync(InboxStatus.Pending, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_NoPartnersAtAll_400AtTheFocus()
    {
        var bare = new IntakeService(temp.Store, new MessagingOptions(), signal, clock, NullLogger<IntakeService>.Instance);

        var response = await bare.ReceiveAsync(new IntakeRequest(Samples.Referral("11"), null, null, Base), CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.Equal("Bundle.entry[0].resource.focus[0]", Assert.Single(OutcomeOf(response).Issue).Expression.Single());
    }

    [Fact]
    public async Task ReceiveAsync_CarriedResourcePointsAtAnotherServer_400AtThatReference()
    {
        var bundle = ReferralPointers.Message($"{Ehr}/ServiceRequest/9", null, Stages.Now, "https://iface.example.org");
        ((MessageHeader)bundle.Entry[0].Resource).Sender = new ResourceReference("https://elsewhere.example.com/fhir/Organization/1");

        var response = await PostAsync(FhirJson.Serialize(bundle));

        Assert.Equal(400, response.Status);
        Assert.Contains(OutcomeOf(response).Issue, i => i.Expression.Contains("Bundle.entry[0].resource.sender"));
    }
}
