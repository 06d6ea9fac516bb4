namespace BoneMets.Fhir.Service.Cli;

/// <summary>The verbs of the bonemets executable. "serve" is the default.</summary>
public static class BoneMetsCommandLine
{
    public const string Usage = """
        bonemets — FHIR integration service for bone and spine metastasis programs

        Usage:
          bonemets [serve] [--urls URL] [--data DIR] [--Section:Key value ...]
              Run the service: $process-message intake, the background pipeline and the FHIR read API.
              --urls  where to listen (default http://localhost:5080; off loopback only once Authorization:Clients are
                      registered, and plain HTTP there only behind a proxy declared in ForwardedHeaders:KnownProxies)
              --data  directory of the embedded SQLite store (default ./data); Store:Provider postgres with
                      Store:ConnectionString puts the data in PostgreSQL instead, shared by several instances
          bonemets token [--scope SCOPES] [--url FHIR_BASE] [--data DIR]
              Print an access token for the local demo client from a running service (registered while no client is
              configured; its key is in the data directory). Use it as: curl -H "Authorization: Bearer $(bonemets token)" ...
          bonemets demo [--samples DIR]
              Run the real pipeline over the sample referrals on a throwaway store and print each outcome.
          bonemets parked [--data DIR]
              List referrals parked after repeated failures, with their reasons.
          bonemets retry N [--data DIR]
              Put parked referral N back in the queue.
          bonemets deliveries [--parked] [--data DIR]
              List write-back deliveries to partners (or only the parked ones, with their reasons).
          bonemets deliveries retry N [--data DIR]
              Put parked delivery N back in the queue.
          bonemets deliveries discard N --reason TEXT [--data DIR]
              Give up parked delivery N (the reason is kept); the referral's later deliveries then flow.
          bonemets partners check ID [--Section:Key value ...]
              Probe partner ID's write-back server (harmless requests only) before enabling write-back: transactions,
              conditional create/update, If-Match, identifier and _tag search; prints what the service does where not.
          bonemets triage FILE [--format json|text] [--now DATETIME] [--Triage:Key value ...]
              Triage a referral message or a case document (Bundle type document) and print the decision:
              urgency, deadline, routes, every score, the missing inputs and the reasons. JSON by default.
              --now  a fixed clock (e.g. 2025-03-01T09:00:00Z) for a reproducible deadline
              Exit 0 with a decision; 1 when the file cannot be read (OperationOutcome on stderr); 2 on usage errors.
          bonemets validate FILE... [--format json|text] [--message | --written-back]
              Validate FHIR JSON files as the service does: strict parsing, the referral contract for a Bundle (other
              than a case document), then the project's profiles (docs/validation.md). Prints the OperationOutcome (JSON
              by default; a collection Bundle of them for several files).
              --message       judge every file as a body posted to $process-message (a Patient alone is then invalid)
              --written-back  judge the files as the service's own output (a Task is then the write-back Task)
              Exit 0 when every file is valid (warnings allowed); 1 when one is not; 2 on usage errors.
          bonemets coordinators add NAME [--data DIR]
              Add a local coordinator account for the worklist at /coordinator/ (or set a new password and unlock it);
              the password (12 characters or more) is read from standard input.
          bonemets db migrate [--data DIR | --Store:Provider postgres --Store:ConnectionString CS]
              Bring the store's schema up to date: on PostgreSQL the versioned migrations (under the advisory lock the
              service takes at startup, so it is safe beside running instances); on SQLite the schema it opens with.
              The store is the one the service is configured with (appsettings.json, Store__* environment variables).
              Exit 0 when up to date; 1 when the database refused (the failed script is rolled back); 2 on usage errors.
          bonemets db status [...]
              List the migrations applied and pending.
          bonemets help
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        switch (verb)
        {
            case "serve":
                return await ServeCommand.RunAsync(rest);
            case "token":
                return await TokenCommand.RunAsync(rest, Console.Out, Console.Error);
            case "demo":
                return await DemoCommand.RunAsync(rest, Console.Out);
            case "parked":
                return await OperatorCommands.ListParkedAsync(rest, Console.Out);
            case "retry":
                return await OperatorCommands.RetryAsync(rest, Console.Out);
            case "deliveries":
                return await DeliveryCommands.RunAsync(rest, Console.Out, Console.Error);
            case "partners":
                return await PartnerCommands.RunAsync(rest, Console.Out, Console.Error);
            case "triage":
                return await TriageCommand.RunAsync(rest, Console.Out, Console.Error);
            case "validate":
                return await ValidateCommand.RunAsync(rest, Console.Out, Console.Error);
            case "db":
                return await DbCommands.RunAsync(rest, Console.Out, Console.Error);
            case "coordinators":
                return await CoordinatorCommands.RunAsync(rest, Console.In, Console.Out, Console.Error);
            case "help" or "--help" or "-h":
                Console.Out.WriteLine(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown verb '{verb}'.\n\n{Usage}");
                return 2;
        }
    }

    /// <summary>Maps the short <c>--data DIR</c> to the configuration key the store reads.</summary>
    internal static string[] WithConfigurationKeys(string[] args) =>
        args.Select(a => a is "--data" ? "--Store:DataDirectory" : a.StartsWith("--data=", StringComparison.Ordinal) ? "--Store:DataDirectory=" + a[7..] : a).ToArray();

    internal static string? OptionValue(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
    }
}
