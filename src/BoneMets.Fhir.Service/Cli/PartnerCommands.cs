using System.CommandLine;
using BoneMets.Fhir.Deliveries;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;
using BoneMets.Fhir.WriteBack;
using Microsoft.Extensions.DependencyInjection;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "partners check ID": probes a configured partner's write-back server (harmless requests only, through the partner's
/// own write-back client: its auth, limits and resilience) and prints what delivery needs, what is supported, and what
/// the service does where it is not. Exit 0 when transactions work, 1 when they do not, 2 on usage errors.
/// </summary>
public static class PartnerCommands
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        BoneMetsCommandLine.InvokeAsync(["partners", .. args], Console.In, output, error);

    internal static Command Command(CliContext cli)
    {
        var id = new Argument<string>("ID") { Description = "The partner's id in the configuration." };
        var check = new Verb("check", "Probe partner ID's write-back server (harmless requests only) before enabling write-back: transactions, "
            + "conditional create/update, If-Match, identifier and _tag search; prints what the service does where not.",
            "bonemets partners check ID [--Section:Key value ...]") { id };
        check.SetAction(parsed => CheckAsync(parsed.GetRequiredValue(id), [.. cli.Configuration], cli.Output, cli.Error));
        return new Verb("partners", "The partners the service gathers from and writes back to.", "bonemets partners check ID [--Section:Key value ...]") { check };
    }

    private static async Task<int> CheckAsync(string id, string[] configuration, TextWriter output, TextWriter error)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configuration, ContentRootPath = AppContext.BaseDirectory });
        var partners = builder.Configuration.GetSection(PartnersOptions.Section).Get<PartnersOptions>() ?? new PartnersOptions();
        if (!partners.TryGetValue(id, out var partner))
        {
            await error.WriteLineAsync($"No partner '{id}' under Partners (Partners:{id}).");
            return 2;
        }

        if (partner.WriteBack.FhirBase(partner) is not { } fhirBase)
        {
            await error.WriteLineAsync($"Partner '{id}' has no FHIR server (Partners:{id}:BaseUrl or WriteBack:BaseUrl): it only posts messages, so there is nothing to check.");
            return 2;
        }

        builder.Services.AddSingleton(partners).AddSingleton(new GatherOptions()).AddPartnerGathering(partners);
        await using var services = builder.Services.BuildServiceProvider();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(PartnerHttp.ClientName(id, PartnerChannel.WriteBack));
        var findings = await PartnerProbe.CheckAsync(client, fhirBase, CancellationToken.None);
        await output.WriteLineAsync($"Partner {id}: write-back server {fhirBase} (WriteBack:Enabled = {partner.WriteBack.Enabled.ToString().ToLowerInvariant()})");
        foreach (var finding in findings)
        {
            var verdict = finding.Supported switch { true => "supported", false => "NOT supported", null => "not declared" };
            await output.WriteLineAsync($"  {finding.Need}: {verdict} ({finding.Evidence})");
            if (finding.Supported != true)
            {
                await output.WriteLineAsync($"      the service then: {finding.Otherwise}");
            }
        }

        return findings.Single(f => f.Need == "transactions").Supported == true ? 0 : 1;
    }
}
