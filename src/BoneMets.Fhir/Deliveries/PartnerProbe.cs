using System.Net.Http.Headers;
using System.Text;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Deliveries;

/// <summary>One thing delivery needs from a partner's server: whether it is there, what showed it, and what the service does where it is not.</summary>
public sealed record ProbeFinding(string Need, bool? Supported, string Evidence, string Otherwise);

/// <summary>
/// <c>bonemets partners check ID</c>: before write-back is enabled, what the partner's write-back server supports. Only
/// harmless requests: the CapabilityStatement, an empty transaction, and searches by the program's identifier and tag
/// for values no resource carries. Nothing is written. Null <see cref="ProbeFinding.Supported"/>: not declared either way.
/// </summary>
public static class PartnerProbe
{
    private static readonly string[] Delivered = ["Task", "CommunicationRequest", "Appointment", "Provenance"];

    public static async Task<IReadOnlyList<ProbeFinding>> CheckAsync(HttpClient client, string fhirBase, CancellationToken cancellationToken)
    {
        var findings = new List<ProbeFinding>();
        using var metadata = await client.GetAsync(new Uri($"{fhirBase}/metadata"), cancellationToken);
        var capabilities = metadata.IsSuccessStatusCode ? PartnerFhir.Read(await metadata.Content.ReadAsStringAsync(cancellationToken)) as CapabilityStatement : null;
        var rest = capabilities?.Rest.FirstOrDefault(r => r.Mode == CapabilityStatement.RestfulCapabilityMode.Server);
        findings.Add(new ProbeFinding("CapabilityStatement", capabilities is not null, $"GET metadata: {(int)metadata.StatusCode}",
            "nothing is declared: only the probes below tell"));
        var resources = Delivered.Select(t => rest?.Resource.FirstOrDefault(r => r.Type == t)).ToList();
        findings.Add(Declared("conditional create (ifNoneExist) on Task, CommunicationRequest, Appointment, Provenance",
            resources.Select(r => r?.ConditionalCreate), "first deliveries are looked up by identifier before writing; a server that ignores ifNoneExist may still duplicate on a lost response"));
        findings.Add(Declared("conditional update (PUT Type?identifier=)", resources.Select(r => r?.ConditionalUpdate),
            "updates go by the partner's id only, after a read by identifier"));
        findings.Add(Declared("If-Match (versioned updates)", resources.Select(r => r?.Versioning is null ? (bool?)null : r.Versioning == CapabilityStatement.ResourceVersionPolicy.VersionedUpdate),
            "without versions an update goes by id without If-Match: a concurrent partner edit can be lost"));

        using var transaction = new HttpRequestMessage(HttpMethod.Post, new Uri(fhirBase))
        {
            Content = new StringContent(FhirJson.Serialize(new Bundle { Type = Bundle.BundleType.Transaction }), Encoding.UTF8, "application/fhir+json"),
        };
        transaction.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        using var answer = await client.SendAsync(transaction, cancellationToken);
        var response = answer.IsSuccessStatusCode ? PartnerFhir.Read(await answer.Content.ReadAsStringAsync(cancellationToken)) as Bundle : null;
        findings.Add(new ProbeFinding("transactions", response is { Type: Bundle.BundleType.TransactionResponse },
            $"an empty transaction: {(int)answer.StatusCode}{(response is null ? "" : $", {response.Type}")}",
            "write-back to this partner cannot work: every delivery is one transaction"));
        findings.Add(new ProbeFinding("locations and etags in transaction responses", null, "shown only by a write; not probed",
            "an entry without a location is looked up by identifier and read back before the delivery counts as done"));

        findings.Add(await SearchAsync(client, $"{fhirBase}/Task?identifier={CodeSystems.ReferralIdentifier}|bonemets-probe", "search by the program's identifier",
            "resources cannot be found again: deliveries after a lost response stay pending and then park", cancellationToken));
        findings.Add(await SearchAsync(client, $"{fhirBase}/Provenance?_tag={CodeSystems.WriteBackTag}|bonemets-probe", "_tag search (Provenance)",
            "Provenance cannot be found again: its deliveries after a lost response stay pending and then park", cancellationToken));
        return findings;
    }

    private static ProbeFinding Declared(string need, IEnumerable<bool?> flags, string otherwise)
    {
        var all = flags.ToList();
        var supported = all.All(f => f == true) ? true : all.Any(f => f == false) ? false : (bool?)null;
        return new ProbeFinding(need, supported, $"CapabilityStatement: {string.Join(", ", Delivered.Zip(all, (t, f) => $"{t} {f?.ToString().ToLowerInvariant() ?? "not declared"}"))}", otherwise);
    }

    private static async Task<ProbeFinding> SearchAsync(HttpClient client, string url, string need, string otherwise, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(url), cancellationToken);
        var found = response.IsSuccessStatusCode ? PartnerFhir.Read(await response.Content.ReadAsStringAsync(cancellationToken)) as Bundle : null;
        return new ProbeFinding(need, found is { Type: Bundle.BundleType.Searchset },
            $"GET {new Uri(url).AbsolutePath}?…: {(int)response.StatusCode}{(found is null ? "" : ", searchset")}", otherwise);
    }
}
