using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Workspace.Web.Features.Notifications;

/// <summary>
/// The unsubscribe link's token: the person's id, protected for this purpose only (a token made for any
/// other purpose does not open) and with an expiry, so a link works without signing in but cannot be
/// altered to unsubscribe someone else, nor used for ever.
/// </summary>
public sealed class DigestTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Purpose = "digest-unsubscribe";

    /// <summary>How long an emailed link works: longer than the gap between two weekly digests.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(60);

    // The expiry travels inside the protected payload and is checked against the app's clock.
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Create(string userId) => Create(userId, clock.GetUtcNow() + Lifetime);

    public string Create(string userId, DateTimeOffset expiresUtc) =>
        _protector.Protect($"{expiresUtc.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{userId}");

    /// <summary>The person the token was made for; null when it was altered, made for something else, or has expired.</summary>
    public string? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2_000)
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(token).Split('|', 2);
            return payload.Length == 2 && long.TryParse(payload[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks > clock.GetUtcNow().UtcTicks && payload[1].Length > 0
                ? payload[1]
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
