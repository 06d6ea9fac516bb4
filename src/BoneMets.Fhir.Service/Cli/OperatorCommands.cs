using System.Globalization;
using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>"parked" and "retry": what an operator needs for referrals that failed repeatedly. Safe beside a running service.</summary>
public static class OperatorCommands
{
    public static async Task<int> ListParkedAsync(string[] args, TextWriter output)
    {
        using var store = await OperatorStore.OpenAsync(args);
        var parked = await store.ListAsync(InboxStatus.Parked, CancellationToken.None);
        await output.WriteLineAsync($"{parked.Count} parked referral(s) in {store.Location}");
        foreach (var item in parked)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  #{item.Sequence}  received {item.ReceivedAt:u}  attempts {item.Attempts}  message {item.HeaderId}\n      reason: {item.LastError}"));
        }

        return 0;
    }

    public static async Task<int> RetryAsync(string[] args, TextWriter output)
    {
        if (args.Length == 0 || !long.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            await Console.Error.WriteLineAsync("Usage: bonemets retry N [--data DIR]  (N from 'bonemets parked')");
            return 2;
        }

        using var store = await OperatorStore.OpenAsync(args[1..]);
        if (!await store.RetryAsync(sequence, CancellationToken.None))
        {
            await Console.Error.WriteLineAsync($"No parked referral #{sequence}.");
            return 1;
        }

        await output.WriteLineAsync($"Referral #{sequence} is back in the queue; a running service picks it up within its idle poll.");
        return 0;
    }
}
