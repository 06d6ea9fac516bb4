using System.CommandLine;
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
    public const string UsageLine = "bonemets triage FILE [--format json|text] [--now DATETIME] [--Triage:Key value ...]";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        BoneMetsCommandLine.InvokeAsync(["triage", .. args], Console.In, output, error);

    internal static Command Command(CliContext cli)
    {
        var file = new Argument<string>("FILE") { Description = "A referral message (Bundle type message) or a case document (Bundle type document)." };
        var format = new Option<string>("--format") { Description = "json (the default) or text.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "text");
        var now = new Option<DateTimeOffset?>("--now")
        {
            Description = "A fixed clock (e.g. 2025-03-01T09:00:00Z) for a reproducible deadline.",
            HelpName = "DATETIME",
            CustomParser = r => DateTimeOffset.TryParse(r.Tokens.Single().Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                ? instant.ToUniversalTime()
                : Fail(r, $"--now takes a date and time such as 2025-03-01T09:00:00Z, not '{r.Tokens.Single().Value}'."),
        };
        var command = new Verb("triage", "Triage a referral message or a case document and print the decision: urgency, deadline, routes, every "
            + "score, the missing inputs and the reasons. Exit 0 with a decision; 1 when the file cannot be read (OperationOutcome on stderr); "
            + "2 on usage errors.", UsageLine) { file, format, now };
        command.SetAction(parsed => ExecuteAsync(parsed.GetRequiredValue(file), parsed.GetRequiredValue(format), parsed.GetValue(now), [.. cli.Configuration], cli.Output, cli.Error));
        return command;
    }

    private static DateTimeOffset? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static async Task<int> ExecuteAsync(string file, string format, DateTimeOffset? now, string[] configuration, TextWriter output, TextWriter error)
    {
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

        var (consultCase, issues) = await ReadCaseAsync(file);
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

    private static string Describe(Resource resource) =>
        resource is Bundle bundle ? $"Bundle of type '{bundle.Type?.ToString().ToLowerInvariant() ?? "absent"}'" : resource.TypeName;
}
