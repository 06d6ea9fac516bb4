using BoneMets.Fhir.Case;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Terminology;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace BoneMets.Fhir.Benchmarks;

/// <summary>
/// The strategy to beat: one GET per resource type, then one GET per reference (the referral's and the results'),
/// one after another — what a straightforward client does. Same HttpClient, pipeline and limits as the real source;
/// a references-only referral is fetched by the same PartnerReferrals, which reads it plainly (the stub declares no
/// _include to naive runs): the ServiceRequest, then the Patient.
/// </summary>
public sealed class NaiveContextSource(PartnerDirectory directory, IHttpClientFactory http, TimeProvider clock) : IClinicalContextSource
{
    public async Task<ClinicalContext> GatherAsync(ReferralMessage message, CancellationToken cancellationToken)
    {
        var local = MessageLocalizer.Localize(message);
        var partner = directory.Resolve(message)!;
        var fhir = new PartnerFhir(partner, http.CreateClient(PartnerHttp.ClientName(partner.Id)), clock);
        var patient = message.Patient.Id;
        var fetched = new List<Resource>();
        foreach (var search in new[]
        {
            $"Condition?patient={patient}", $"DiagnosticReport?patient={patient}&category={GatherPlan.RadiologyCategory}",
            $"ImagingStudy?patient={patient}", $"Observation?patient={patient}&code={CodeSystems.Loinc}|{ClinicalCodes.LoincCalcium}",
        })
        {
            if ((await fhir.GetAsync(search, cancellationToken)).Resource is Bundle page)
            {
                fetched.AddRange(page.Entry.Select(e => e.Resource).OfType<Resource>());
            }
        }

        // Then every reference: what the referral points at (requester, reasons) and the reports' results.
        var references = GatherPlan.Unresolved(message).Select(r => GatherPlan.AsRead(r, partner.Options.Server)).OfType<string>()
            .Concat(fetched.OfType<DiagnosticReport>().SelectMany(r => r.Result).Select(r => r.Reference).OfType<string>()).ToList();
        foreach (var reference in references)
        {
            if ((await fhir.GetAsync(reference, cancellationToken)).Resource is { } resource)
            {
                fetched.Add(resource);
            }
        }

        return new ClinicalContext(message, [.. local, .. fetched], []);
    }

    public static void Use(IServiceCollection services) => services.AddSingleton<IClinicalContextSource, NaiveContextSource>();
}
