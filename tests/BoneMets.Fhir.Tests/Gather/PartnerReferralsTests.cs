using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;
using BoneMets.Fhir.Partners;

namespace BoneMets.Fhir.Tests.Gather;

/// <summary>Fetching a references-only referral from its partner: the exact requests, the fallbacks and the failures (ADR 10).</summary>
public sealed class PartnerReferralsTests : IDisposable
{
    private const string ThinSr = "b2c1e742-0c3d-4d86-a5f9-32e278c49466";
    private const string ThinPatient = "d30a9c0f-048e-47fa-88e9-6c2eb55c141d";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly ReferringEhr ehr = new();
    private readonly GatherHost host;

    public PartnerReferralsTests()
    {
        host = new GatherHost(new PartnersOptions { ["westbrook"] = GatherHost.Partner(ehr.BaseUrl, sender: null) });
    }

    public void Dispose()
    {
        host.Dispose();
        ehr.Dispose();
    }

    private PartnerReferrals Referrals => host.Services.GetRequiredService<PartnerReferrals>();

    private PointerMessage Pointer(string typeAndId, string? version = null) =>
        ReferralMessageReader.Read(ReferralPointers.Message($"{ehr.BaseUrl}/{typeAndId}", version, Stages.Now, "https://iface.example.org")).ReferencesOnly!;

    [Fact]
    public async Task FetchAsync_ServiceRequestOnACapableServer_OneSearchWithIncludeAndTheKeyOfTheFullReferral()
    {
        ehr.WithReferralOf(Stages.Message("08"));

        var fetched = await Referrals.FetchAsync(Pointer($"ServiceRequest/{ThinSr}"), None);

        Assert.Equal(["GET /fhir/metadata", $"GET /fhir/ServiceRequest?_id={ThinSr}&_include=ServiceRequest:subject"], ehr.Requests);
        Assert.Equal((ThinSr, ThinPatient), (fetched.Message.ServiceRequest.Id, fetched.Message.Patient.Id));
        Assert.Null(fetched.Message.ReferralTask);
        Assert.Equal(Stages.Message("08").ReferralKey, fetched.Message.ReferralKey);
    }

    [Fact]
    public async Task FetchAsync_TaskOnACapableServer_OneSearchIncludingFocusAndPatient()
    {
        var full = Stages.Message("01");
        ehr.WithReferralOf(full);
        var taskId = full.ReferralTask!.Id;

        var fetched = await Referrals.FetchAsync(Pointer($"Task/{taskId}"), None);

        Assert.Equal(["GET /fhir/metadata", $"GET /fhir/Task?_id={taskId}&_include=Task:focus&_include=Task:patient"], ehr.Requests);
        Assert.Equal((taskId, full.ServiceRequest.Id, full.Patient.Id), (fetched.Message.ReferralTask?.Id, fetched.Message.ServiceRequest.Id, fetched.Message.Patient.Id));
        Assert.Equal(full.ReferralKey, fetched.Message.ReferralKey);
    }

    [Fact]
    public async Task FetchAsync_NoIncludeInTheCapabilityStatement_ReadsTheTaskThenItsServiceRequestThenThePatient()
    {
        var full = Stages.Message("01");
        ehr.WithReferralOf(full);
        ehr.IncludeSupported = false;

        var fetched = await Referrals.FetchAsync(Pointer($"Task/{full.ReferralTask!.Id}"), None);

        Assert.Equal(
            ["GET /fhir/metadata", $"GET /fhir/Task/{full.ReferralTask.Id}", $"GET /fhir/ServiceRequest/{full.ServiceRequest.Id}", $"GET /fhir/Patient/{full.Patient.Id}"],
            ehr.Requests);
        Assert.Equal(full.ReferralKey, fetched.Message.ReferralKey);
    }

    [Fact]
    public async Task FetchAsync_VersionedPointerAtTheCurrentVersion_OneSearchWithInclude()
    {
        ehr.WithReferralOf(Stages.Message("08"));

        var fetched = await Referrals.FetchAsync(Pointer($"ServiceRequest/{ThinSr}", "1"), None);

        Assert.Equal(["GET /fhir/metadata", $"GET /fhir/ServiceRequest?_id={ThinSr}&_include=ServiceRequest:subject"], ehr.Requests);
        Assert.Equal(ThinSr, fetched.Message.ServiceRequest.Id);
    }

    [Fact]
    public async Task FetchAsync_VersionedPointerOlderThanTheCurrent_TheCurrentIsTakenWithoutAVread()
    {
        ehr.WithReferralOf(Stages.Message("08"));
        ehr.Get<ServiceRequest>(ThinSr).Meta.VersionId = "3";

        var fetched = await Referrals.FetchAsync(Pointer($"ServiceRequest/{ThinSr}", "2"), None);

        Assert.Equal(2, ehr.Requests.Count);
        Assert.Equal("3", fetched.Message.ServiceRequest.Meta.VersionId);
    }

    [Fact]
    public async Task FetchAsync_SearchLagsBehindTheVersionNamed_VreadsThatVersion()
    {
        ehr.WithReferralOf(Stages.Message("08"));
        ehr.Get<ServiceRequest>(ThinSr).Meta.VersionId = "2";
        ehr.SearchView = r => r is ServiceRequest ? Stale(r) : r; // the search answers from a cache one version behind

        var fetched = await Referrals.FetchAsync(Pointer($"ServiceRequest/{ThinSr}", "2"), None);

        Assert.Equal(
            ["GET /fhir/metadata", $"GET /fhir/ServiceRequest?_id={ThinSr}&_include=ServiceRequest:subject", $"GET /fhir/ServiceRequest/{ThinSr}/_history/2"],
            ehr.Requests);
        Assert.Equal("2", fetched.Message.ServiceRequest.Meta.VersionId);

        static Resource Stale(Resource current)
        {
            var copy = (Resource)current.DeepCopy();
            copy.Meta.VersionId = "1";
            return copy;
        }
    }

    [Theory]
    [InlineData("3", "2", true)]
    [InlineData("10", "9", true)]
    [InlineData("2", "3", false)]
    [InlineData("2", "2", false)]
    [InlineData("b", "a", false)]
    public void IsNewer_ComparesNumericVersionsOnly(string found, string wanted, bool newer) =>
        Assert.Equal(newer, PartnerReferrals.IsNewer(found, wanted));

    [Fact]
    public async Task FetchAsync_ServiceRequest404_UnusableNamingTheUrlAndTheStatus()
    {
        ehr.WithReferralOf(Stages.Message("08"));
        ehr.IncludeSupported = false;

        var error = await Assert.ThrowsAsync<ReferralUnusableException>(() => Referrals.FetchAsync(Pointer("ServiceRequest/nope"), None));

        Assert.Contains($"{ehr.BaseUrl}/ServiceRequest/nope: the partner answered 404 (NotFound)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ServiceRequestGone_SearchMatchesNothing_Unusable()
    {
        ehr.WithReferralOf(Stages.Message("08"));
        ehr.Remove($"ServiceRequest/{ThinSr}");

        var error = await Assert.ThrowsAsync<ReferralUnusableException>(() => Referrals.FetchAsync(Pointer($"ServiceRequest/{ThinSr}"), None));

        Assert.Contains("the referral is gone or was never there", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_PatientGone_UnusableNamingThePatientsUrl()
    {
        ehr.WithReferralOf(Stages.Message("08"));
        ehr.Remove($"Patient/{ThinPatient}");

        var error = await Assert.ThrowsAsync<ReferralUnusableException>(() => Referrals.FetchAsync(Pointer($"ServiceRequest/{ThinSr}"), None));

        Assert.Contains($"{ehr.BaseUrl}/Patient/{ThinPatient} (for {ehr.BaseUrl}/ServiceRequest/{ThinSr}): the partner answered 410", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NotAReferral_UnusableWithTheProfilePathAtThePartnersUrl()
    {
        ehr.WithReferralOf(Stages.Message("08"));
        ehr.Get<ServiceRequest>(ThinSr).Intent = RequestIntent.Proposal; // the referral profile fixes intent = order

        var error = await Assert.ThrowsAsync<ReferralUnusableException>(() => Referrals.FetchAsync(Pointer($"ServiceRequest/{ThinSr}"), None));

        Assert.Contains($"{ehr.BaseUrl}/ServiceRequest/{ThinSr} ServiceRequest.intent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_PartnerDown_PartnerUnavailableSoTheReferralIsDeferred()
    {
        using var down = new GatherHost(new PartnersOptions { ["down"] = GatherHost.Partner("http://127.0.0.1:9/fhir", sender: null, l => l.MaxRetries = 0) });
        var pointer = ReferralMessageReader.Read(ReferralPointers.Message("http://127.0.0.1:9/fhir/ServiceRequest/1", null, Stages.Now, "x:y")).ReferencesOnly!;

        await Assert.ThrowsAsync<PartnerUnavailableException>(() => down.Services.GetRequiredService<PartnerReferrals>().FetchAsync(pointer, None));
    }

    [Fact]
    public async Task FetchThenGather_CapableServer_TwoRoundTripsAndTheReferencesTheServiceRequestMakesAreRead()
    {
        ehr.WithReferralOf(Stages.Message("08"));
        ehr.Add(PartnerStub.BoneMetastasis()).Add(PartnerStub.Ecog(2));

        var fetched = await Referrals.FetchAsync(Pointer($"ServiceRequest/{ThinSr}"), None);
        var context = await host.Source.GatherAsync(fetched.Message, None);

        Assert.Equal(2, ehr.RoundTrips);
        Assert.Equal(["GET /fhir/metadata", $"GET /fhir/ServiceRequest?_id={ThinSr}&_include=ServiceRequest:subject", "POST /fhir"], ehr.Requests);
        Assert.Contains(context.Resources, r => r is Condition { Id: "cond-bone" });
        Assert.Contains(context.Resources, r => r is Observation { Id: "ecog-1" });
        Assert.Contains(context.Resources, r => r is Practitioner); // the requester's practitioner, read in the same batch
        Assert.Empty(context.Gaps);
    }
}
