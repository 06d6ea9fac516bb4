using System.CommandLine;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Service.Auth;
using BoneMets.Fhir.Store;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "token": an access token for the local demo client from a running service's token endpoint (discovery, a client
/// assertion signed with the demo key in the data directory), printed alone so that <c>TOKEN=$(bonemets token)</c>
/// works. Exit 1 when the service cannot be reached or refuses; 2 on usage errors.
/// </summary>
public static class TokenCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        BoneMetsCommandLine.InvokeAsync(["token", .. args], Console.In, output, error);

    internal static Command Command(CliContext cli)
    {
        var scope = new Option<string>("--scope") { Description = $"The scopes to ask for (default: {LocalDemoClient.Scopes}).", HelpName = "SCOPES" };
        var url = new Option<string>("--url")
        {
            Description = "The service's FHIR base (default Program:PublicBaseUrl, else http://localhost:5080/fhir).", HelpName = "FHIR_BASE",
        };
        var data = BoneMetsCommandLine.DataOption();
        var command = new Verb("token", "Print an access token for the local demo client from a running service (registered while no client is "
            + "configured; its key is in the data directory). Use it as: curl -H \"Authorization: Bearer $(bonemets token)\" ...",
            "bonemets token [--scope SCOPES] [--url FHIR_BASE] [--data DIR]") { scope, url, data };
        command.SetAction(parsed => ExecuteAsync(parsed.GetValue(scope), parsed.GetValue(url), cli.ConfigurationWith(parsed, data), cli.Output, cli.Error));
        return command;
    }

    private static async Task<int> ExecuteAsync(string? scopeAsked, string? urlGiven, string[] configurationArgs, TextWriter output, TextWriter error)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(configurationArgs)
            .Build();
        var data = configuration["Store:DataDirectory"] ?? new StoreOptions().DataDirectory;
        var fhirBase = urlGiven ?? configuration["Program:PublicBaseUrl"] ?? "http://localhost:5080/fhir";
        var scope = scopeAsked ?? LocalDemoClient.Scopes;
        if (!Uri.TryCreate(fhirBase.TrimEnd('/'), UriKind.Absolute, out var baseUri))
        {
            await error.WriteLineAsync($"'{fhirBase}' is not an absolute URL of the service's FHIR base (e.g. http://localhost:5080/fhir).");
            return 2;
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await output.WriteLineAsync(await LocalDemoClient.GetTokenAsync(http, baseUri, data, scope, TimeProvider.System, CancellationToken.None));
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or System.Text.Json.JsonException)
        {
            await error.WriteLineAsync($"No token from {baseUri}: {e.Message}");
            return 1;
        }
    }
}
