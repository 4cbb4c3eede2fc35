using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Data;
using Workspace.Tests.Support;
using Workspace.Web.Features.Email;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>
/// Links in emails start with the configured public origin, or in Development with the address the app
/// listens on; never with the Host header of the request that caused the email.
/// </summary>
public sealed class PublicOriginTests
{
    private const string Email = "rosa@example.org";

    [Fact]
    public async Task ForgotPassword_SentWithAForeignHost_EmailsALinkUnderTheConfiguredOrigin()
    {
        var mail = new FakeEmailSender();
        await using var app = new TestApp("Development", new Dictionary<string, string?> { [PublicOrigin.Setting] = "https://workspace.example.gov" },
            services => services.AddSingleton<IAppEmailSender>(mail));
        await app.AddPersonAsync(Email, HttpForms.Password);
        using var attacker = app.NewBrowser(new Uri("http://evil.example/"));

        using var response = await attacker.SubmitAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = Email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(mail.Sent);
        var link = HttpForms.FirstLink(sent.HtmlBody);
        Assert.StartsWith("https://workspace.example.gov/Account/ResetPassword?code=", link.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WithoutAnOrigin_LinksUseTheAddressTheAppListensOn_NotTheHostHeader()
    {
        var mail = new FakeEmailSender();
        await using var app = new TestApp("Development", services: services => services.AddSingleton<IAppEmailSender>(mail));
        var listening = app.StartKestrel();
        await app.AddPersonAsync(Email, HttpForms.Password);
        using var attacker = app.CreateClient();
        attacker.DefaultRequestHeaders.Host = "evil.example";

        using var response = await attacker.SubmitAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = Email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = HttpForms.FirstLink(Assert.Single(mail.Sent).HtmlBody);
        Assert.StartsWith($"{listening.AbsoluteUri}Account/ResetPassword?code=", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(IPAddress.Loopback.ToString(), link.Host);
    }

    [Fact]
    public async Task Production_WithoutAnOrigin_RefusesToStart_NamingTheSetting()
    {
        await using var app = new TestApp("Production");

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(PublicOrigin.Setting, StartupFailure.Message(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("workspace.example.gov")]
    [InlineData("ftp://workspace.example.gov")]
    [InlineData("https://workspace.example.gov/?next=1")]
    public void AnOriginThatIsNotAnHttpAddress_IsRefused(string configured)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PublicOrigin.Setting] = configured }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => PublicOrigin.FromConfiguration(configuration, new TestHostEnvironment(Path.GetTempPath())));

        Assert.Contains(PublicOrigin.Setting, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://workspace.example.gov", "https://workspace.example.gov/invite/abc")]
    [InlineData("https://example.gov/workspace", "https://example.gov/workspace/invite/abc")]
    [InlineData("https://example.gov/workspace/", "https://example.gov/workspace/invite/abc")]
    public void Links_KeepThePathOfTheOrigin(string configured, string expected)
    {
        Assert.Equal(expected, new PublicOrigin(new Uri(configured)).Link("/invite/abc").AbsoluteUri);
    }
}
