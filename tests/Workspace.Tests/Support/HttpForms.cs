using System.Net;
using System.Text.RegularExpressions;

namespace Workspace.Tests.Support;

/// <summary>Fills in and posts the app's server-rendered forms as a browser would, antiforgery token included.</summary>
public static partial class HttpForms
{
    public const string Password = "Original-Pass-2026!";

    /// <summary>
    /// Opens <paramref name="path"/>, takes the hidden fields of the form named <paramref name="formName"/>
    /// (its handler name and antiforgery token), adds <paramref name="fields"/> and posts it to the same address.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var token = TestContext.Current.CancellationToken;
        using var page = await client.GetAsync(new Uri(path, UriKind.Relative), token);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)page.StatusCode}.");
        var html = await page.Content.ReadAsStringAsync(token);
        var form = Forms().Matches(html).Select(m => m.Value)
            .FirstOrDefault(f => f.Contains($"value=\"{formName}\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{path} has no form named {formName}.");

        var values = HiddenInputs().Matches(form)
            .Select(input => (Name: Attribute(input.Value, "name"), Value: Attribute(input.Value, "value")))
            .Where(input => input.Name is not null)
            .ToDictionary(input => input.Name!, input => input.Value ?? "");
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(path, UriKind.Relative), content, token);
    }

    /// <summary>Signs in through the sign-in form; the client keeps the cookie.</summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password = Password)
    {
        using var response = await client.SubmitAsync("Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.EndsWith("partnerships", StringComparison.Ordinal) == true,
            $"Signing in as {email} answered {(int)response.StatusCode} {response.Headers.Location}.");
    }

    /// <summary>The status of a page only signed-in people may open: 200 while the session lasts, a redirect to sign in after.</summary>
    public static async Task<HttpResponseMessage> OpenAccountPageAsync(this HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.GetAsync(new Uri("Account/Manage/ChangePassword", UriKind.Relative), TestContext.Current.CancellationToken);
    }

    /// <summary>The first link in an email's HTML, decoded.</summary>
    public static Uri FirstLink(string html)
    {
        var href = Href().Match(html);
        return href.Success ? new Uri(WebUtility.HtmlDecode(href.Groups["href"].Value)) : throw new InvalidOperationException($"No link in: {html}");
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"(?<value>[^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups["value"].Value) : null;
    }

    [GeneratedRegex("<form\\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex Forms();

    [GeneratedRegex("<input\\b[^>]*\\btype=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInputs();

    [GeneratedRegex("href=\"(?<href>[^\"]+)\"")]
    private static partial Regex Href();
}
