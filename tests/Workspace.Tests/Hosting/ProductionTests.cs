using System.Net;
using Workspace.Tests.Support;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>Outside Development the app answers only to its own host names.</summary>
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
}
