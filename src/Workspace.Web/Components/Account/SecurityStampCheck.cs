using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Workspace.Web.Components.Account;

/// <summary>
/// The sign-in cookie's check of the user's security stamp, run only when it is due. Identity's own
/// handler builds its validator for every request, and with it the sign-in manager, the user store and
/// a database context, even when the cookie is too young to check. On the request that opens a live
/// connection those stay alive as long as the connection does: a pooled database context per open page.
/// The rule for "due" is Identity's: no issue time, or older than <see cref="SecurityStampValidatorOptions.ValidationInterval"/>.
/// </summary>
internal static class SecurityStampCheck
{
    public static Task WhenDueAsync(CookieValidatePrincipalContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        return IsDue(context.Properties.IssuedUtc, options, (options.TimeProvider ?? TimeProvider.System).GetUtcNow())
            ? SecurityStampValidator.ValidatePrincipalAsync(context)
            : Task.CompletedTask;
    }

    internal static bool IsDue(DateTimeOffset? issuedUtc, SecurityStampValidatorOptions options, DateTimeOffset nowUtc) =>
        issuedUtc is not { } issued || nowUtc - issued > options.ValidationInterval;
}
