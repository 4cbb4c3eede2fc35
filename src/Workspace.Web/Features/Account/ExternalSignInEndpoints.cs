using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Workspace.Web.Components.Account;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Account;

/// <summary>
/// "Sign in with …": the sign-in page's form posts here (antiforgery-checked, and limited like every
/// account post), the provider is challenged, and its answer comes back to the callback, which maps
/// the person onto an account (<see cref="ExternalSignIn"/>) and signs them in.
/// </summary>
internal static class ExternalSignInEndpoints
{
    public const string ChallengePath = "/Account/ExternalLogin";
    public const string CallbackPath = "/Account/ExternalLogin/Callback";

    private static readonly CookieBuilder StatusCookie = new()
    {
        SameSite = SameSiteMode.Lax,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(30),
    };

    public static IEndpointRouteBuilder MapExternalSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ChallengePath, (
            HttpContext context,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] ExternalProviders providers,
            [FromForm] string? provider,
            [FromForm] string? returnUrl) =>
        {
            if (providers.Find(provider) is not { } chosen)
            {
                return Results.LocalRedirect("~/Account/Login");
            }

            var local = LocalOrNull(returnUrl);
            var callback = local is null ? CallbackPath : $"{CallbackPath}?returnUrl={Uri.EscapeDataString(local)}";
            var properties = signInManager.ConfigureExternalAuthenticationProperties(chosen.Scheme, $"{context.Request.PathBase}{callback}");
            return Results.Challenge(properties, [chosen.Scheme]);
        });

        endpoints.MapGet(CallbackPath, async (
            HttpContext context,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] ExternalSignIn externalSignIn,
            [FromServices] AccountLinks links,
            [FromServices] ILoggerFactory loggers,
            [FromQuery] string? returnUrl,
            CancellationToken cancellationToken) =>
        {
            var local = LocalOrNull(returnUrl);
            var login = local is null ? "~/Account/Login" : $"~/Account/Login?ReturnUrl={Uri.EscapeDataString(local)}";
            var info = await signInManager.GetExternalLoginInfoAsync();
            if (info is null)
            {
                SetStatus(context, "Error: The sign-in with your organisation's account did not complete. Try again.");
                return Results.LocalRedirect(login);
            }

            var mapped = await externalSignIn.MapAsync(ExternalIdentity.From(info), cancellationToken);
            if (!mapped.Succeeded)
            {
                await context.SignOutAsync(IdentityConstants.ExternalScheme);
                SetStatus(context, mapped.Message!);
                return Results.LocalRedirect(login);
            }

            // Identity's own checks still apply: a locked-out account stays out, and an unconfirmed address must be confirmed first.
            var result = await signInManager.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            if (result.Succeeded)
            {
                return Results.LocalRedirect(local is null ? "~/partnerships" : $"~{local}");
            }

            if (result.IsLockedOut)
            {
                return Results.LocalRedirect("~/Account/Lockout");
            }

            if (result.IsNotAllowed)
            {
                await links.SendEmailConfirmationAsync(mapped.User!, local);
                SetStatus(context, $"Error: {info.ProviderDisplayName} has not verified your email address, so we sent you a link to confirm it. Then sign in with {info.ProviderDisplayName} again.");
                return Results.LocalRedirect(login);
            }

            loggers.CreateLogger(typeof(ExternalSignInEndpoints)).LogWarning("Sign-in with {Provider} was refused by Identity.", info.LoginProvider);
            SetStatus(context, ExternalSignIn.CouldNotCreateMessage);
            return Results.LocalRedirect(login);
        });

        return endpoints;
    }

    /// <summary>The message the sign-in page shows next (the same cookie as <see cref="IdentityRedirectManager"/>'s).</summary>
    internal static void SetStatus(HttpContext context, string message) =>
        context.Response.Cookies.Append(IdentityRedirectManager.StatusCookieName, message, StatusCookie.Build(context));

    /// <summary>A path in this app ("/invite/…"), never another site ("//evil.example", "/\evil.example", "https://…").</summary>
    internal static string? LocalOrNull(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/'
            && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : null;
}
