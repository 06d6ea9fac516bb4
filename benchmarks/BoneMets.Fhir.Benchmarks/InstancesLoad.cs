using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// Issue 12: referrals per second end to end (posted → triaged → committed) through the built service, as separate
/// processes on one store: one, two and four instances on one PostgreSQL database, and one on SQLite, in one run; the
/// senders spread referrals round-robin over the instances, the partner (<see cref="StubPartner"/>, shared) answers
/// every gathering read after a fixed latency. Commit latency per referral is the store's own record (the inbox row's
/// completed_at − received_at), the rate the span from the first acceptance to the last commit; memory is each
/// instance's peak RSS (VmHWM). Write-back is off: the rows measure intake, gathering, triage and the commit.
/// </summary>
internal static class InstancesLoad
{
    public static async Task RunAsync(string serviceDll, string postgres, StubPartner stub, int latencyMs, LoadDriver messages, IReadOnlyList<int> counts, int referrals, CancellationToken cancellationToken)
    {
        Console.WriteLine($"instances: {referrals} referrals a row (sample 08, gathered from the partner at {latencyMs} ms a request), " +
            $"8 senders, {Environment.ProcessorCount} cores, load average {HostileLoad.LoadAverage()}");
        Console.WriteLine("| store | instances | referrals | referrals/s | p50 commit ms | p99 commit ms | peak RSS MB per instance |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var rows = new List<(string Store, int Instances, double PerSecond)>();
        var serial = 0;
        foreach (var (store, instances) in new[] { ("sqlite", 1) }.Concat(counts.Select(c => ("postgres", c))))
        {
            var row = await RowAsync(serviceDll, store, instances, postgres, stub, () => messages.Body(Interlocked.Increment(ref serial)), referrals, cancellationToken);
            rows.Add((store, instances, row.PerSecond));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {store} | {instances} | {referrals} | {row.PerSecond:F1} | {row.P50:F0} | {row.P99:F0} | {string.Join(", ", row.PeakRssMb)} |"));
        }

        var one = rows.First(r => r is { Store: "postgres", Instances: 1 }).PerSecond;
        Console.WriteLine(string.Join("; ", rows.Where(r => r.Store == "postgres" && r.Instances > 1)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Instances} instances / 1: {r.PerSecond / one:F2}x"))) +
            string.Create(CultureInfo.InvariantCulture, $"; PostgreSQL / SQLite, one instance: {one / rows[0].PerSecond:F2}x; load average {HostileLoad.LoadAverage()}"));
    }

    private sealed record Row(double PerSecond, double P50, double P99, IReadOnlyList<long> PeakRssMb);

    private static async Task<Row> RowAsync(string serviceDll, string store, int count, string postgres, StubPartner stub, Func<string> next, int referrals,
        CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("bonemets-instances-").FullName; // shared: the token signing key and the demo client's key
        var database = store == "postgres" ? await CreateDatabaseAsync(postgres, cancellationToken) : null;
        var instances = new List<ServiceProcess>();
        try
        {
            // The first creates the keys in the shared folder and migrates the database; the others start on both.
            instances.Add(await StartAsync(serviceDll, 0, data, database, stub, cancellationToken));
            instances.AddRange(await Task.WhenAll(Enumerable.Range(1, count - 1).Select(i => StartAsync(serviceDll, i, data, database, stub, cancellationToken))));

            await SendAsync(instances, Enumerable.Range(0, 4 * count).Select(_ => next()).ToList(), cancellationToken); // warm-up: JIT, statements, pools
            await WaitCommittedAsync(store, data, database, 4 * count, cancellationToken);
            var before = (await CommitsAsync(store, data, database, cancellationToken)).Select(c => c.Seq).ToHashSet();
            await SendAsync(instances, Enumerable.Range(0, referrals).Select(_ => next()).ToList(), cancellationToken);
            await WaitCommittedAsync(store, data, database, 4 * count + referrals, cancellationToken);
            var commits = (await CommitsAsync(store, data, database, cancellationToken)).Where(c => !before.Contains(c.Seq)).ToList();
            var span = (commits.Max(c => c.CompletedAt) - commits.Min(c => c.ReceivedAt)) / 1000.0;
            var latencies = commits.Select(c => (double)(c.CompletedAt - c.ReceivedAt)).ToList();
            return new Row(commits.Count / span, IntakeLoad.P(latencies, 0.5), IntakeLoad.P(latencies, 0.99), [.. instances.Select(i => i.Memory().PeakMb)]);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            if (database is not null)
            {
                await DropDatabaseAsync(postgres, database, CancellationToken.None);
            }

            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>One instance on a free loopback port: the store and the partner by configuration, as an operator sets them.</summary>
    private static Task<ServiceProcess> StartAsync(string serviceDll, int index, string data, string? database, StubPartner stub, CancellationToken cancellationToken)
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}";
        probe.Stop();
        return ServiceProcess.StartAsync(serviceDll, url, new Dictionary<string, string>
        {
            ["Store:Provider"] = database is null ? "sqlite" : "postgres",
            ["Store:ConnectionString"] = database ?? "",
            ["Store:InstanceId"] = $"bench-{index}",
            ["Program:PublicBaseUrl"] = "http://localhost:5080/fhir", // one issuer and audience for every instance's tokens
            ["Partners:stub:BaseUrl"] = stub.BaseUrl,
            ["Partners:stub:SenderIdentifier"] = "http://hospital.example.org/organization|WCH",
            ["Partners:stub:Limits:MaxConcurrency"] = "64",
            ["Partners:stub:Limits:RequestsPerSecond"] = "10000",
        }, cancellationToken, sharedData: data);
    }

    /// <summary>Eight senders, each posting to the next instance in turn and waiting for its answer.</summary>
    private static async Task SendAsync(IReadOnlyList<ServiceProcess> instances, IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<string>(bodies);
        var turn = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var body))
            {
                var index = Interlocked.Increment(ref turn) % instances.Count;
                using var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");
                using var response = await instances[index].Client.PostAsync(new Uri("/fhir/$process-message", UriKind.Relative), content, cancellationToken);
                if ((int)response.StatusCode != 200)
                {
                    throw new InvalidOperationException($"instance {index} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
        }, cancellationToken)));
    }

    private sealed record Commit(long Seq, long ReceivedAt, long CompletedAt);

    private static async Task WaitCommittedAsync(string store, string data, string? database, int total, CancellationToken cancellationToken)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(20); DateTime.UtcNow < deadline; await Task.Delay(100, cancellationToken))
        {
            if ((await CommitsAsync(store, data, database, cancellationToken)).Count >= total)
            {
                return;
            }
        }

        throw new TimeoutException($"{total} referrals were not committed within 20 minutes.");
    }

    /// <summary>The inbox's done rows: when each was accepted and when its commit completed (Unix ms, both stores).</summary>
    private static async Task<List<Commit>> CommitsAsync(string store, string data, string? database, CancellationToken cancellationToken)
    {
        const string Sql = "SELECT seq, received_at, completed_at FROM inbox WHERE status = 'done'";
        var commits = new List<Commit>();
        if (store == "postgres")
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(Sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                commits.Add(new Commit(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }
        else
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "bonemets.db")};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(cancellationToken);
            await using var command = new SqliteCommand(Sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                commits.Add(new Commit(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        return commits;
    }

    private static async Task<string> CreateDatabaseAsync(string server, CancellationToken cancellationToken)
    {
        var name = "bonemets_bench_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string server, string database, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }
}
