using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BoneMets.Fhir.Service.Coordinator.Pages;

/// <summary>Ends the session (POST only, with antiforgery, so a link elsewhere cannot sign a coordinator out).</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/coordinator/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CoordinatorWorklistExtensions.CookieScheme);
        return Redirect("/coordinator/sign-in");
    }
}
