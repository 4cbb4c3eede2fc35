using System.Net;
using System.Text.RegularExpressions;

namespace Workspace.LoadGen;

/// <summary>Signs a person in through the real sign-in form and keeps the resulting cookie.</summary>
public static partial class AccountSession
{
    public const string AuthCookieName = "workspace.auth";

    /// <summary>
    /// GETs /Account/Login, posts the form back with its hidden fields (antiforgery token, form name)
    /// and returns the Cookie header value that carries the sign-in.
    /// </summary>
    public static async Task<string> SignInAsync(Uri baseAddress, string email, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress };

        var form = await http.GetStringAsync(new Uri("Account/Login", UriKind.Relative), cancellationToken);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in Input().Matches(form))
        {
            var attributes = Attribute().Matches(input.Value).ToDictionary(a => a.Groups["name"].Value.ToUpperInvariant(), a => WebUtility.HtmlDecode(a.Groups["value"].Value));
            if (attributes.GetValueOrDefault("TYPE") == "hidden" && attributes.TryGetValue("NAME", out var name))
            {
                fields.Add(new(name, attributes.GetValueOrDefault("VALUE") ?? ""));
            }
        }

        if (!fields.Exists(f => f.Key == "__RequestVerificationToken"))
        {
            throw new InvalidOperationException("The sign-in form has no antiforgery token.");
        }

        fields.Add(new("Input.Email", email));
        fields.Add(new("Input.Password", password));
        using var content = new FormUrlEncodedContent(fields);
        using var response = await http.PostAsync(new Uri("Account/Login", UriKind.Relative), content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode} instead of a redirect.");
        }

        var auth = cookies.GetCookies(baseAddress)[AuthCookieName]
            ?? throw new InvalidOperationException($"Signing in as {email} set no {AuthCookieName} cookie (wrong password, or the account is locked out).");
        return $"{auth.Name}={auth.Value}";
    }

    /// <summary>
    /// A client that sends the sign-in <paramref name="cookie"/> (as <see cref="SignInAsync"/> returns it, with any more
    /// "name=value" pairs after a ';') and, as a browser does, keeps the renewed sign-in the app sets once its
    /// security stamp was checked again; a fixed cookie would have every later request checked and renewed.
    /// </summary>
    public static HttpClient SignedInClient(Uri baseAddress, string cookie, TimeSpan timeout, int maxConnections = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(cookie);
        var container = new CookieContainer();
        foreach (var pair in cookie.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            container.Add(baseAddress, new Cookie(pair[..equals], pair[(equals + 1)..]));
        }

        return new HttpClient(new SocketsHttpHandler { CookieContainer = container, MaxConnectionsPerServer = maxConnections })
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
        };
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Input();

    [GeneratedRegex("(?<name>[a-zA-Z_:.-]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Attribute();
}
