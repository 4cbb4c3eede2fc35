using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workspace.Web.Features.Publication;

/// <summary>The rules of a public results page that need no database: slugs, consent states and when a page is live.</summary>
public static partial class PublicationRules
{
    /// <summary>Words a slug may not be: they name the site's own pages or would mislead a reader of the address.</summary>
    public static readonly FrozenSet<string> ReservedSlugs = new[]
    {
        "admin", "administrator", "api", "app", "account", "accounts", "login", "logout", "signin", "signout", "register",
        "public", "private", "p", "partnership", "partnerships", "portfolio", "profile", "organisation", "organisations",
        "new", "edit", "settings", "publish", "help", "about", "support", "security", "status", "health", "healthz",
        "static", "assets", "content", "framework", "css", "js", "fonts", "icons", "robots", "sitemap", "favicon",
        "www", "mail", "root", "system", "null", "undefined", "test", "official", "government", "workspace",
        "not-found", "error", "index", "home",
    }.ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SlugPattern();

    /// <summary>Why the slug cannot be used (uniqueness aside), or null when it can.</summary>
    public static string? SlugProblem(string? slug)
    {
        var value = (slug ?? "").Trim();
        if (value.Length == 0)
        {
            return "Choose the page's address.";
        }

        if (value.Length is < Publication.SlugMinLength or > Publication.SlugMaxLength)
        {
            return $"The address must be {Publication.SlugMinLength}–{Publication.SlugMaxLength} characters long (it is {value.Length}).";
        }

        if (!SlugPattern().IsMatch(value))
        {
            return "Use lower-case letters a–z, digits and single hyphens between them, e.g. \"food-security-2027\".";
        }

        return ReservedSlugs.Contains(value) ? $"\"{value}\" is reserved for the site's own pages. Choose another address." : null;
    }

    /// <summary>A slug made from a name: lower case, accents dropped, runs of other characters turned into one hyphen.</summary>
    public static string SuggestSlug(string name)
    {
        var text = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                text.Append(c);
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark
                && text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }

        var slug = text.ToString().Trim('-');
        if (slug.Length > Publication.SlugMaxLength)
        {
            slug = slug[..Publication.SlugMaxLength].TrimEnd('-');
        }

        return slug.Length >= Publication.SlugMinLength ? slug : "";
    }

    /// <summary>Live when there is at least one partner and every one of them consents to the current proposal.</summary>
    public static bool IsLive(IReadOnlyCollection<PartnerConsent> partners) =>
        partners.Count > 0 && partners.All(p => p.State == ConsentState.Consented);

    /// <summary>A partner's state from its consent row for the current proposal version (none: awaiting).</summary>
    public static ConsentState StateOf(PublicationConsent? consent) => consent switch
    {
        null => ConsentState.Awaiting,
        { WithdrawnUtc: not null } => ConsentState.Withdrawn,
        _ => ConsentState.Consented,
    };

    public static string IdsJson(IEnumerable<Guid> ids) => JsonSerializer.Serialize(ids.Distinct().Order().ToArray());

    public static IReadOnlyList<Guid> Ids(string json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Guid[]>(json) ?? [];
}
