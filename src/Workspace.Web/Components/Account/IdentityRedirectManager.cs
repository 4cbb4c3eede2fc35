using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Workspace.Web.Data;

namespace Workspace.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>
    /// <paramref name="returnUrl"/> when it is a path on this site, otherwise <paramref name="fallback"/>: a
    /// return address from a query string must never send a person (or their sign-in) elsewhere.
    /// </summary>
    public static string LocalOr(string? returnUrl, string fallback)
    {
        if (string.IsNullOrWhiteSpace(returnUrl)
            || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return fallback;
        }

        // A scheme ("https:", "javascript:") before the first slash, question mark or hash makes it absolute.
        var colon = returnUrl.IndexOf(':', StringComparison.Ordinal);
        var pathStart = returnUrl.IndexOfAny(['/', '?', '#']);
        return colon >= 0 && (pathStart < 0 || colon < pathStart) ? fallback : returnUrl;
    }

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        // Prevent open redirects.
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative)
            || uri.StartsWith("//", StringComparison.Ordinal))
        {
            uri = navigationManager.ToBaseRelativePath(uri);
        }

        navigationManager.NavigateTo(uri);
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
