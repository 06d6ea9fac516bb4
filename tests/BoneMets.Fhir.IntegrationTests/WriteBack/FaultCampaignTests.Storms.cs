using BoneMets.Fhir.Store;
using BoneMets.Fhir.Terminology;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;
using FhirTask = Hl7.Fhir.Model.Task;

namespace BoneMets.Fhir.IntegrationTests.WriteBack;

/// <summary>
/// The campaign's storms and resends: some messages posted as 8 copies at once, and messages already accepted (by an
/// earlier host, before a kill) sent again, the same bytes, among the new ones while the faults go on. Every copy and
/// every resend gets the message's original response (reliable messaging), and none makes a second referral.
/// </summary>
public sealed partial class FaultCampaignTests
{
    private const int StormCopies = 8;

    /// <summary>
    /// Posts the messages ten at a time; those <paramref name="storm"/> picks (by index) as <see cref="StormCopies"/>
    /// copies at once, which must all get one answer. A message with an original answer is a resend: it must get that
    /// answer again. The answers' bodies, in order.
    /// </summary>
    private static async Task<List<string>> PostAllAsync(BoneMetsHost host, IReadOnlyList<(string Message, string? Original)> messages, Func<int, bool>? storm = null)
    {
        var bodies = new List<string>();
        foreach (var chunk in messages.Select((m, i) => (m.Message, m.Original, Index: i)).Chunk(10))
        {
            var answers = await Task.WhenAll(chunk.Select(c => PostAsync(host, c.Message, storm?.Invoke(c.Index) == true ? StormCopies : 1)));
            foreach (var (answer, sent) in answers.Zip(chunk))
            {
                if (sent.Original is { } original)
                {
                    Assert.True(original == answer, $"message {sent.Index} resent: not its original response");
                }
            }

            bodies.AddRange(answers);
        }

        return bodies;
    }

    private static Task<List<string>> PostAllAsync(BoneMetsHost host, IEnumerable<string> messages, Func<int, bool>? storm = null) =>
        PostAllAsync(host, [.. messages.Select(m => (m, (string?)null))], storm);

    /// <summary>Posts <paramref name="copies"/> copies of one message at once; all must be accepted with the same response.</summary>
    private static async Task<string> PostAsync(BoneMetsHost host, string message, int copies)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => host.PostMessageAsync(message)));
        var bodies = new List<string>();
        foreach (var answer in answers)
        {
            using (answer)
            {
                var body = await answer.Content.ReadAsStringAsync();
                Assert.True(answer.IsSuccessStatusCode, body);
                bodies.Add(body);
            }
        }

        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        return bodies[0];
    }

    /// <summary>New messages and resends, alternating, then the rest of the longer list.</summary>
    private static List<(string Message, string? Original)> Interleave(IReadOnlyList<string> fresh, IReadOnlyList<(string Message, string Original)> resends) =>
        [.. Enumerable.Range(0, Math.Max(fresh.Count, resends.Count))
            .SelectMany(i => new[] { i < fresh.Count ? (fresh[i], (string?)null) : default, i < resends.Count ? (resends[i].Message, resends[i].Original) : default })
            .Where(m => m.Item1 is not null)];

    /// <summary>One inbox item per distinct message and one Task per referral at the service, whatever was stormed or resent.</summary>
    private static async Task AssertOneReferralPerMessageAsync(BoneMetsHost host, int messages)
    {
        var inbox = host.Services.GetRequiredService<IReferralInbox>();
        Assert.Equal(messages, (await inbox.ListAsync(InboxStatus.Done, CancellationToken.None)).Count);
        var tasks = (await ServiceAllAsync<FhirTask>(host)).Where(t => t.Identifier.Any(i => i.System == CodeSystems.ReferralIdentifier)).ToList();
        Assert.Equal(Referrals, tasks.Count);
        Assert.Equal(Referrals, tasks.Select(t => t.Identifier.First(i => i.System == CodeSystems.ReferralIdentifier).Value).Distinct().Count());
    }
}
