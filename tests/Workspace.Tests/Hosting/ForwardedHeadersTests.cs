using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Workspace.Tests.Support;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>
/// X-Forwarded-For is believed only from a configured proxy (or loopback when none is configured), so a
/// client cannot lift the sign-in rate limit by sending a new forwarded address with every attempt.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const int Limit = 3;

    [Theory]
    [InlineData("203.0.113.7", null, null)]
    [InlineData("203.0.113.7", "10.0.0.5", null)]
    [InlineData("203.0.113.7", null, "10.0.0.0/8")]
    [InlineData("127.0.0.1", "10.0.0.5", null)]
    public async Task RotatingForwardedFor_FromAClientThatIsNotATrustedProxy_StillHitsTheLimit(string client, string? proxies, string? networks)
    {
        await using var app = NewApp(proxies, networks);

        var statuses = new List<int>();
        for (var attempt = 0; attempt <= Limit; attempt++)
        {
            statuses.Add(await PostSignInAsync(app, client, forwardedFor: $"198.51.100.{attempt + 1}"));
        }

        Assert.All(statuses.Take(Limit), status => Assert.NotEqual(StatusCodes.Status429TooManyRequests, status));
        Assert.Equal(StatusCodes.Status429TooManyRequests, statuses[Limit]);
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5", null)]
    [InlineData("10.1.2.3", null, "10.0.0.0/8")]
    [InlineData("10.1.2.3", "10.0.0.5", "10.1.0.0/16")]
    [InlineData("127.0.0.1", null, null)]
    public async Task FromATrustedProxy_TheForwardedAddressIsWhatTheLimitCounts(string proxy, string? proxies, string? networks)
    {
        await using var app = NewApp(proxies, networks);

        // Many people behind one proxy: each forwarded address has its own allowance.
        for (var attempt = 0; attempt <= Limit * 2; attempt++)
        {
            Assert.NotEqual(StatusCodes.Status429TooManyRequests, await PostSignInAsync(app, proxy, forwardedFor: $"198.51.100.{attempt + 1}"));
        }

        // One of them trying again and again is limited.
        var repeated = new List<int>();
        for (var attempt = 0; attempt <= Limit; attempt++)
        {
            repeated.Add(await PostSignInAsync(app, proxy, forwardedFor: "192.0.2.44"));
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, repeated[Limit]);
    }

    [Theory]
    [InlineData(TrustedProxies.ProxiesSetting, "10.0.0.300")]
    [InlineData(TrustedProxies.NetworksSetting, "10.0.0.0/99")]
    [InlineData(TrustedProxies.NetworksSetting, "proxy.internal")]
    public void AnEntryThatIsNotAnAddress_StopsTheStart_NamingTheSetting(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => TrustedProxies.FromConfiguration(configuration));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_AreReadFromIndexedEntriesOrOneSeparatedString()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{TrustedProxies.ProxiesSetting}:0"] = "10.0.0.5",
            [$"{TrustedProxies.ProxiesSetting}:1"] = "10.0.0.6",
            [TrustedProxies.NetworksSetting] = "172.16.0.0/12; fd00::/8",
        }).Build();

        var trusted = TrustedProxies.FromConfiguration(configuration);

        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("10.0.0.6")], trusted.Proxies);
        Assert.Equal([IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("fd00::/8")], trusted.Networks);
    }

    private static TestApp NewApp(string? proxies, string? networks) => new("Development", new Dictionary<string, string?>
    {
        ["RateLimits:AccountPostsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [TrustedProxies.ProxiesSetting] = proxies,
        [TrustedProxies.NetworksSetting] = networks,
    });

    /// <summary>A sign-in post arriving over a connection from <paramref name="remoteAddress"/>; returns the status code.</summary>
    private static async Task<int> PostSignInAsync(TestApp app, string remoteAddress, string forwardedFor)
    {
        var context = await app.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Post;
            http.Request.Path = "/Account/Login";
            http.Request.ContentType = "application/x-www-form-urlencoded";
            http.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
            http.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }, TestContext.Current.CancellationToken);
        return context.Response.StatusCode;
    }
}
