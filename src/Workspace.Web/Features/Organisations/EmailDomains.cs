using System.Text.RegularExpressions;

namespace Workspace.Web.Features.Organisations;

/// <summary>Email domains an organisation can register to verify who works for it.</summary>
public static partial class EmailDomains
{
    // Anyone can open an address at these, so they prove nothing about an employer.
    private static readonly HashSet<string> PublicMailServices = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "live.co.uk", "msn.com",
        "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com",
        "pm.me", "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com", "yandex.com", "yandex.ru", "zoho.com", "btinternet.com",
        "fastmail.com", "tutanota.com", "mail.ru", "qq.com", "163.com",
    };

    /// <summary>The lower-case domain of an address, or null when it has none.</summary>
    public static string? Of(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        return at < 0 ? null : Normalise(email![(at + 1)..]);
    }

    /// <summary>A valid host name in lower case, or null (a leading "@" is forgiven).</summary>
    public static string? Normalise(string? domain)
    {
        var value = domain?.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();
        return value is { Length: > 0 and <= OrganisationDomain.DomainMaxLength } && HostName().IsMatch(value) ? value : null;
    }

    public static bool IsPublicMailService(string domain) => PublicMailServices.Contains(domain);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
