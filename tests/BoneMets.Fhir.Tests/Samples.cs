using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Triage;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests;

/// <summary>The repository's sample referral messages, copied next to the tests, read the way the pipeline reads them.</summary>
internal static class Samples
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "samples", "referrals");

    public static IEnumerable<string> Referrals => Directory.GetFiles(Root, "*.json").Select(Path.GetFileName).Order()!;

    /// <summary>Intake contract → gather from the message → assemble the case: the pipeline's pure path.</summary>
    public static ConsultCase Case(string name)
    {
        var message = ReferralMessageReader.Read(FhirJson.Parse<Bundle>(File.ReadAllText(Path.Combine(Root, name)))).Message
            ?? throw new InvalidOperationException($"{name} is not a valid referral message.");
        return CaseAssembler.Assemble(new ClinicalContext(message, MessageLocalizer.Localize(message), []));
    }

    public static TriageDecision Triage(string name) => Tests.Triage.Cases.Engine().Assess(Case(name), Tests.Triage.Cases.Now);
}
