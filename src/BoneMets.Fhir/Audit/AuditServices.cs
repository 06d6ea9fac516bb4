using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir.Audit;

public static class AuditServices
{
    /// <summary>The audit trail in the store, Audit:RetentionDays (validated at startup) and its sweep.</summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services, IConfiguration configuration, bool sweep)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value);
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<IDurableStore>());
        services.AddSingleton<IAuditTrail, AuditTrail>();
        if (sweep)
        {
            services.AddHostedService<AuditRetention>();
        }

        return services;
    }
}
