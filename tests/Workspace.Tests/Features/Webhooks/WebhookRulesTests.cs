using System.Net;
using Workspace.Web.Features.Webhooks;

namespace Workspace.Tests.Features.Webhooks;

/// <summary>The signature, the retry schedule and the address rules (SSRF) on their own.</summary>
public sealed class WebhookRulesTests
{
    [Fact]
    public void Signature_IsHexHmacSha256OfTimestampDotBody_WithTheSecret()
    {
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_known-vector-secret', b'1767225600.{\"event\":\"ping\"}', hashlib.sha256).hexdigest())"
        Assert.Equal("sha256=daa5e7fd7acf3af96d8f8c2acac125c25b7cb250d4a27210176ec482701f8ea3",
            WebhookSecrets.Sign("whsec_known-vector-secret", 1767225600, """{"event":"ping"}"""));
    }

    [Fact]
    public void NewSecrets_AreLongPrefixedAndDifferent()
    {
        var (a, b) = (WebhookSecrets.NewSecret(), WebhookSecrets.NewSecret());
        Assert.StartsWith(WebhookSecrets.Prefix, a, StringComparison.Ordinal);
        Assert.True(a.Length >= 40);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Backoff_WaitsOneMinuteFiveMinutesHalfAnHourTwoHoursTwelveHours_ThenGivesUp()
    {
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)],
            Enumerable.Range(1, 5).Select(n => WebhookBackoff.RetryAfter(n)!.Value));
        Assert.Null(WebhookBackoff.RetryAfter(6));
        Assert.Equal(6, WebhookBackoff.MaxAttempts);
    }

    [Theory]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("https://172.16.3.4/hook")]
    [InlineData("https://172.31.255.1/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd12:3456::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://localhost/hook")]
    public void LiteralPrivateLinkLocalAndLoopbackAddresses_AreRefusedAtRegistration(string url)
    {
        var error = new WebhookAddressGuard(allowLoopback: false).Check(url);

        Assert.NotNull(error);
        Assert.True(error.Contains("private", StringComparison.Ordinal) || error.Contains("loopback", StringComparison.Ordinal), error);
    }

    [Theory]
    [InlineData("http://example.org/hook", "HTTPS")]
    [InlineData("ftp://example.org/hook", "https://")]
    [InlineData("example.org/hook", "https://")]
    [InlineData("https://user:pass@example.org/hook", "password")]
    [InlineData("http://127.0.0.1:5300/hook", "HTTPS")]
    public void OtherBadAddresses_GetAClearMessage(string url, string says)
    {
        Assert.Contains(says, new WebhookAddressGuard(allowLoopback: false).Check(url), StringComparison.Ordinal);
    }

    [Fact]
    public void PublicHttpsAddresses_Pass_AndLoopbackHttpOnlyWithTheFlag()
    {
        var production = new WebhookAddressGuard(allowLoopback: false);
        var development = new WebhookAddressGuard(allowLoopback: true);

        Assert.Null(production.Check("https://hooks.example.org/workspace"));
        Assert.Null(production.Check("https://93.184.216.34/hook"));
        Assert.Null(development.Check("http://127.0.0.1:5300/hook"));
        Assert.Null(development.Check("http://localhost:5300/hook"));
        Assert.NotNull(development.Check("http://example.org/hook"));
        Assert.NotNull(development.Check("https://10.1.1.1/hook"));
    }

    [Fact]
    public async Task AHostnameResolvingToAPrivateAddress_IsRefusedAtSendTime()
    {
        var guard = new WebhookAddressGuard(false, (host, _) => Task.FromResult(host == "internal.example.org"
            ? new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.20.30.40") }
            : [IPAddress.Parse("93.184.216.34")]));

        var refused = await Assert.ThrowsAsync<WebhookRefusedException>(() => guard.ResolveAsync("internal.example.org", TestContext.Current.CancellationToken));
        Assert.Contains("10.20.30.40", refused.Message, StringComparison.Ordinal);
        Assert.Equal(IPAddress.Parse("93.184.216.34"), await guard.ResolveAsync("hooks.example.org", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<WebhookRefusedException>(() => guard.ResolveAsync("127.0.0.1", TestContext.Current.CancellationToken));
    }
}
