using System.CommandLine;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Store.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "db migrate" and "db status": the store's schema for an operator (ADR 0019) — on PostgreSQL the versioned scripts,
/// applied under the same advisory lock the service takes at startup (safe beside running instances); on SQLite the
/// schema the store creates or extends when it opens. Exit 0 done, 1 when the database refused, 2 on usage or configuration.
/// </summary>
public static class DbCommands
{
    public const string UsageLine = "bonemets db migrate | db status  [--data DIR | --Store:Provider postgres --Store:ConnectionString CS]";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        BoneMetsCommandLine.InvokeAsync(["db", .. args], Console.In, output, error);

    internal static Command Command(CliContext cli) => new Verb("db", "The store's schema (ADR 0019). The store is the one the service is configured "
        + "with (appsettings.json, Store__* environment variables).", UsageLine)
    {
        Step(cli, "migrate", "Bring the store's schema up to date: on PostgreSQL the versioned migrations (under the advisory lock the service "
            + "takes at startup, so it is safe beside running instances); on SQLite the schema it opens with. Exit 0 when up to date; 1 when "
            + "the database refused (the failed script is rolled back); 2 on usage errors."),
        Step(cli, "status", "List the migrations applied and pending."),
    };

    private static Verb Step(CliContext cli, string verb, string description)
    {
        var data = BoneMetsCommandLine.DataOption();
        var command = new Verb(verb, description, $"bonemets db {verb} [--data DIR | --Store:Provider postgres --Store:ConnectionString CS]") { data };
        command.SetAction(parsed => ExecuteAsync(verb, cli.ConfigurationWith(parsed, data), cli.Output, cli.Error));
        return command;
    }

    private static async Task<int> ExecuteAsync(string verb, string[] configuration, TextWriter output, TextWriter error)
    {
        var options = OperatorStore.Options(configuration);
        if (StoreProviders.Problems(options) is { Count: > 0 } problems)
        {
            await error.WriteLineAsync(string.Join(Environment.NewLine, problems));
            return 2;
        }

        try
        {
            return StoreProviders.IsPostgres(options)
                ? await PostgresAsync(verb, options.ConnectionString!, output)
                : await SqliteAsync(verb, options, output);
        }
        catch (Exception e) when (e is StoreMigrationException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or OptionsValidationException)
        {
            await error.WriteLineAsync($"The store refused: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> PostgresAsync(string verb, string connectionString, TextWriter output)
    {
        if (verb == "status")
        {
            var status = await PostgresMigrations.StatusAsync(connectionString, CancellationToken.None);
            await output.WriteLineAsync($"{status.Executed.Count} migration(s) applied, {status.Pending.Count} pending");
            foreach (var script in status.Executed)
            {
                await output.WriteLineAsync($"  applied  {script}");
            }

            foreach (var script in status.Pending)
            {
                await output.WriteLineAsync($"  pending  {script}");
            }

            return 0;
        }

        var result = await PostgresMigrations.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        await output.WriteLineAsync(result.Applied.Count == 0
            ? $"Up to date: {result.Executed.Count} migration(s) applied, the latest {(result.Executed.Count > 0 ? result.Executed[^1] : "(none)")}."
            : $"Applied {result.Applied.Count} migration(s): {string.Join(", ", result.Applied)}.");
        return 0;
    }

    /// <summary>SQLite keeps its schema in code (Store/Schema.cs) until it moves to versioned scripts too: opening applies it.</summary>
    private static async Task<int> SqliteAsync(string verb, StoreOptions options, TextWriter output)
    {
        using var store = await StoreProviders.OpenForOperatorAsync(options, CancellationToken.None);
        await output.WriteLineAsync(verb == "status"
            ? $"SQLite store {store.Location}: its schema is applied whenever it is opened (no versioned scripts yet)."
            : $"SQLite store {store.Location}: schema created or brought up to date.");
        return 0;
    }
}
