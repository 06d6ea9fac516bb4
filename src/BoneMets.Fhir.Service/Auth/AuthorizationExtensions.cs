using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir.Service.Auth;

public static class AuthorizationExtensions
{
    /// <summary>Clients (validated at startup), their keys, the token signing key, the token endpoint's decision and issuer.</summary>
    public static IServiceCollection AddBoneMetsAuthorization(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthorizationOptions>().Bind(configuration.GetSection(AuthorizationOptions.Section))
            .PostConfigure<StoreOptions>((options, store) => LocalDemoClient.RegisterWhenNoClients(options, store.DataDirectory))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthorizationOptions>, AuthorizationOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuthorizationOptions>>().Value);
        services.AddHttpClient(ClientKeys.JwksClient, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<ClientKeys>();
        services.AddSingleton(sp => TokenSigningKey.LoadOrCreate(sp.GetRequiredService<AuthorizationOptions>().SigningKeyPath
            ?? Path.Combine(sp.GetRequiredService<StoreOptions>().DataDirectory, TokenSigningKey.FileName)));
        services.AddSingleton<ClientAssertions>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<BoneMets.Fhir.Store.PartnerView>();
        services.AddAuthentication().AddJwtBearer().AddJwtBearer(ExternalIssuer.Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(ExternalIssuer.Scheme).Configure<AuthorizationOptions>(ExternalIssuer.Configure);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<AccessTokens>((bearer, tokens) =>
        {
            bearer.MapInboundClaims = false;
            bearer.TokenValidationParameters = tokens.ValidationParameters();
        });
        return services;
    }

    /// <summary>The token endpoint and SMART discovery, both open.</summary>
    public static RouteGroupBuilder MapSmartEndpoints(this RouteGroupBuilder fhir, IEnumerable<string> resourceTypes)
    {
        var types = resourceTypes.ToList();
        fhir.MapPost("/auth/token", TokenEndpoint.HandleAsync);
        fhir.MapGet("/.well-known/smart-configuration", (AccessTokens tokens) => Results.Json(SmartConfiguration.Document(tokens, types)));
        return fhir;
    }
}
