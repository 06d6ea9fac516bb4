using System.Security.Claims;
using BoneMets.Fhir.Options;
using BoneMets.Fhir.Store;
using BoneMets.Fhir.Worklist;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace BoneMets.Fhir.Service.Coordinator;

/// <summary>
/// The coordinator's worklist at /coordinator/: Razor Pages under Coordinator/Pages, a cookie session of its own
/// (the FHIR API does not accept it), local accounts or the hospital's OpenID Connect provider, antiforgery on every
/// form (Razor Pages validate it on each POST), lockout after repeated failures.
/// </summary>
public static class CoordinatorWorklistExtensions
{
    public const string CookieScheme = "Coordinator";
    public const string OpenIdScheme = "CoordinatorOidc";
    public const string Policy = "Coordinator";

    public static WebApplicationBuilder AddCoordinatorWorklist(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CoordinatorOptions>().Bind(builder.Configuration.GetSection(CoordinatorOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CoordinatorOptions>>().Value);
        services.AddSingleton(sp => new CoordinatorAccounts(sp.GetRequiredService<StoreOptions>().DataDirectory, sp.GetRequiredService<CoordinatorOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CoordinatorAudit>();
        services.AddSingleton<WorklistReader>();
        services.AddSingleton<CoordinatorActions>();

        var options = builder.Configuration.GetSection(CoordinatorOptions.Section).Get<CoordinatorOptions>() ?? new CoordinatorOptions();
        var authentication = services.AddAuthentication().AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "bonemets-coordinator";
            cookie.Cookie.Path = "/coordinator";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // https wherever the service is served over https
            cookie.LoginPath = "/coordinator/sign-in";
            cookie.LogoutPath = "/coordinator/sign-out";
            cookie.AccessDeniedPath = "/coordinator/sign-in";
            cookie.ExpireTimeSpan = options.SessionIdle;
            cookie.SlidingExpiration = true;
            if (options.OpenIdConnect.Enabled)
            {
                cookie.ForwardChallenge = OpenIdScheme;
            }
        });
        if (options.OpenIdConnect.Enabled)
        {
            authentication.AddOpenIdConnect(OpenIdScheme, oidc =>
            {
                oidc.Authority = options.OpenIdConnect.Authority;
                oidc.ClientId = options.OpenIdConnect.ClientId;
                oidc.ClientSecret = options.OpenIdConnect.ClientSecret;
                oidc.ResponseType = "code";
                oidc.UsePkce = true;
                oidc.SignInScheme = CookieScheme;
                oidc.CallbackPath = "/coordinator/signin-oidc";
                oidc.SignedOutCallbackPath = "/coordinator/signout-callback-oidc";
                oidc.SaveTokens = false; // the session needs the coordinator's name only
                oidc.Scope.Add("profile");
                oidc.TokenValidationParameters.NameClaimType = "preferred_username";
            });
        }

        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Coordinator/Pages";
            pages.Conventions.AuthorizeFolder("/", Policy);
            pages.Conventions.AllowAnonymousToPage("/SignIn");
        });
        return builder;
    }

    public static WebApplication MapCoordinatorWorklist(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        return app;
    }

    /// <summary>The coordinator's name on the session: the local account's, or the identity provider's user name.</summary>
    public static string CoordinatorName(this ClaimsPrincipal user) => user.Identity?.Name ?? "(unknown)";
}
