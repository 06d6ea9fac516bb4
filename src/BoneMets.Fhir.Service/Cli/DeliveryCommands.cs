using System.Globalization;
using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "deliveries": the write-back outbox for an operator — list (all, or --parked), retry a parked delivery, or
/// discard one with a reason (its referral's later deliveries then flow). Safe beside a running service.
/// </summary>
public static class DeliveryCommands
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        switch (args.FirstOrDefault())
        {
            case "retry" when Sequence(args) is { } sequence:
            {
                using var store = await OperatorStore.OpenAsync(args);
                if (!await store.RetryDeliveryAsync(sequence, CancellationToken.None))
                {
                    await error.WriteLineAsync($"No parked delivery #{sequence}.");
                    return 1;
                }

                await output.WriteLineAsync($"Delivery #{sequence} is back in the queue; a running service sends it within its idle poll.");
                return 0;
            }

            case "discard" when Sequence(args) is { } sequence && BoneMetsCommandLine.OptionValue(args, "--reason") is { Length: > 0 } reason:
            {
                using var store = await OperatorStore.OpenAsync(args);
                if (!await store.DiscardDeliveryAsync(sequence, reason, CancellationToken.None))
                {
                    await error.WriteLineAsync($"No parked delivery #{sequence}.");
                    return 1;
                }

                await output.WriteLineAsync($"Delivery #{sequence} discarded; the referrer will not receive it.");
                return 0;
            }

            case null or "--parked" or "--data":
                return await ListAsync(args, output);
            default:
                await error.WriteLineAsync("Usage: bonemets deliveries [--parked] | deliveries retry N | deliveries discard N --reason TEXT  [--data DIR]");
                return 2;
        }
    }

    private static async Task<int> ListAsync(string[] args, TextWriter output)
    {
        using var store = await OperatorStore.OpenAsync(args);
        var parkedOnly = args.Contains("--parked");
        var deliveries = await store.ListDeliveriesAsync(parkedOnly ? DeliveryStatus.Parked : null, CancellationToken.None);
        await output.WriteLineAsync($"{deliveries.Count} {(parkedOnly ? "parked " : "")}delivery(ies) in {store.Location}");
        var unmatched = await store.CountUnmatchedAsync(CancellationToken.None);
        if (unmatched > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{unmatched} referral(s) from senders matching no partner: no write-back (log event 2051); configure the partner to answer them"));
        }

        await output.WriteLineAsync("  seq  referral  partner  channel  state  attempts  last error");
        foreach (var d in deliveries)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  #{d.Sequence}  {d.ReferralKey}  {d.PartnerId}  {d.Channel.ToString().ToLowerInvariant()}  {d.Status.ToString().ToLowerInvariant()}  {d.Attempts}  {d.LastError ?? "-"}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"      to {d.Target}, queued {d.CreatedAt:u} ({d.Reason})"));
        }

        return 0;
    }

    private static long? Sequence(string[] args) =>
        args.Length > 1 && long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
}
