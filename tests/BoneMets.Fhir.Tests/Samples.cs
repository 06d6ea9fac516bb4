using System.Text.Json;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests;

/// <summary>The shared FHIR fixtures (samples/**), copied next to the test assembly by the csproj.</summary>
public static class Samples
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>The text of a sample, e.g. Read("referrals/02-prostate-thoracic-mscc.json").</summary>
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>A valid referral message by its file name ("02-prostate-thoracic-mscc.json") or its number ("02").</summary>
    public static string Referral(string nameOrNumber) => Read(Path.Combine("referrals", nameOrNumber.Length == 2 ? NameOf(nameOrNumber) : nameOrNumber));

    /// <summary>
    /// The file names of the valid referral messages that carry the referral itself, sorted (01 … 10); the
    /// references-only ones (<see cref="ReferencesOnlyNames"/>) need their partner's server to become a case.
    /// </summary>
    public static IReadOnlyList<string> ReferralNames() => [.. List("referrals").Where(n => !IsReferencesOnly(n))];

    /// <summary>The references-only referral messages (11 …): a MessageHeader pointing at the referral on its partner's server.</summary>
    public static IReadOnlyList<string> ReferencesOnlyNames() => [.. List("referrals").Where(IsReferencesOnly)];

    public static bool IsReferencesOnly(string name) => name.Contains("references-only", StringComparison.Ordinal);

    /// <summary>The invalid messages' expected rejections (samples/invalid/manifest.json).</summary>
    public static IReadOnlyList<InvalidSample> Manifest() =>
        JsonSerializer.Deserialize<List<InvalidSample>>(Read("invalid/manifest.json"), JsonOptions)!;

    /// <summary>[MemberData] rows: one per invalid file in the manifest.</summary>
    public static TheoryData<string> ManifestData() => [.. Manifest().Select(m => m.File)];

    /// <summary>[MemberData] rows: one per valid referral file name.</summary>
    public static TheoryData<string> ReferralData() => [.. ReferralNames()];

    /// <summary>The referral whose file name starts with the two-digit number, e.g. "02".</summary>
    public static string NameOf(string number) => List("referrals").Single(n => n.StartsWith(number + "-", StringComparison.Ordinal));

    /// <summary>The valid referral file names (as <see cref="ReferralNames"/>).</summary>
    public static IEnumerable<string> Referrals => ReferralNames();

    /// <summary>Intake contract → gather from the message → assemble the case: the pipeline's pure path.</summary>
    public static ConsultCase Case(string name)
    {
        var message = ReferralMessageReader.Read(FhirJson.Parse<Bundle>(Referral(name))).Message
            ?? throw new InvalidOperationException($"{name} is not a valid referral message.");
        return CaseAssembler.Assemble(new ClinicalContext(message, MessageLocalizer.Localize(message), []));
    }

    public static TriageDecision Triage(string name) => Tests.Triage.Cases.Engine().Assess(Case(name), Tests.Triage.Cases.Now);

    private static List<string> List(string folder) =>
        [.. Directory.GetFiles(Path.Combine(Root, folder), "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
}

public sealed record InvalidSample(string File, string Reason, int Status, string Code, string? Expression, string? ExpressionContains)
{
    public override string ToString() => File;
}
