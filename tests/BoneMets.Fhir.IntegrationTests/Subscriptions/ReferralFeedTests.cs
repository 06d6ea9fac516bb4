using System.Net;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using Hl7.Fhir.Model;
using static BoneMets.Fhir.IntegrationTests.Subscriptions.SubscriptionHost;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Subscriptions;

/// <summary>
/// The issue's "done when": against a partner that drops, duplicates and reorders notifications, every referral it
/// holds is processed exactly once (one Provenance per processing, one Task, one RiskAssessment per referral).
/// </summary>
public sealed class ReferralFeedTests : IDisposable
{
    private readonly SubscribingEhr ehr = new();

    public void Dispose() => ehr.Dispose();

    private async Task AssertEachProcessedOnceAsync(BoneMetsHost host, int referrals)
    {
        for (var i = 1; i <= referrals; i++)
        {
            var taskId = TaskId($"WCH-R-{9000 + i}");
            Assert.Equal(1, await host.ProcessingsAsync(taskId));
            Assert.Equal(1, await host.CountAsync($"/fhir/Task?focus=ServiceRequest/sr-{i}"));
            var triage = DeterministicId.For($"identifier|https://fhir.westbrook.example.org/identifier/referral|WCH-R-{9000 + i}", "triage");
            await host.GetAsync<RiskAssessment>($"/fhir/RiskAssessment/{triage}");
        }

        Assert.Equal(referrals, await host.CountAsync("/fhir/RiskAssessment?_count=500"));
    }

    [Fact]
    public async Task Storm_DroppedDuplicatedAndReordered_EveryReferralProcessedExactlyOnce()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        const int Referrals = 15;
        for (var i = 0; i < Referrals; i++)
        {
            ehr.AddReferral();
        }

        // A server that retries without ordering: each notification sent 0 (dropped), 1 or 2 times, in shuffled order, in parallel.
        var random = new Random(7);
        var sent = ehr.Events.SelectMany(e => Enumerable.Repeat(e.Notification, random.Next(100) switch { < 25 => 0, < 60 => 2, _ => 1 }))
            .OrderBy(_ => random.Next()).ToList();
        var answers = await Task.WhenAll(sent.Select(async n => { using var r = await host.NotifyAsync(n); return r.StatusCode; }));
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.NoContent, status));
        Assert.True(sent.Distinct().Count() < Referrals, "the storm must drop some notifications for this test to mean anything");

        // The last event may itself be lost: the heartbeat says how many there were.
        (await host.NotifyAsync(ehr.Heartbeat())).Dispose();
        await host.QuietAsync();

        await AssertEachProcessedOnceAsync(host, Referrals);
        Assert.Contains(ehr.Requests, r => r.Contains("/$events?", StringComparison.Ordinal));
        host.DeleteStore();
    }

    [Fact]
    public async Task DroppedNotifications_EventsAnsweredInTheNewerEncoding_RecoveredByEventsWithoutASearch()
    {
        ehr.EventsInNewerEncoding = true;
        using var host = Start(ehr);
        await host.StartedAsync();
        await host.QuietAsync();
        int Searches() => ehr.Requests.Count(r => r.StartsWith("GET /fhir/ServiceRequest?_lastUpdated=", StringComparison.Ordinal));
        var searchesAtStart = Searches(); // the start-up reconciliation poll
        for (var i = 0; i < 4; i++)
        {
            ehr.AddReferral();
        }

        (await host.NotifyAsync(ehr.Events[0].Notification)).Dispose();
        (await host.NotifyAsync(ehr.Events[^1].Notification)).Dispose(); // 2–3 lost: the jump to 4 shows the gap
        await host.QuietAsync();

        await AssertEachProcessedOnceAsync(host, 4);
        Assert.Contains(ehr.Requests, r => r.StartsWith("GET /fhir/Subscription/sub-1/$events?eventsSinceNumber=2&eventsUntilNumber=3", StringComparison.Ordinal));
        Assert.Equal(searchesAtStart, Searches()); // $events was read, not given up on for a search
        host.DeleteStore();
    }

    [Fact]
    public async Task DroppedNotifications_EventsUnsupported_RecoveredByThePollAcrossPages()
    {
        ehr.EventsSupported = false;
        using var host = Start(ehr);
        await host.StartedAsync();
        for (var i = 0; i < 6; i++)
        {
            ehr.AddReferral();
        }

        (await host.NotifyAsync(ehr.Events[^1].Notification)).Dispose(); // 1–5 lost
        await host.QuietAsync();

        await AssertEachProcessedOnceAsync(host, 6);
        Assert.Contains(ehr.Requests, r => r.StartsWith("GET /fhir/Subscription/sub-1/$events?eventsSinceNumber=1&eventsUntilNumber=5", StringComparison.Ordinal));
        Assert.Contains(ehr.Requests, r => r.Contains("&_offset=4", StringComparison.Ordinal)); // the second page was followed
        host.DeleteStore();
    }

    [Fact]
    public async Task PartnerThatNeverNotifies_PollIsTheIntake_ReferralsProcessedOnceAndNoSubscriptionAsked()
    {
        using var host = Start(ehr, mode: "none", pollInterval: "00:00:01");
        await host.StartedAsync();
        for (var i = 0; i < 5; i++)
        {
            ehr.AddReferral();
        }

        await UntilAsync(async () => (await host.CountAsync("/fhir/RiskAssessment?_count=500")) == 5, "five referrals polled and processed");
        await UntilAsync(() => Task.FromResult(ehr.Requests.Count(r => r.Contains("_lastUpdated", StringComparison.Ordinal)) >= 4), "two more polls");
        await host.QuietAsync();

        await AssertEachProcessedOnceAsync(host, 5);
        Assert.DoesNotContain(ehr.Requests, r => r.Contains("Subscription", StringComparison.Ordinal));
        host.DeleteStore();
    }

    [Fact]
    public async Task SameReferral_ByMessageAndByNotification_OneCaseProcessedOnce()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        ehr.AddSampleReferral();
        var message = FhirJson.Parse<Bundle>(Samples.Referral("08-prostate-thin-referral.json"));
        message.Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single().Meta = new Meta { VersionId = "1" }; // the EHR's copy, version 1

        var posting = host.PostMessageAsync(FhirJson.Serialize(message));
        var notifying = host.NotifyAsync(ehr.Events[0].Notification);
        Assert.Equal(HttpStatusCode.OK, (await posting).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await notifying).StatusCode);
        await host.QuietAsync();

        var key = ReferralMessage.KeyOf(message.Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single());
        Assert.Equal(1, await host.ProcessingsAsync(DeterministicId.For(key, "task")));
        Assert.Equal(1, await host.CountAsync("/fhir/RiskAssessment?_count=500"));
        Assert.Equal(1, await host.CountAsync("/fhir/Task?_count=500"));
        host.DeleteStore();
    }

    [Fact]
    public async Task NewerVersion_NotifiedAfterTheFirst_UpdatesTheSameCase()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        var id = ehr.AddReferral();
        (await host.NotifyAsync(ehr.Events[0].Notification)).Dispose();
        await host.QuietAsync();

        ehr.UpdateReferral(id);
        (await host.NotifyAsync(ehr.Events[1].Notification)).Dispose();
        (await host.NotifyAsync(ehr.Events[1].Notification)).Dispose(); // and a duplicate of it
        await host.QuietAsync();

        var taskId = TaskId("WCH-R-9001");
        Assert.Equal(2, await host.ProcessingsAsync(taskId)); // version 1, then version 2; the duplicate not again
        Assert.Equal(1, await host.CountAsync($"/fhir/Task?focus=ServiceRequest/{id}"));
        Assert.Equal("2", (await host.GetAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}")).Meta.VersionId);
        host.DeleteStore();
    }

    [Fact]
    public async Task RevokedOnThePartnersServer_Notified_CaseIsCancelledNotTriagedAgain()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        var id = ehr.AddReferral();
        (await host.NotifyAsync(ehr.Events[0].Notification)).Dispose();
        await host.QuietAsync();

        ehr.RevokeReferral(id);
        (await host.NotifyAsync(ehr.Events[1].Notification)).Dispose();
        await host.QuietAsync();

        var task = await host.GetAsync<Hl7.Fhir.Model.Task>($"/fhir/Task/{TaskId("WCH-R-9001")}");
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Cancelled, task.Status);
        Assert.Equal("6.0", task.BusinessStatus.Coding[0].Code);
        Assert.Equal(1, await host.ProcessingsAsync(task.Id)); // the revocation was applied, not triaged as a new referral
        var key = $"identifier|https://fhir.westbrook.example.org/identifier/referral|WCH-R-9001";
        Assert.Equal(Appointment.AppointmentStatus.Cancelled, (await host.GetAsync<Appointment>($"/fhir/Appointment/{DeterministicId.For(key, "appointment")}")).Status);
        host.DeleteStore();
    }

    [Fact]
    public async Task HeartbeatOverdue_PartnerWentSilent_ReferralsRecoveredBySearch()
    {
        using var host = Start(ehr, heartbeat: "00:00:01");
        await host.StartedAsync();
        (await host.NotifyAsync(ehr.Heartbeat())).Dispose(); // contact, then silence
        var polls = ehr.Requests.Count(r => r.Contains("_lastUpdated", StringComparison.Ordinal));
        ehr.AddReferral();
        ehr.AddReferral(); // their notifications never come, nor any heartbeat

        await UntilAsync(async () => (await host.CountAsync("/fhir/RiskAssessment?_count=500")) == 2, "recovery after the missed heartbeats");
        await host.QuietAsync();

        await AssertEachProcessedOnceAsync(host, 2);
        Assert.True(ehr.Requests.Count(r => r.Contains("_lastUpdated", StringComparison.Ordinal)) > polls);
        host.DeleteStore();
    }

    [Fact]
    public async Task GapRecovery_PartnerDownForEvents_NotificationWaitsAndTheRetryFindsTheSameGap()
    {
        using var host = Start(ehr);
        await host.StartedAsync();
        ehr.AddReferral();
        ehr.AddReferral();
        ehr.AddReferral();
        ehr.EventsOutage = 4; // the first attempt and its three retries fail

        (await host.NotifyAsync(ehr.Events[^1].Notification)).Dispose(); // 1 and 2 lost
        await host.QuietAsync();

        await AssertEachProcessedOnceAsync(host, 3);
        Assert.Equal(0, ehr.EventsOutage);
        Assert.Equal(5, ehr.Requests.Count(r => r.Contains("/$events?eventsSinceNumber=1&eventsUntilNumber=2", StringComparison.Ordinal)));
        host.DeleteStore();
    }

    [Fact]
    public async Task RestHook_EmptyPing_SearchFindsWhatChanged()
    {
        using var host = Start(ehr, mode: "rest-hook", payload: "empty");
        await host.StartedAsync();
        ehr.AddReferral();
        ehr.AddReferral();

        using (var answer = await host.NotifyAsync(""))
        {
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        }

        await host.QuietAsync();
        await AssertEachProcessedOnceAsync(host, 2);
        host.DeleteStore();
    }

    [Fact]
    public async Task RestHook_ResourcePayloadSentTwice_ProcessedOnceAtItsVersion()
    {
        using var host = Start(ehr, mode: "rest-hook", payload: "full-resource");
        await host.StartedAsync();
        var id = ehr.AddReferral();
        var payload = FhirJson.Serialize(ehr.Ehr.Get<ServiceRequest>(id));

        (await host.NotifyAsync(payload)).Dispose();
        (await host.NotifyAsync(payload)).Dispose();
        await host.QuietAsync();

        await AssertEachProcessedOnceAsync(host, 1);
        Assert.Single(ehr.Requests, r => r.StartsWith($"GET /fhir/ServiceRequest?_id={id}&", StringComparison.Ordinal)); // fetched once: the resend is a replay
        Assert.Single(ehr.Requests, r => r.Contains("_lastUpdated", StringComparison.Ordinal)); // the first poll only: no search needed
        host.DeleteStore();
    }
}
