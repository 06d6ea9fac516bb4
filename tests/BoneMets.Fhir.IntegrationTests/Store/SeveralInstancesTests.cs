using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.IntegrationTests.WriteBack;
using BoneMets.Fhir.Tests.Store.Contract;
using Hl7.Fhir.Model;
using Npgsql;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.IntegrationTests.Store;

/// <summary>
/// Three instances of the real service (child processes) on one PostgreSQL database and one partner (ADR 0015, 0019):
/// every referral is posted to two instances at once, instances are SIGKILLed while they hold work and started again,
/// and afterwards each referral was written back exactly once — counted at the partner and in the store — and every
/// instance lists the same resources. Skips locally without BONEMETS_TEST_POSTGRES; fails on CI without it.
/// </summary>
public sealed class SeveralInstancesTests(ITestOutputHelper log) : IDisposable
{
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    private const int Instances = 3;
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(5); // three cold starts at once on a loaded machine
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);

    private readonly string root = Directory.CreateTempSubdirectory("bonemets-instances-").FullName;
    private readonly FakePartnerServer partner = new();
    private readonly ServiceProcess?[] running = new ServiceProcess?[Instances];
    private readonly List<ServiceProcess> all = [];

    public void Dispose()
    {
        all.ForEach(p => p.Dispose());
        partner.Dispose();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [SkippableFact]
    public async Task ThreeInstances_EachReferralPostedToTwoAndHoldersKilled_EachWrittenBackOnceAndListedAlikeEverywhere()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync(); // empty: the instances migrate it at startup, under the lock
        partner.Server.AddGlobalProcessingDelay(TimeSpan.FromMilliseconds(50)); // gathering and write-back both wait on the partner
        for (var i = 0; i < Instances; i++)
        {
            running[i] = Launch(i, run: 0, database.ConnectionString);
        }

        await Task.WhenAll(running.Select(p => p!.WaitReadyAsync(Startup)));
        Phase("three instances ready");
        using var http = new HttpClient();
        var token = await TokenAsync(running[0]!); // signed with the shared key: every instance accepts it

        // Every referral to two instances at once; both answers name the same Task (one accepted it, the other replays).
        var referrals = Samples.Referrals.Select(sample => (Sample: sample, Json: Samples.Referral(sample))).ToList();
        var announced = new List<string>();
        foreach (var (referral, k) in referrals.Select((r, k) => (r, k)))
        {
            var answers = await Task.WhenAll(
                PostAsync(http, running[k % Instances]!, token, referral.Json),
                PostAsync(http, running[(k + 1) % Instances]!, token, referral.Json));
            Assert.Single(answers.Distinct());
            announced.Add(answers[0]);
        }

        Phase($"{referrals.Count} referrals posted, each to two instances");

        // Kill an instance that holds a lease (an inbox item or a delivery in flight), start it again, then another.
        var killed = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            var victim = await HolderAsync(database.ConnectionString, except: killed) ?? (round + 1) % Instances;
            killed.Add(InstanceId(victim, run: 0));
            running[victim]!.Kill();
            running[victim] = Launch(victim, run: 1, database.ConnectionString);
            Phase($"killed {killed[^1]}");
        }

        await Task.WhenAll(running.Select(p => p!.WaitReadyAsync(Startup)));
        Phase("restarted instances ready");
        await SettledAsync(database.ConnectionString, referrals.Count);
        Phase("settled");

        // At the partner: one Task, Appointment and Provenance per referral, the CommunicationRequests triage asks for, no duplicate.
        var expectedRequests = referrals.Sum(r => 2 + Samples.Triage(r.Sample).Missing.Count);
        Assert.Empty(partner.Duplicates());
        Assert.Equal(
            (referrals.Count, referrals.Count, referrals.Count, expectedRequests),
            (partner.Count("Task"), partner.Count("Appointment"), partner.Count("Provenance"), partner.Count("CommunicationRequest")));

        // In the store, and as each instance lists it.
        Assert.Equal(
            (referrals.Count, referrals.Count, (long)expectedRequests),
            (await CountAsync(database.ConnectionString, "Task"), await CountAsync(database.ConnectionString, "Appointment"),
                await CountAsync(database.ConnectionString, "CommunicationRequest")));
        var listings = await Task.WhenAll(running.Select(p => ListingAsync(http, p!, token)));
        Assert.Equal(announced.Select(t => t["Task/".Length..]).Order(StringComparer.Ordinal).ToList(), listings[0].Tasks.ToList());
        Assert.Equal(referrals.Count, listings[0].Appointments.Count);
        Assert.Equal(expectedRequests, listings[0].Requests.Count);
        Assert.All(listings, l => Assert.Equal(listings[0], l));
    }

    private ServiceProcess Launch(int instance, int run, string connectionString)
    {
        var data = Path.Combine(root, $"node-{instance}");
        var settings = WriteBackHost.Settings(partner, extra: new Dictionary<string, string>
        {
            ["Store:Provider"] = "postgres",
            ["Store:ConnectionString"] = connectionString,
            ["Store:InstanceId"] = InstanceId(instance, run),
            // Short leases: a killed instance's work is taken over within seconds (ADR 0015).
            ["Store:LeaseDuration"] = "00:00:03",
            ["Store:DataDirectory"] = data,
            ["Worker:IdlePoll"] = "00:00:00.050",
            ["Worker:RetryBaseDelay"] = "00:00:00.050",
            ["Serilog:MinimumLevel:Default"] = "Information", // the last lines of each instance go into a failure's message
            // One token signing key for all instances, as behind a load balancer: a token from one is good at every one.
            ["Authorization:SigningKeyPath"] = Path.Combine(root, "token-signing-key.pem"),
            [$"Authorization:Clients:{BoneMetsHost.Operator.ClientId}:JwksPath"] = BoneMetsHost.Operator.WriteJwks(data),
            [$"Authorization:Clients:{BoneMetsHost.Operator.ClientId}:Scopes"] = "system/*.cruds",
        });
        var process = ServiceProcess.Start($"instance {instance} (run {run})", settings);
        all.Add(process);
        return process;
    }

    private static string InstanceId(int instance, int run) => $"node-{instance}-run-{run}";

    private static async Task<string> TokenAsync(ServiceProcess instance)
    {
        using var client = new HttpClient { BaseAddress = instance.BaseAddress };
        return await BoneMetsHost.Operator.GetTokenAsync(client, BoneMetsHost.OperatorScopes);
    }

    /// <summary>Posts the message and returns the Task the answer announces (the answer must be 200).</summary>
    private async Task<string> PostAsync(HttpClient http, ServiceProcess instance, string token, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance.BaseAddress, "/fhir/$process-message"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{instance.Name}: {(int)response.StatusCode} {body}\n{Logs()}");
        return BoneMetsHost.AnnouncedTask(FhirJson.Parse<Bundle>(body));
    }

    /// <summary>An instance (index) holding a live lease on an inbox item or a delivery, polled for up to 30 s; null when none did.</summary>
    private static async Task<int?> HolderAsync(string connectionString, IReadOnlyCollection<string> except)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(10))
        {
            await using var command = new NpgsqlCommand(
                "SELECT claimed_by FROM inbox WHERE status = 'processing' UNION SELECT claimed_by FROM outbox_deliveries WHERE status = 'processing'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var holder = reader.GetString(0);
                if (!except.Contains(holder) && holder.EndsWith("-run-0", StringComparison.Ordinal))
                {
                    return int.Parse(holder["node-".Length..holder.IndexOf("-run", StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        return null;
    }

    /// <summary>Waits until every referral is done and no delivery is pending or in flight; then none may be parked.</summary>
    private async Task SettledAsync(string connectionString, int referrals)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string state = "";
        for (var deadline = DateTime.UtcNow + Settle; DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            await using var command = new NpgsqlCommand(
                "SELECT 'inbox ' || status || ' ' || COUNT(*) FROM inbox GROUP BY status UNION ALL " +
                "SELECT 'delivery ' || status || ' ' || COUNT(*) FROM outbox_deliveries GROUP BY status ORDER BY 1", connection);
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(reader.GetString(0));
                }
            }

            state = string.Join(", ", rows);
            var settled = rows.Contains($"inbox done {referrals}") && rows.All(r => r.StartsWith("inbox done", StringComparison.Ordinal) || r.StartsWith("delivery done", StringComparison.Ordinal));
            if (settled)
            {
                return;
            }

            if (rows.Any(r => r.Contains("parked", StringComparison.Ordinal)))
            {
                break;
            }
        }

        Assert.Fail($"Not settled: {state}\n{Logs()}");
    }

    private static async Task<long> CountAsync(string connectionString, string type)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM resources WHERE type = @t", connection);
        command.Parameters.AddWithValue("t", type);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Listing> ListingAsync(HttpClient http, ServiceProcess instance, string token) => new(
        await IdsAsync(http, instance, token, "Task"), await IdsAsync(http, instance, token, "Appointment"), await IdsAsync(http, instance, token, "CommunicationRequest"));

    /// <summary>Every id of a type as one instance's search lists it, following next links.</summary>
    private static async Task<IReadOnlyList<string>> IdsAsync(HttpClient http, ServiceProcess instance, string token, string type)
    {
        var ids = new List<string>();
        for (Uri? next = new(instance.BaseAddress, $"/fhir/{type}?_count=50"); next is not null;)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{instance.Name} GET {next}: {(int)response.StatusCode} {body}");
            var page = FhirJson.Parse<Bundle>(body);
            ids.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            next = page.NextLink is { } link ? new Uri(instance.BaseAddress, link.PathAndQuery) : null;
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    private void Phase(string what) => log.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");

    private string Logs() => string.Join("\n", all.Select(p => p.Output()));

    /// <summary>What one instance lists: ids, sorted. Records compare the lists by reference, so Equals is by content.</summary>
    private sealed record Listing(IReadOnlyList<string> Tasks, IReadOnlyList<string> Appointments, IReadOnlyList<string> Requests)
    {
        public bool Equals(Listing? other) =>
            other is not null && Tasks.SequenceEqual(other.Tasks) && Appointments.SequenceEqual(other.Appointments) && Requests.SequenceEqual(other.Requests);

        public override int GetHashCode() => Tasks.Count;
    }
}
