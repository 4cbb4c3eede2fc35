using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Workspace.Web.Features.Account;

/// <summary>What an OpenID Connect provider said about the person who signed in with it.</summary>
public sealed record ExternalIdentity(string Provider, string ProviderKey, string ProviderDisplayName, string? Email, bool EmailVerified, string? Name)
{
    public const string EmailClaim = "email";
    public const string EmailVerifiedClaim = "email_verified";
    public const string NameClaim = "name";

    /// <summary>Reads the provider's claims as sent (inbound claim mapping is off): <c>email</c>, <c>email_verified</c>, <c>name</c>.</summary>
    public static ExternalIdentity From(ExternalLoginInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return From(info.LoginProvider, info.ProviderKey, info.ProviderDisplayName ?? info.LoginProvider, info.Principal);
    }

    public static ExternalIdentity From(string provider, string providerKey, string providerDisplayName, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var email = principal.FindFirst(EmailClaim)?.Value?.Trim();
        var verified = principal.FindAll(EmailVerifiedClaim).Any(c => bool.TryParse(c.Value, out var value) && value);
        var name = principal.FindFirst(NameClaim)?.Value?.Trim();
        return new ExternalIdentity(provider, providerKey, providerDisplayName, string.IsNullOrEmpty(email) ? null : email, verified, string.IsNullOrEmpty(name) ? null : name);
    }
}
