using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Account;

/// <summary>
/// Identity's authenticator check (RFC 6238, codes of the neighbouring 30-second steps accepted for clock
/// drift), made single-use: a code that was accepted once is refused for as long as it could still be
/// valid. Identity itself accepts the same code again, so a code seen over someone's shoulder or
/// captured on its way could sign in a second time.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(TimeProvider clock) : AuthenticatorTokenProvider<ApplicationUser>
{
    /// <summary>Where the last accepted code is kept, beside the key Identity stores.</summary>
    public const string Store = "[AspNetUserStore]";

    public const string LastCodeName = "LastAuthenticatorCode";

    // Identity accepts codes up to two steps either side of now: a code lives at most about 2.5 minutes.
    internal static readonly TimeSpan ReuseWindow = TimeSpan.FromMinutes(5);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (!await base.ValidateAsync(purpose, token, manager, user))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (WasUsed(await manager.GetAuthenticationTokenAsync(user, Store, LastCodeName), token, now))
        {
            return false;
        }

        await manager.SetAuthenticationTokenAsync(user, Store, LastCodeName, $"{token}@{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        return true;
    }

    /// <summary>Whether <paramref name="code"/> is the code recorded in <paramref name="lastUse"/> ("code@unix seconds") within the window.</summary>
    internal static bool WasUsed(string? lastUse, string code, DateTimeOffset now)
    {
        var at = lastUse?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at > 0
            && string.Equals(lastUse![..at], code, StringComparison.Ordinal)
            && long.TryParse(lastUse[(at + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            && now - DateTimeOffset.FromUnixTimeSeconds(seconds) < ReuseWindow;
    }
}
