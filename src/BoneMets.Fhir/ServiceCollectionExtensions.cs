using BoneMets.Fhir.Audit;
using BoneMets.Fhir.Case;
using BoneMets.Fhir.Deliveries;
using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Intake;
using BoneMets.Fhir.Lifecycle;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Partners;
using BoneMets.Fhir.Pipeline;
using BoneMets.Fhir.Scheduling;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Subscriptions;
using BoneMets.Fhir.Triage;
using BoneMets.Fhir.Validation;
using BoneMets.Fhir.WriteBack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The pipeline and its embedded store: options (validated at startup), the stages, intake, and — when
    /// Worker:Enabled — the background worker.
    /// </summary>
    public static IServiceCollection AddBoneMetsPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ProgramOptions>(configuration, ProgramOptions.Section);
        services.AddValidatedOptions<TriageOptions>(configuration, TriageOptions.Section);
        services.AddValidatedOptions<MessagingOptions>(configuration, MessagingOptions.Section);
        services.AddValidatedOptions<InputLimitsOptions>(configuration, InputLimitsOptions.Section);
        services.AddValidatedOptions<WorkerOptions>(configuration, WorkerOptions.Section);
        services.AddValidatedOptions<StoreOptions>(configuration, StoreOptions.Section);
        services.AddValidatedOptions<PartnersOptions>(configuration, PartnersOptions.Section);
        services.AddOptions<PartnersOptions>().Validate<IOptions<ProgramOptions>>((partners, program) => program.Value.ReachableBy(partners),
            "Program:PublicBaseUrl is a loopback address while a partner has WriteBack:Enabled: the partner would get references to this service it cannot follow. Set it to the URL partners reach this service at.");
        services.AddValidatedOptions<GatherOptions>(configuration, GatherOptions.Section);
        services.AddOptions<GatherOptions>().Validate<IOptions<PartnersOptions>>((gather, partners) => gather.DefaultPartnerProblem(partners.Value) is null,
            configuration[GatherOptions.Section + ":" + nameof(GatherOptions.DefaultPartner)] is { } fallback
                ? $"Gather:DefaultPartner '{fallback}' is not one of Partners (no Partners:{fallback} is configured)." : "Gather:DefaultPartner is not one of Partners.");
        // ADR 0022: partners moved from Gather:Partners to Partners; a service still configured the old way stops.
        if (PartnersOptions.FormerSectionProblem(configuration.GetSection(PartnersOptions.FormerSection).GetChildren().Select(c => c.Key)) is { } former)
        {
            services.AddOptions<GatherOptions>().Validate(_ => false, former);
        }
        services.AddValidatedOptions<SchedulingOptions>(configuration, SchedulingOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.AddDurableStore(); // Store:Provider picks SQLite or PostgreSQL (ADR 0019)
        services.AddAuditTrail(configuration, sweep: configuration.GetValue(WorkerOptions.Section + ":" + nameof(WorkerOptions.Enabled), true));

        // Gather: from the referrer's EHR for configured partners, from the message alone otherwise.
        services.AddPartnerGathering(configuration.GetSection(PartnersOptions.Section).Get<PartnersOptions>() ?? new PartnersOptions());
        services.TryAddSingleton<ScoreTriage>();
        services.TryAddSingleton<ITriage>(sp => sp.GetRequiredService<ScoreTriage>());
        services.AddSingleton<Deadlines>();
        services.AddSingleton<ProgramDirectory>();
        services.AddSingleton<CaseDocumentBuilder>();
        services.AddSingleton<WriteBackPlanner>();
        services.AddSingleton<ReferralVersionGate>();
        services.AddSingleton<ReferralPipeline>();
        services.AddSingleton<ReferralRecords>();
        services.AddSingleton<ReferralLocks>();
        services.AddSingleton<ReferralCompletion>();
        services.AddSingleton<ReferralProcessor>();
        services.TryAddSingleton(ResourceValidator.Default);
        services.AddSingleton<IntakeService>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<ServiceReadiness>();

        services.AddReferralSubscriptions();
        // Write-back delivery (ADR 0011): partners' FHIR servers through their named clients; replies to senders
        // with no partner through a plain client (the outbox, not the client, retries a message).
        services.AddSingleton<DeliverySender>();
        services.AddHttpClient(DeliverySender.ReplyClient, c => c.Timeout = TimeSpan.FromSeconds(30));

        services.AddHostedService<StoreStartup>();
        var workerEnabled = configuration.GetValue(WorkerOptions.Section + ":" + nameof(WorkerOptions.Enabled), true);
        if (workerEnabled)
        {
            services.AddHostedService<ReferralWorker>();
            if (configuration.GetValue(WorkerOptions.Section + ":" + nameof(WorkerOptions.DeliveryConcurrency), 2) > 0)
            {
                services.AddHostedService<DeliveryWorker>();
            }
        }

        // Scheduling (issue 6): booking, slot release and deadline escalation; the loop runs where the worker does.
        services.AddScheduling(configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions(), workerEnabled);

        return services;
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section) where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }
}
