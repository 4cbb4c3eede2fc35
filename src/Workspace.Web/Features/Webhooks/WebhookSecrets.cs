using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Workspace.Web.Features.Webhooks;

/// <summary>
/// Makes, keeps and uses the per-hook signing secrets. The secret must be readable to sign each delivery,
/// so it is encrypted with the app's data protection key ring (shared by all nodes), not hashed.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";

    private readonly IDataProtector _protector = protection.CreateProtector("Workspace.Webhooks.Secret.v1");

    public static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>The <c>X-Workspace-Signature</c> value: <c>sha256=</c> and the hex HMAC-SHA256 of "{timestamp}.{body}".</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
