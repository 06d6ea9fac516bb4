using BoneMets.Fhir.Gather;
using BoneMets.Fhir.Options;
using Microsoft.Extensions.DependencyInjection;

namespace BoneMets.Fhir.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>
    /// The scheduler, its server's HttpClient (auth as for partners; no automatic retry: the next pass is the
    /// retry, and a booking is safe to repeat) and, when a scheduling server is configured, its loop.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, SchedulingOptions configured, bool runLoop)
    {
        services.AddHttpClient(SchedulingServer.ClientName, c => c.Timeout = configured.RequestTimeout)
            .AddHttpMessageHandler(sp => new PartnerAuthHandler("scheduling", configured.Auth, sp.GetRequiredService<PartnerTokens>()));
        services.AddSingleton<SchedulingServer>();
        services.AddSingleton<Scheduler>();
        if (configured.Enabled && runLoop)
        {
            services.AddHostedService<SchedulerWorker>();
        }

        return services;
    }
}
