using System.CommandLine;
using BoneMets.Fhir.Service.Api;
using BoneMets.Fhir.Service.Coordinator;
using Serilog;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "serve": the Serilog-hosting shape — bootstrap logger, build, refuse non-loopback addresses until partner
/// authentication exists, run; a refused configuration is logged (each problem with its key) and exits 2, any other
/// fatal error is logged and exits 1; logs are always flushed.
/// </summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://localhost:5080";

    public static Task<int> RunAsync(string[] args) => BoneMetsCommandLine.InvokeAsync(["serve", .. args], Console.In, Console.Out, Console.Error);

    internal static Command Command(CliContext cli)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (default " + DefaultUrls + "; off loopback only once Authorization:Clients are registered, "
                + "and plain HTTP there only behind a proxy declared in ForwardedHeaders:KnownProxies).",
            HelpName = "URL",
        };
        var data = BoneMetsCommandLine.DataOption();
        var command = new Verb("serve", "Run the service: $process-message intake, the background pipeline and the FHIR read API. "
            + "Store:Provider postgres with Store:ConnectionString puts the data in PostgreSQL instead, shared by several instances.",
            "bonemets [serve] [--urls URL] [--data DIR] [--Section:Key value ...]") { urls, data };
        command.SetAction(parsed => ExecuteAsync(
            [.. cli.ConfigurationWith(parsed, data), .. parsed.GetValue(urls) is { } listen ? new[] { "--urls", listen } : []]));
        return command;
    }

    /// <summary>Runs the host with these configuration arguments (<c>--Section:Key value</c>, <c>--urls</c>).</summary>
    private static async Task<int> ExecuteAsync(string[] hostArgs)
    {
        Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
        try
        {
            // appsettings.json sits next to the executable: read it wherever the service is started from (the data
            // directory stays relative to the working directory).
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = hostArgs,
                ContentRootPath = AppContext.BaseDirectory,
            });
            if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
            {
                builder.WebHost.UseUrls(DefaultUrls);
            }

            if (LoopbackGuard.Refusal(builder.Configuration) is { } refusal)
            {
                await Console.Error.WriteLineAsync(refusal);
                return 2;
            }

            var app = builder.AddBoneMetsService().AddCoordinatorWorklist().Build();
            app.MapBoneMetsApi().MapCoordinatorWorklist();
            await app.RunAsync();
            return 0;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            // A configuration the service refuses (ValidateOnStart): each problem names its key; no stack trace.
            Log.Fatal("BoneMets.Fhir refused its configuration: {Problems}", string.Join(" | ", e.Failures));
            return 2;
        }
        catch (Exception e) when (e is not HostAbortedException)
        {
            Log.Fatal(e, "BoneMets.Fhir stopped on an unexpected error");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
