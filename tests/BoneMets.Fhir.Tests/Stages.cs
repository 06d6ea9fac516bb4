using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;

namespace BoneMets.Fhir.Tests;

/// <summary>
/// The real pipeline stages run over a sample, as the worker runs them: read → MessageContextSource →
/// CaseAssembler → ScoreTriage → WriteBackPlanner. Default options, a fixed clock.
/// </summary>
public static class Stages
{
    /// <summary>Monday 16 November 2026, 09:30 UTC: a fixed "now" so deadlines and ids are reproducible.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 16, 9, 30, 0, TimeSpan.Zero);

    public static Bundle Bundle(string json) => (Bundle)FhirJson.TryParse(json).Resource!;

    /// <summary>The resource of entry <paramref name="index"/>, which must be a <typeparamref name="T"/>.</summary>
    public static T Entry<T>(Bundle bundle, int index) where T : Resource => Assert.IsType<T>(bundle.Entry[index].Resource);

    /// <summary>The one <typeparamref name="T"/> in the Bundle.</summary>
    public static T Only<T>(Bundle bundle) where T : Resource => bundle.Entry.Select(e => e.Resource).OfType<T>().Single();

    /// <summary>A sample referral, read through the intake contract (fails the test if it does not read).</summary>
    public static ReferralMessage Message(string name) => Read(Bundle(Samples.Referral(name)));

    public static ReferralMessage Read(Resource resource)
    {
        var read = ReferralMessageReader.Read(resource);
        Assert.True(read.Succeeded, string.Join("; ", read.Issues.Select(i => $"{i.Code} {string.Join(",", i.Expression)}")));
        return read.Message!;
    }

    public static async Task<ConsultCase> CaseAsync(string name)
    {
        var context = await new MessageContextSource().GatherAsync(Message(name), CancellationToken.None);
        return CaseAssembler.Assemble(context);
    }

    public static ScoreTriage Triage(ProgramOptions? program = null, TriageOptions? triage = null)
    {
        triage ??= new TriageOptions();
        return new ScoreTriage(triage, new Deadlines(triage, program ?? new ProgramOptions()));
    }

    public static WriteBackPlanner Planner(ProgramOptions? program = null)
    {
        program ??= new ProgramOptions();
        return new WriteBackPlanner(new CaseDocumentBuilder(program, new ProgramDirectory(program)));
    }

    public static async Task<Planned> PlanAsync(string name)
    {
        var message = Message(name);
        var consultCase = CaseAssembler.Assemble(await new MessageContextSource().GatherAsync(message, CancellationToken.None));
        var triage = Triage();
        var decision = triage.Assess(consultCase, Now);
        var plan = Planner().Plan(consultCase, decision, $"{message.BundleId}|{message.HeaderId}", triage.Method, Now);
        return new Planned(message, consultCase, decision, plan);
    }
}

public sealed record Planned(ReferralMessage Message, ConsultCase Case, TriageDecision Decision, WriteBackPlan Plan);
