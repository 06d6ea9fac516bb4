using System.Text.Json;

namespace BoneMets.Fhir.IntegrationTests;

/// <summary>The repository's sample messages, copied next to the tests: the same files the README and demo use.</summary>
public static class Samples
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "samples");

    public static IEnumerable<string> Referrals => Directory.GetFiles(Path.Combine(Root, "referrals"), "*.json").Select(Path.GetFileName).Order()!;

    public static TheoryData<string> ReferralNames => new(Referrals);

    public static string Referral(string name) => File.ReadAllText(Path.Combine(Root, "referrals", name));

    public static string Invalid(string name) => File.ReadAllText(Path.Combine(Root, "invalid", name));

    public static IReadOnlyList<InvalidSample> InvalidManifest =>
        JsonSerializer.Deserialize<List<InvalidSample>>(File.ReadAllText(Path.Combine(Root, "invalid", "manifest.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public static TheoryData<string> InvalidNames => new(InvalidManifest.Select(m => m.File));

    /// <summary>A sample as a different referral: new message ids, a new ServiceRequest identifier and a new placer Task id.</summary>
    public static string AsNewReferral(string json)
    {
        var bundle = BoneMets.Fhir.Fhir.FhirJson.Parse<Hl7.Fhir.Model.Bundle>(WithNewMessageIds(json));
        foreach (var task in bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Task>())
        {
            task.Id = Guid.NewGuid().ToString(); // the fullUrl still resolves the focus; the stored id is new
        }

        foreach (var identifier in bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.ServiceRequest>().SelectMany(r => r.Identifier))
        {
            identifier.Value += "-" + Guid.NewGuid().ToString("N")[..8];
        }

        return BoneMets.Fhir.Fhir.FhirJson.Serialize(bundle);
    }

    /// <summary>A sample with new Bundle and MessageHeader ids: the same referral sent again as a new message.</summary>
    public static string WithNewMessageIds(string json, string? bundleId = null, string? headerId = null)
    {
        var bundle = BoneMets.Fhir.Fhir.FhirJson.Parse<Hl7.Fhir.Model.Bundle>(json);
        bundle.Id = bundleId ?? Guid.NewGuid().ToString();
        bundle.Entry[0].Resource.Id = headerId ?? Guid.NewGuid().ToString();
        return BoneMets.Fhir.Fhir.FhirJson.Serialize(bundle);
    }
}

public sealed record InvalidSample(string File, string Reason, int Status, string Code, string? Expression, string? ExpressionContains);
