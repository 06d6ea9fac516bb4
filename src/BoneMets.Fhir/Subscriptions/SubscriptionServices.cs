using Microsoft.Extensions.DependencyInjection;

namespace BoneMets.Fhir.Subscriptions;

public static class SubscriptionServices
{
    /// <summary>Subscriptions, notifications and the reconciliation poll; the worker is idle when no partner has a Subscription section.</summary>
    public static IServiceCollection AddReferralSubscriptions(this IServiceCollection services)
    {
        services.AddSingleton<SubscriptionPartners>();
        services.AddSingleton<ReferralFeed>();
        services.AddSingleton<ReferralPoller>();
        services.AddSingleton<SubscriptionKeeper>();
        services.AddSingleton<NotificationProcessor>();
        services.AddSingleton<NotificationIntake>();
        services.AddSingleton<SubscriptionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionWorker>());
        return services;
    }
}
