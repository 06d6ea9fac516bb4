using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BoneMets.Fhir.Service.Coordinator.Pages;

/// <summary>Local sign-in (or, when the hospital's identity provider is configured, a challenge to it).</summary>
public sealed class SignInModel(CoordinatorAccounts accounts, CoordinatorOptions options, CoordinatorAudit audit) : PageModel
{
    public string? Error { get; private set; }

    public string? UserName { get; private set; }

    public string ReturnUrl { get; private set; } = "/coordinator/";

    public IActionResult OnGet(string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        return options.OpenIdConnect.Enabled
            ? Challenge(new AuthenticationProperties { RedirectUri = ReturnUrl }, CoordinatorWorklistExtensions.OpenIdScheme)
            : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = Local(returnUrl);
        UserName = username;
        if (options.OpenIdConnect.Enabled || string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            Error = "Enter your user name and password.";
            return Page();
        }

        var (result, lockedUntil) = await accounts.SignInAsync(username.Trim(), password, cancellationToken);
        await audit.RecordAsync(username.Trim(), "sign-in", null, result.ToString(), result == SignInResult.Success, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (result == SignInResult.Success)
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username.Trim())], CoordinatorWorklistExtensions.CookieScheme);
            await HttpContext.SignInAsync(CoordinatorWorklistExtensions.CookieScheme, new ClaimsPrincipal(identity));
            return LocalRedirect(ReturnUrl);
        }

        Error = result == SignInResult.LockedOut
            ? string.Create(CultureInfo.InvariantCulture, $"This account is locked after repeated failed sign-ins. Try again after {lockedUntil:yyyy-MM-dd HH:mm} UTC, or ask an administrator to reset the password.")
            : "The user name or password is not right.";
        return Page();
    }

    private string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) && url.StartsWith("/coordinator", StringComparison.Ordinal) ? url : "/coordinator/";
}
