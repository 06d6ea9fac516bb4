using BoneMets.Fhir.Service.Cli;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BoneMets.Fhir.IntegrationTests.Cli;

/// <summary>A referral that keeps failing is parked with its reason, listed by "parked", and "retry" puts it back.</summary>
public sealed class OperatorCommandsTests
{
    [Fact]
    public async Task ParkedAndRetry_AFailingReferral_IsListedWithItsReasonAndRequeued()
    {
        var failing = new BoneMetsHost(configure: s =>
        {
            s.Replace(ServiceDescriptor.Singleton<ITriage, FailingTriage>());
            s.Configure<BoneMets.Fhir.Pipeline.WorkerOptions>(o => o.MaxAttempts = 2);
        });
        try
        {
            string task;
            using (failing)
            {
                using var response = await failing.PostMessageAsync(Samples.Referral("04-renal-humerus-pain-only.json"));
                task = BoneMetsHost.AnnouncedTask((Hl7.Fhir.Model.Bundle)await BoneMetsHost.ReadFhirAsync(response));
                var inbox = failing.Services.GetRequiredService<IReferralInbox>();
                for (var i = 0; i < 200 && (await inbox.ListAsync(InboxStatus.Parked, CancellationToken.None)).Count == 0; i++)
                {
                    await Task.Delay(50);
                }
            }

            using var listing = new StringWriter();
            Assert.Equal(0, await OperatorCommands.ListParkedAsync(["--data", failing.DataDirectory], listing));
            Assert.Contains("1 parked referral(s)", listing.ToString(), StringComparison.Ordinal);
            Assert.Contains("attempts 2", listing.ToString(), StringComparison.Ordinal);
            Assert.Contains("reason: InvalidOperationException: triage unavailable", listing.ToString(), StringComparison.Ordinal);

            using var retried = new StringWriter();
            Assert.Equal(0, await OperatorCommands.RetryAsync(["1", "--data", failing.DataDirectory], retried));
            Assert.Equal(1, await OperatorCommands.RetryAsync(["1", "--data", failing.DataDirectory], retried));

            using var healthy = new BoneMetsHost(failing.DataDirectory);
            var written = await healthy.WaitForAsync<Hl7.Fhir.Model.Task>("/fhir/" + task);
            Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Accepted, written.Status);
        }
        finally
        {
            failing.DeleteStore();
        }
    }

    private sealed class FailingTriage : ITriage
    {
        public string Method => "failing";

        public TriageDecision Assess(BoneMets.Fhir.Case.ConsultCase consultCase, DateTimeOffset now) =>
            throw new InvalidOperationException("triage unavailable");
    }
}
