using System.CommandLine;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace BoneMets.Fhir.Service.Cli;

/// <summary>
/// "validate FILE... [--format json|text] [--message | --written-back]": each file as the service would judge it —
/// Firely's strict parse, for a Bundle other than a case document (or, with --message, for any file: a body posted to
/// $process-message) the referral contract, then the project's profiles (docs/validation.md).
/// Prints one OperationOutcome per file (JSON: the OperationOutcome, or a collection Bundle of them for several files).
/// Exit 0 when no file has an error, 1 when one has (or cannot be read), 2 on a usage error.
/// </summary>
public static class ValidateCommand
{
    public const string UsageLine = "bonemets validate FILE... [--format json|text] [--message | --written-back]";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        BoneMetsCommandLine.InvokeAsync(["validate", .. args], Console.In, output, error);

    internal static Command Command(CliContext cli)
    {
        var files = new Argument<string[]>("FILE") { Description = "FHIR JSON files.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "json (the default: the OperationOutcome, or a collection Bundle of them for several files) or text.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "text");
        var message = new Option<bool>("--message") { Description = "Judge every file as a body posted to $process-message (a Patient alone is then invalid)." };
        var writtenBack = new Option<bool>("--written-back") { Description = "Judge the files as the service's own output (a Task is then the write-back Task)." };
        var command = new Verb("validate", "Validate FHIR JSON files as the service does: strict parsing, the referral contract for a Bundle (other "
            + "than a case document), then the project's profiles (docs/validation.md). Exit 0 when every file is valid (warnings allowed); 1 when "
            + "one is not; 2 on usage errors.", UsageLine) { files, format, message, writtenBack };
        command.Validators.Add(r =>
        {
            if (r.GetValue(message) && r.GetValue(writtenBack))
            {
                r.AddError("--message and --written-back exclude each other.");
            }
        });
        command.SetAction(parsed => ExecuteAsync(parsed.GetRequiredValue(files), parsed.GetRequiredValue(format),
            parsed.GetValue(writtenBack) ? ResourceRole.WrittenBack : ResourceRole.Received, parsed.GetValue(message), cli.Output));
        return command;
    }

    private static async Task<int> ExecuteAsync(string[] files, string format, ResourceRole role, bool asMessage, TextWriter output)
    {
        var results = new List<(string File, OperationOutcome Outcome)>();
        foreach (var file in files)
        {
            results.Add((file, Outcomes.Of(await ValidateFileAsync(file, role, asMessage))));
        }

        await output.WriteLineAsync(format == "text" ? Text(results) : Json(results));
        return results.Any(r => r.Outcome.Issue.HasErrors()) ? 1 : 0;
    }

    /// <summary>The issues for one file; an information issue naming what was checked when there is nothing else to say.</summary>
    internal static async Task<IReadOnlyList<OperationOutcome.IssueComponent>> ValidateFileAsync(string file, ResourceRole role, bool asMessage)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [Outcomes.Error(IssueType.NotFound, null, $"Cannot read '{file}': {e.Message}")];
        }

        // As intake reads a posted message: the strict reader and its default limits first (ADR 0014).
        if (asMessage && StrictJson.Check(System.Text.Encoding.UTF8.GetBytes(json), new InputLimitsOptions()) is { } refused)
        {
            return [refused.ToIssue()];
        }

        var parsed = FhirJson.TryParse(json);
        if (!parsed.Succeeded)
        {
            return parsed.Issues;
        }

        var resource = parsed.Resource!;
        var issues = new List<OperationOutcome.IssueComponent>();
        if (asMessage || (resource is Bundle { Type: not Bundle.BundleType.Document } && role == ResourceRole.Received))
        {
            var read = ReferralMessageReader.Read(resource);
            issues.AddRange(read.Issues);
            if (read.ReferencesOnly is { } pointer)
            {
                // As intake judges it: what it carries, entry by entry; the referral is checked once fetched from its partner.
                issues.AddRange(ResourceValidator.Default.ValidateEntries(pointer.Bundle, role));
                if (!issues.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal or OperationOutcome.IssueSeverity.Warning))
                {
                    issues.Insert(0, Outcomes.Information($"Valid as a references-only referral message pointing at {pointer.Focus.Url}: " +
                        "the service accepts it when a configured partner serves that base, and checks the referral once fetched."));
                }

                return issues;
            }
        }

        if (resource is Bundle { Type: Bundle.BundleType.Document })
        {
            role = ResourceRole.WrittenBack; // a case document is the service's own output
        }

        var validator = ResourceValidator.Default;
        issues.AddRange(validator.Validate(resource, role));
        if (!issues.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal or OperationOutcome.IssueSeverity.Warning))
        {
            var profile = ProfileAssignment.ProfileFor(resource, role, validator.Profiles);
            issues.Insert(0, Outcomes.Information(profile is null
                ? $"Valid: the {resource.TypeName} parses as FHIR R4; none of this server's profiles applies to it."
                : $"Valid against {profile}" + (resource is Bundle ? " (and each entry against the profile that applies to it)." : ".")));
        }

        return issues;
    }

    private static string Json(List<(string File, OperationOutcome Outcome)> results) => results.Count == 1
        ? FhirJson.Serialize(results[0].Outcome)
        : FhirJson.Serialize(new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Entry = results.Select(r => new Bundle.EntryComponent { FullUrl = new Uri(Path.GetFullPath(r.File)).AbsoluteUri, Resource = r.Outcome }).ToList(),
        });

    private static string Text(List<(string File, OperationOutcome Outcome)> results)
    {
        var text = new StringBuilder();
        foreach (var (file, outcome) in results)
        {
            var errors = outcome.Issue.Count(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
            var warnings = outcome.Issue.Count(i => i.Severity == OperationOutcome.IssueSeverity.Warning);
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{file}: {(errors == 0 ? "valid" : "NOT valid")} ({errors} errors, {warnings} warnings)");
            foreach (var issue in outcome.Issue)
            {
                var where = issue.Expression.FirstOrDefault() is { } e ? $" at {e}" : string.Empty;
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                    $"  {issue.Severity?.GetLiteral()} [{issue.Code?.GetLiteral()}]{where}: {issue.Diagnostics}");
            }
        }

        return text.ToString().TrimEnd();
    }
}
