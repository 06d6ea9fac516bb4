using System.Text.Json;
using BoneMets.Fhir.Validation;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests.Validation;

/// <summary>
/// Every sample, invalid sample and profile example keeps its verdict (valid or not) and its error paths across a change
/// of validator. The fixture (Fixtures/verdicts.json) was captured from the project's own validator (ADR 0008) before
/// it was replaced; set BONEMETS_CAPTURE_VERDICTS to a path to write the current verdicts there instead.
/// </summary>
public sealed class VerdictAgreementTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Validation", "Fixtures", "verdicts.json");

    /// <summary>Each input of the three groups, by a stable name, with the role the service judges it in.</summary>
    public static IEnumerable<(string Name, string Json, ResourceRole Role)> Inputs()
    {
        foreach (var name in Samples.Referrals.Concat(Samples.ReferencesOnlyNames()))
        {
            yield return ($"referrals/{name}", Samples.Referral(name), ResourceRole.Received);
        }

        foreach (var sample in Samples.Manifest())
        {
            yield return ($"invalid/{sample.File}", Samples.Read(Path.Combine("invalid", sample.File)), ResourceRole.Received);
        }

        foreach (var example in ProfileSet.Embedded.Examples)
        {
            yield return ($"examples/{example.File}", example.Json, ExampleRole(example));
        }
    }

    /// <summary>The role an example of the guide is judged in: what a sender sends, or what the service writes.</summary>
    internal static ResourceRole ExampleRole(ProfileExample example) =>
        example.Resource.Meta?.Profile.Any(p => p?.Contains("referral", StringComparison.Ordinal) == true) == true
        || example.Resource is Condition || (example.Resource is Observation o && !o.Meta.Profile.Any(p => p?.EndsWith("score", StringComparison.Ordinal) == true))
            ? ResourceRole.Received : ResourceRole.WrittenBack;

    public static SortedDictionary<string, Verdict> Current(ResourceValidator validator) => new(
        Inputs().ToDictionary(i => i.Name, i => Verdict.Of(Validate(validator, i.Json, i.Role))), StringComparer.Ordinal);

    private static IReadOnlyList<OperationOutcome.IssueComponent> Validate(ResourceValidator validator, string json, ResourceRole role)
    {
        try
        {
            return validator.ValidateJson(json, role);
        }
        catch (JsonException)
        {
            return [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Fatal, Code = OperationOutcome.IssueType.Structure }];
        }
    }

    [Fact]
    public void Capture_WhenAsked_WritesTheCurrentVerdicts()
    {
        if (Environment.GetEnvironmentVariable("BONEMETS_CAPTURE_VERDICTS") is not { Length: > 0 } path)
        {
            return;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(Current(ResourceValidator.Default), JsonOptions) + "\n");
    }

    internal static SortedDictionary<string, Verdict> Captured() =>
        JsonSerializer.Deserialize<SortedDictionary<string, Verdict>>(File.ReadAllText(Fixture), JsonOptions)!;

    [Fact]
    public void Fixture_CoversEveryInput()
    {
        Assert.Equal(Inputs().Select(i => i.Name).Order(StringComparer.Ordinal), Captured().Keys);
    }

    [Fact]
    public void Validate_EveryInput_GivesTheCapturedVerdictAndErrorPaths()
    {
        var captured = Captured();
        var current = Current(ResourceValidator.Default);

        var differences = current.Where(c => !captured[c.Key].SameAs(c.Value)).Select(c => $"{c.Key}: was {captured[c.Key]}, now {c.Value}").ToList();

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

/// <summary>A validator's verdict on one input: valid (no error or fatal issue) and the error issues' expressions, sorted.</summary>
public sealed record Verdict(bool Valid, IReadOnlyList<string> ErrorPaths)
{
    public static Verdict Of(IEnumerable<OperationOutcome.IssueComponent> issues)
    {
        var errors = issues.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
        return new(errors.Count == 0, [.. errors.SelectMany(e => e.Expression.DefaultIfEmpty("").Select(x => x ?? "")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    public bool SameAs(Verdict other) => Valid == other.Valid && ErrorPaths.SequenceEqual(other.ErrorPaths, StringComparer.Ordinal);

    public override string ToString() => Valid ? "valid" : $"invalid at [{string.Join(", ", ErrorPaths)}]";
}
