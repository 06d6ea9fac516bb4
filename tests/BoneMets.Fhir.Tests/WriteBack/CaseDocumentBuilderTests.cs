using BoneMets.Fhir.Case;
using BoneMets.Fhir.Fhir;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.WriteBack;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace BoneMets.Fhir.Tests.WriteBack;

public class CaseDocumentBuilderTests
{
    private static readonly string[] SectionCodes = ["referral", "primary-cancer", "bone-lesions", "imaging", "labs-performance", "triage"];

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async Task Build_Sample_DocumentWithCompositionFirst(string name)
    {
        var (_, consultCase, _, plan) = await Stages.PlanAsync(name);

        var document = plan.CaseDocument;
        Assert.Equal(Bundle.BundleType.Document, document.Type);
        var composition = Stages.Entry<Composition>(document, 0);
        Assert.Equal(CompositionStatus.Final, composition.Status);
        Assert.Equal($"Patient/{consultCase.Patient.Id}", composition.Subject?.Reference);
        Assert.Equal(SectionCodes, composition.Section.Select(s => s.Code?.Coding.Single().Code));
        Assert.Equal((DeterministicId.For(consultCase.ReferralKey, "case"), document.Id), (document.Identifier?.Value, document.Id));
        Assert.Equal(Stages.Now, document.Timestamp);
    }

    [Theory]
    [MemberData(nameof(Samples.ReferralData), MemberType = typeof(Samples))]
    public async Task Build_Sample_EveryReferenceResolvesInsideTheBundle(string name)
    {
        var document = (await Stages.PlanAsync(name)).Plan.CaseDocument;
        var index = new BundleIndex(document);

        var unresolved = document.Entry.SelectMany((entry, i) => ReferenceWalker.Walk(entry.Resource!, $"Bundle.entry[{i}].resource")
                .Where(x => x.Reference.Reference is { } r && !r.StartsWith('#') && index.Resolve(r, i) is null)
                .Select(x => $"{x.Path} → {x.Reference.Reference}"))
            .ToList();

        Assert.Empty(unresolved);
        Assert.Equal(document.Entry.Count, document.Entry.Select(e => e.FullUrl).Distinct().Count());
        Assert.All(document.Entry, e => Assert.Equal($"http://localhost:5080/fhir/{e.Resource!.TypeName}/{e.Resource.Id}", e.FullUrl));
    }

    [Fact]
    public async Task Build_Sample02_CarriesTheWriteBackTaskTheProgramAndEverySection()
    {
        var (_, consultCase, _, plan) = await Stages.PlanAsync("02");

        var resources = plan.CaseDocument.Entry.Select(e => e.Resource!).ToList();
        var task = Assert.Single(resources.OfType<FhirTask>());
        Assert.Same(plan.Task, task);
        Assert.Equal(FhirTask.TaskStatus.Accepted, task.Status);
        Assert.Same(plan.TriageRecord, Assert.Single(resources.OfType<RiskAssessment>()));
        Assert.Contains(resources, r => r is Device { Id: "bonemets-fhir" });
        Assert.Contains(resources, r => r is Organization { Id: "bonemets-program" });
        Assert.Contains(consultCase.Patient, resources);
        Assert.Equal(3, resources.OfType<Condition>().Count());
        Assert.DoesNotContain(resources, r => r is MessageHeader);
        var composition = (Composition)resources[0];
        Assert.All(composition.Section, s => Assert.NotEmpty(s.Entry));
    }

    [Fact]
    public async Task Build_ThinReferral_EmptySectionsSayWhy()
    {
        var plan = (await Stages.PlanAsync("08")).Plan;

        var composition = Stages.Entry<Composition>(plan.CaseDocument, 0);
        var empty = composition.Section.Where(s => s.Entry.Count == 0).ToList();
        Assert.Equal(["bone-lesions", "imaging", "labs-performance"], empty.Select(s => s.Code?.Coding.Single().Code));
        Assert.All(empty, s =>
        {
            Assert.Equal("unavailable", s.EmptyReason?.Coding.Single().Code);
            Assert.Equal(Narrative.NarrativeStatus.Generated, s.Text?.Status);
        });
    }

    [Fact]
    public async Task Build_PublicBaseUrl_UsedForFullUrls()
    {
        var consultCase = await Stages.CaseAsync("04");
        var decision = Stages.Triage().Assess(consultCase, Stages.Now);
        var program = new ProgramOptions { PublicBaseUrl = "https://bonemets.example.org/fhir" };
        var plan = Stages.Planner(program).Plan(consultCase, decision, "b|h", "method", Stages.Now);

        Assert.All(plan.CaseDocument.Entry, e => Assert.StartsWith("https://bonemets.example.org/fhir/", e.FullUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_SameCase_SameDocument()
    {
        var consultCase = await Stages.CaseAsync("01");
        var decision = Stages.Triage().Assess(consultCase, Stages.Now);
        var plan = Stages.Planner().Plan(consultCase, decision, "b|h", "method", Stages.Now);
        var builder = new CaseDocumentBuilder(new ProgramOptions(), new ProgramDirectory(new ProgramOptions()));

        var again = builder.Build(consultCase, decision, plan.Task, plan.TriageRecord, Stages.Now);

        Assert.Equal(FhirJson.Serialize(plan.CaseDocument), FhirJson.Serialize(again));
    }

    [Fact]
    public void Build_UnresolvableReferenceInCase_LeftOutNotInvented()
    {
        var message = Stages.Message("04");
        var resources = MessageLocalizer.Localize(message).ToList();
        resources.OfType<ServiceRequest>().Single().Performer = [new ResourceReference("Practitioner/not-sent")];
        var consultCase = CaseAssembler.Assemble(new ClinicalContext(message, resources, []));
        var decision = Stages.Triage().Assess(consultCase, Stages.Now);

        var document = Stages.Planner().Plan(consultCase, decision, "b|h", "method", Stages.Now).CaseDocument;

        Assert.DoesNotContain(document.Entry, e => e.Resource is Practitioner { Id: "not-sent" });
        Assert.Contains(document.Entry, e => e.Resource is ServiceRequest);
    }

    [Fact]
    public async Task Build_GapsInTheContext_ReferralSectionSaysWhatWasNotGathered()
    {
        var message = Stages.Message("08");
        var context = await new MessageContextSource().GatherAsync(message, CancellationToken.None);
        var consultCase = CaseAssembler.Assemble(context with
        {
            Gaps = [new ContextGap("Imaging studies", "the partner answered 403 (Forbidden)"), new ContextGap("Conditions", "more than 5 pages <of> results")],
        });
        var triage = Stages.Triage();
        var plan = Stages.Planner().Plan(consultCase, triage.Assess(consultCase, Stages.Now), "b|h", triage.Method, Stages.Now);

        var referral = Stages.Entry<Composition>(plan.CaseDocument, 0).Section[0];

        Assert.Equal(
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Not gathered from the referrer's record:</p><ul><li>Imaging studies: the partner answered 403 (Forbidden)</li><li>Conditions: more than 5 pages &lt;of&gt; results</li></ul></div>",
            referral.Text.Div);
        Assert.Equal(2, referral.Entry.Count);
    }
}
