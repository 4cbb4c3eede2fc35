using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Workspace.Tests.Support;
using Workspace.Web.Hosting;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>
/// Two whole apps sharing one Redis but each with its own key folder, as two machines would: the key ring is in
/// Redis, so one node's protected data and forms are accepted by the other; the readiness probe names Redis
/// and only degrades when it is down.
/// </summary>
public sealed partial class RedisNodesTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task DataProtectedOnA_IsReadOnB_ThroughTheKeyRingInRedis()
    {
        await using var a = NewNode();
        await using var b = NewNode();

        var payload = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("redis-nodes").Protect("hello from A");

        Assert.Equal("hello from A", b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("redis-nodes").Unprotect(payload));
        await using var client = await redis.ConnectAsync();
        Assert.True(await client.GetDatabase().ListLengthAsync(RedisConnection.KeyRingKey) > 0);
    }

    [Fact]
    public async Task FormFromA_IsAcceptedByB_WhileATamperedTokenIsRefused()
    {
        await using var a = NewNode();
        await using var b = NewNode();
        using var browserOnA = a.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var page = await browserOnA.GetAsync(new Uri("Account/Login", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var fields = HiddenInputs().Matches(html).Select(m => (m.Groups["name"].Value, WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .DistinctBy(f => f.Item1).ToDictionary(f => f.Item1, f => f.Item2);
        fields["Input.Email"] = "nobody@example.org";
        fields["Input.Password"] = "Not-The-Password-1!";

        using var browserOnB = b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var accepted = await PostAsync(browserOnB, cookies, fields);
        using var refused = await PostAsync(browserOnB, cookies, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = "tampered" });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("password is not right", await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Ready_NamesRedis_AndDegradesWithoutFailingWhenRedisIsDown()
    {
        await using var app = NewNode();
        using var probe = app.NewBrowser();
        var up = await ReadyAsync(probe);

        await redis.StopAsync();
        try
        {
            // The check reads the client's connection state, which turns within moments of the crash.
            var down = await ReadyAsync(probe);
            for (var deadline = DateTime.UtcNow.AddSeconds(10); Check(down.Report, "redis") == "Healthy" && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
                down = await ReadyAsync(probe);
            }

            Assert.Equal((HttpStatusCode.OK, "Healthy", "Healthy"), (up.Status, up.Report.GetProperty("status").GetString(), Check(up.Report, "redis")));
            Assert.Equal((HttpStatusCode.OK, "Degraded", "Degraded", "Healthy"),
                (down.Status, down.Report.GetProperty("status").GetString(), Check(down.Report, "redis"), Check(down.Report, "database")));
            Assert.DoesNotContain("127.0.0.1", down.Report.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    [Fact]
    public async Task WithoutRedis_ReadyListsNoRedisCheck()
    {
        await using var app = new TestApp("Development");
        using var probe = app.NewBrowser();

        var ready = await ReadyAsync(probe);

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(["database"], ready.Report.GetProperty("checks").EnumerateObject().Select(c => c.Name));
    }

    private TestApp NewNode() => new("Development", new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });

    private static string? Check(JsonElement report, string name) => report.GetProperty("checks").GetProperty(name).GetProperty("status").GetString();

    private static async Task<(HttpStatusCode Status, JsonElement Report)> ReadyAsync(HttpClient probe)
    {
        using var response = await probe.GetAsync(new Uri(HealthProbes.ReadyPath, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string cookies, IReadOnlyDictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("Account/Login", UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", cookies);
        return await browser.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("<input\\b[^>]*\\btype=\"hidden\"[^>]*\\bname=\"(?<name>[^\"]*)\"[^>]*\\bvalue=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInputs();
}
