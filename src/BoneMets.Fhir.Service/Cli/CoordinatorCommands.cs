using BoneMets.Fhir.Options;
using BoneMets.Fhir.Service.Coordinator;
using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>"coordinators add NAME": a local coordinator account for the worklist, its password read from standard input.</summary>
public static class CoordinatorCommands
{
    public const int MinimumPasswordLength = 12;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || args[0] != "add" || args[1].StartsWith('-') || args[1].Trim().Length == 0 || args[1].Length > 100)
        {
            await error.WriteLineAsync("Usage: bonemets coordinators add NAME [--data DIR]  (the password is read from standard input)");
            return 2;
        }

        var name = args[1].Trim();
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

        var directory = BoneMetsCommandLine.OptionValue(args, "--data") ?? new StoreOptions().DataDirectory;
        var accounts = new CoordinatorAccounts(directory, new CoordinatorOptions(), TimeProvider.System);
        var created = await accounts.AddAsync(name, password, CancellationToken.None);
        await output.WriteLineAsync(created
            ? $"Coordinator {name} added to {accounts.DatabasePath}; sign in at /coordinator/."
            : $"Coordinator {name} already existed: the password is replaced and the account unlocked.");
        return 0;
    }
}
