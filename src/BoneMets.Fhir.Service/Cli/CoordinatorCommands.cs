using System.CommandLine;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Service.Coordinator;
using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>"coordinators add NAME": a local coordinator account for the worklist, its password read from standard input.</summary>
public static class CoordinatorCommands
{
    public const int MinimumPasswordLength = 12;

    public const string UsageLine = "bonemets coordinators add NAME [--data DIR]  (the password is read from standard input)";

    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error) =>
        BoneMetsCommandLine.InvokeAsync(["coordinators", .. args], input, output, error);

    internal static Command Command(CliContext cli)
    {
        var name = new Argument<string>("NAME") { Description = "The coordinator's sign-in name (at most 100 characters)." };
        name.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>() ?? string.Empty;
            if (value.Trim().Length == 0 || value.Length > 100 || value.StartsWith('-'))
            {
                r.AddError($"NAME must be 1 to 100 characters and not start with '-', not '{value}'.");
            }
        });
        var data = BoneMetsCommandLine.DataOption();
        var add = new Verb("add", "Add a local coordinator account for the worklist at /coordinator/ (or set a new password and unlock it); "
            + $"the password ({MinimumPasswordLength} characters or more) is read from standard input.", UsageLine) { name, data };
        add.SetAction(parsed => AddAsync(parsed.GetRequiredValue(name), parsed.GetValue(data), cli.Input, cli.Output, cli.Error));
        return new Verb("coordinators", "Local coordinator accounts for the worklist.", UsageLine) { add };
    }

    private static async Task<int> AddAsync(string given, string? dataDirectory, TextReader input, TextWriter output, TextWriter error)
    {
        var name = given.Trim();
        if (!Console.IsInputRedirected && ReferenceEquals(input, Console.In))
        {
            await output.WriteAsync($"Password for {name}: ");
        }

        var password = (await input.ReadLineAsync())?.TrimEnd('\r', '\n');
        if (password is null || password.Length < MinimumPasswordLength)
        {
            await error.WriteLineAsync($"The password must be at least {MinimumPasswordLength} characters (one line on standard input).");
            return 2;
        }

        var directory = dataDirectory ?? new StoreOptions().DataDirectory;
        var accounts = new CoordinatorAccounts(directory, new CoordinatorOptions(), TimeProvider.System);
        var created = await accounts.AddAsync(name, password, CancellationToken.None);
        await output.WriteLineAsync(created
            ? $"Coordinator {name} added to {accounts.DatabasePath}; sign in at /coordinator/."
            : $"Coordinator {name} already existed: the password is replaced and the account unlocked.");
        return 0;
    }
}
