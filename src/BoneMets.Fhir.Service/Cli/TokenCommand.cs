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
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(BoneMetsCommandLine.WithConfigurationKeys(Without(args, "--scope", "--url")))
            .Build();
        var data = configuration["Store:DataDirectory"] ?? new StoreOptions().DataDirectory;
        var fhirBase = BoneMetsCommandLine.OptionValue(args, "--url") ?? configuration["Program:PublicBaseUrl"] ?? "http://localhost:5080/fhir";
        var scope = BoneMetsCommandLine.OptionValue(args, "--scope") ?? LocalDemoClient.Scopes;
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

    /// <summary>The arguments without this verb's own options (and their values), which are not configuration keys.</summary>
    private static string[] Without(string[] args, params string[] names)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (names.Contains(args[i]))
            {
                i++;
            }
            else if (!names.Any(n => args[i].StartsWith(n + "=", StringComparison.Ordinal)))
            {
                kept.Add(args[i]);
            }
        }

        return [.. kept];
    }
}
