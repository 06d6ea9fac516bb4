using System.CommandLine;
using System.Globalization;
using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "deliveries": the write-back outbox for an operator — list (all, or --parked), retry a parked delivery, or
/// discard one with a reason (its referral's later deliveries then flow). Safe beside a running service.
/// </summary>
public static class DeliveryCommands
{
    public const string UsageLine = "bonemets deliveries [--parked] | deliveries retry N | deliveries discard N --reason TEXT  [--data DIR]";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        BoneMetsCommandLine.InvokeAsync(["deliveries", .. args], Console.In, output, error);

    internal static Command Command(CliContext cli)
    {
        var parked = new Option<bool>("--parked") { Description = "Only the parked deliveries, with their reasons." };
        var data = BoneMetsCommandLine.DataOption();
        var command = new Verb("deliveries", "List write-back deliveries to partners (or only the parked ones, with their reasons).", UsageLine)
        {
            parked, data, Retry(cli), Discard(cli),
        };
        command.SetAction(parsed => ListAsync(parsed.GetValue(parked), cli.ConfigurationWith(parsed, data), cli.Output));
        return command;
    }

    private static Argument<long> Sequence() => new("N") { Description = "The parked delivery's number, from 'bonemets deliveries --parked'." };

    private static Verb Retry(CliContext cli)
    {
        var sequence = Sequence();
        var data = BoneMetsCommandLine.DataOption();
        var command = new Verb("retry", "Put parked delivery N back in the queue.", "bonemets deliveries retry N [--data DIR]") { sequence, data };
        command.SetAction(async parsed =>
        {
            var n = parsed.GetValue(sequence);
            using var store = await OperatorStore.OpenAsync(cli.ConfigurationWith(parsed, data));
            if (!await store.RetryDeliveryAsync(n, CancellationToken.None))
            {
                await cli.Error.WriteLineAsync($"No parked delivery #{n}.");
                return 1;
            }

            await cli.Output.WriteLineAsync($"Delivery #{n} is back in the queue; a running service sends it within its idle poll.");
            return 0;
        });
        return command;
    }

    private static Verb Discard(CliContext cli)
    {
        var sequence = Sequence();
        var reason = new Option<string>("--reason") { Description = "Why it is given up (kept with the delivery).", HelpName = "TEXT", Required = true };
        reason.Validators.Add(r => { if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>())) { r.AddError("--reason needs a text."); } });
        var data = BoneMetsCommandLine.DataOption();
        var command = new Verb("discard", "Give up parked delivery N (the reason is kept); the referral's later deliveries then flow.",
            "bonemets deliveries discard N --reason TEXT [--data DIR]") { sequence, reason, data };
        command.SetAction(async parsed =>
        {
            var n = parsed.GetValue(sequence);
            using var store = await OperatorStore.OpenAsync(cli.ConfigurationWith(parsed, data));
            if (!await store.DiscardDeliveryAsync(n, parsed.GetRequiredValue(reason), CancellationToken.None))
            {
                await cli.Error.WriteLineAsync($"No parked delivery #{n}.");
                return 1;
            }

            await cli.Output.WriteLineAsync($"Delivery #{n} discarded; the referrer will not receive it.");
            return 0;
        });
        return command;
    }

    private static async Task<int> ListAsync(bool parkedOnly, string[] configuration, TextWriter output)
    {
        using var store = await OperatorStore.OpenAsync(configuration);
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
}
