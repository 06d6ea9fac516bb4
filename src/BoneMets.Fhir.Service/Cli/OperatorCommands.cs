using System.CommandLine;
using System.Globalization;
using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>"parked" and "retry": what an operator needs for referrals that failed repeatedly. Safe beside a running service.</summary>
public static class OperatorCommands
{
    public static Task<int> ListParkedAsync(string[] args, TextWriter output) => BoneMetsCommandLine.InvokeAsync(["parked", .. args], Console.In, output, Console.Error);

    public static Task<int> RetryAsync(string[] args, TextWriter output) => BoneMetsCommandLine.InvokeAsync(["retry", .. args], Console.In, output, Console.Error);

    internal static Command ParkedCommand(CliContext cli)
    {
        var data = BoneMetsCommandLine.DataOption();
        var command = new Verb("parked", "List referrals parked after repeated failures, with their reasons.", "bonemets parked [--data DIR]") { data };
        command.SetAction(parsed => ListAsync(cli.ConfigurationWith(parsed, data), cli.Output));
        return command;
    }

    internal static Command RetryCommand(CliContext cli)
    {
        var sequence = new Argument<long>("N") { Description = "The parked referral's number, from 'bonemets parked'." };
        var data = BoneMetsCommandLine.DataOption();
        var command = new Verb("retry", "Put parked referral N back in the queue.", "bonemets retry N [--data DIR]  (N from 'bonemets parked')") { sequence, data };
        command.SetAction(parsed => RetryAsync(parsed.GetValue(sequence), cli.ConfigurationWith(parsed, data), cli.Output, cli.Error));
        return command;
    }

    private static async Task<int> ListAsync(string[] configuration, TextWriter output)
    {
        using var store = await OperatorStore.OpenAsync(configuration);
        var parked = await store.ListAsync(InboxStatus.Parked, CancellationToken.None);
        await output.WriteLineAsync($"{parked.Count} parked referral(s) in {store.Location}");
        foreach (var item in parked)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  #{item.Sequence}  received {item.ReceivedAt:u}  attempts {item.Attempts}  message {item.HeaderId}\n      reason: {item.LastError}"));
        }

        return 0;
    }

    private static async Task<int> RetryAsync(long sequence, string[] configuration, TextWriter output, TextWriter error)
    {
        using var store = await OperatorStore.OpenAsync(configuration);
        if (!await store.RetryAsync(sequence, CancellationToken.None))
        {
            await error.WriteLineAsync($"No parked referral #{sequence}.");
            return 1;
        }

        await output.WriteLineAsync($"Referral #{sequence} is back in the queue; a running service picks it up within its idle poll.");
        return 0;
    }
}
