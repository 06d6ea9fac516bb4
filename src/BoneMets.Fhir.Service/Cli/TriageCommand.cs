using System.Globalization;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "triage FILE [--format json|text] [--now DATETIME] [--Triage:Key value ...]": the triage of one referral message
/// or case document, printed — the same registrations, configuration and engine as the service, without a store.
/// Exit 0 when a decision was made; 1 when the input cannot be read (an OperationOutcome on stderr); 2 on a usage
/// or configuration error. <c>--now</c> fixes the clock, so the output is reproducible.
/// </summary>
public static class TriageCommand
{
    public const string UsageLine = "Usage: bonemets triage FILE [--format json|text] [--now DATETIME] [--Triage:Key value ...]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var (file, format, now, configuration, problem) = Parse(args);
        if (problem is not null)
        {
            await error.WriteLineAsync($"{problem}\n{UsageLine}");
            return 2;
        }

        ScoreTriage triage;
        try
        {
            triage = Engine(configuration);
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"Configuration is not valid: {string.Join(" ", e.Failures)}");
            return 2;
        }

        var (consultCase, issues) = await ReadCaseAsync(file!);
        if (consultCase is null)
        {
            await error.WriteLineAsync(FhirJson.Serialize(Outcomes.Of(issues)));
            return 1;
        }

        var scored = triage.Evaluate(consultCase, now ?? TimeProvider.System.GetUtcNow());
        await output.WriteLineAsync(format == "text" ? TriageReport.Text(scored, consultCase, triage.Method) : TriageReport.Json(scored, consultCase, triage.Method));
        return 0;
    }

    /// <summary>A message goes through the intake contract and the gather stage; a document is read as the case it holds.</summary>
    internal static async Task<(ConsultCase? Case, IReadOnlyList<OperationOutcome.IssueComponent> Issues)> ReadCaseAsync(string file)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [Outcomes.Error(IssueType.NotFound, null, $"Cannot read '{file}': {e.Message}")]);
        }

        var parsed = FhirJson.TryParse(json);
        if (!parsed.Succeeded)
        {
            return (null, parsed.Issues);
        }

        if (parsed.Resource is Bundle { Type: Bundle.BundleType.Document } document)
        {
            var read = CaseDocumentReader.Read(document);
            return (read.Case, read.Issues);
        }

        if (parsed.Resource is not Bundle { Type: Bundle.BundleType.Message })
        {
            return (null, [Outcomes.Error(IssueType.NotSupported, parsed.Resource!.TypeName,
                $"'{file}' holds a {Describe(parsed.Resource)}; triage reads a referral message (Bundle type message) or a case document (Bundle type document).")]);
        }

        var message = ReferralMessageReader.Read(parsed.Resource);
        if (message.Message is null)
        {
            return (null, message.Issues);
        }

        var context = await new MessageContextSource().GatherAsync(message.Message, CancellationToken.None);
        return (CaseAssembler.Assemble(context), message.Issues);
    }

    /// <summary>The service's own registrations and configuration (appsettings, environment, --Section:Key arguments).</summary>
    private static ScoreTriage Engine(string[] configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configuration });
        builder.Logging.ClearProviders();
        builder.Configuration["Worker:Enabled"] = "false";
        builder.Services.AddBoneMetsPipeline(builder.Configuration);
        using var host = builder.Build();
        return host.Services.GetRequiredService<ScoreTriage>();
    }

    private static (string? File, string Format, DateTimeOffset? Now, string[] Configuration, string? Problem) Parse(string[] args)
    {
        string? file = null;
        var format = "json";
        DateTimeOffset? now = null;
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (arg)
            {
                case "--format":
                    format = Value() ?? string.Empty;
                    if (format is not ("json" or "text"))
                    {
                        return (null, format, null, [], $"--format takes json or text, not '{format}'.");
                    }

                    break;
                case "--now":
                    var text = Value();
                    if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                    {
                        return (null, format, null, [], $"--now takes a date and time such as 2025-03-01T09:00:00Z, not '{text}'.");
                    }

                    now = instant.ToUniversalTime();
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    configuration.Add(option);
                    if (!option.Contains('=', StringComparison.Ordinal) && Value() is { } value)
                    {
                        configuration.Add(value);
                    }

                    break;
                case var _ when file is null:
                    file = arg;
                    break;
                default:
                    return (null, format, null, [], $"One file at a time: '{arg}' follows '{file}'.");
            }
        }

        return file is null ? (null, format, now, [], "No file given.") : (file, format, now, [.. configuration], null);
    }

    private static string Describe(Resource resource) =>
        resource is Bundle bundle ? $"Bundle of type '{bundle.Type?.ToString().ToLowerInvariant() ?? "absent"}'" : resource.TypeName;
}
