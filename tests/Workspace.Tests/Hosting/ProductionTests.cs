using System.Net;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>Outside Development the app answers only to its own host names, redirects to HTTPS when it knows the port, and never seeds demo accounts.</summary>
public sealed class ProductionTests
{
    private const string Origin = "https://workspace.example.gov";

    [Theory]
    [InlineData("workspace.example.gov")]
    [InlineData("workspace.example.gov;workspace.internal")]
    [InlineData(null)]
    public async Task AHostThatIsNotAllowed_GetsBadRequest(string? allowedHosts)
    {
        await using var app = new TestApp("Production", new Dictionary<string, string?>
        {
            [PublicOrigin.Setting] = Origin,
            [HostingServiceCollectionExtensions.AllowedHostsSetting] = allowedHosts,
        });
        using var attacker = app.NewBrowser(new Uri("https://evil.example/"));
        using var person = app.NewBrowser(new Uri("https://workspace.example.gov/"));

        using var foreign = await attacker.GetAsync(new Uri("Account/Login", UriKind.Relative), TestContext.Current.CancellationToken);
        using var own = await person.GetAsync(new Uri("Account/Login", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task AllowedHostsStar_RefusesToStart()
    {
        await using var app = new TestApp("Production", new Dictionary<string, string?>
        {
            [PublicOrigin.Setting] = Origin,
            [HostingServiceCollectionExtensions.AllowedHostsSetting] = "*",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("AllowedHosts is \"*\"", StartupFailure.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoDataSeed_RefusesToStart_WithTheReason()
    {
        await using var app = new TestApp("Production", new Dictionary<string, string?>
        {
            [PublicOrigin.Setting] = Origin,
            [DemoData.SeedSetting] = "true",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("DemoData:Seed is true in the Production environment", StartupFailure.Message(error), StringComparison.Ordinal);
        Assert.Contains("refused outside Development", StartupFailure.Message(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("443", "https://workspace.example.gov/Account/Login")]
    [InlineData("8443", "https://workspace.example.gov:8443/Account/Login")]
    public async Task WithAnHttpsPort_PlainHttpIsRedirected(string httpsPort, string expected)
    {
        await using var app = new TestApp("Production", new Dictionary<string, string?> { [PublicOrigin.Setting] = Origin, ["https_port"] = httpsPort });
        using var browser = app.NewBrowser(new Uri("http://workspace.example.gov/"));

        using var response = await browser.GetAsync(new Uri("Account/Login", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task OverHttps_ResponsesCarryHsts_AndCookiesAreSecureAndHttpOnly()
    {
        await using var app = new TestApp("Production", new Dictionary<string, string?> { [PublicOrigin.Setting] = Origin });
        await app.AddPersonAsync("rosa@example.org", HttpForms.Password);
        using var browser = app.NewBrowser(new Uri(Origin + "/"));

        using var page = await browser.GetAsync(new Uri("Account/Login", UriKind.Relative), TestContext.Current.CancellationToken);
        using var signIn = await browser.SubmitAsync("Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = "rosa@example.org",
            ["Input.Password"] = HttpForms.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(page.Headers.Contains("Strict-Transport-Security"));
        var auth = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("workspace.auth=", StringComparison.Ordinal));
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        AssertCookie(auth, "samesite=lax");
        AssertCookie(antiforgery, "samesite=strict");
    }

    private static void AssertCookie(string setCookie, string sameSite)
    {
        Assert.Contains("; secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(sameSite, setCookie, StringComparison.OrdinalIgnoreCase);
    }
}
