using System.Net;

namespace Workspace.BenchTests;

/// <summary>The bench endpoints exist only in Development with Bench:Endpoints=true.</summary>
public sealed class BenchEndpointTests
{
    private static readonly Dictionary<string, string> Enabled = new() { ["Bench:Endpoints"] = "true", ["DemoData:Seed"] = "false" };

    [Fact]
    public async Task Production_never_serves_them_even_when_configured()
    {
        // Production needs the address people open the app at, and HTTPS (its cookies are HTTPS-only).
        await using var app = new BenchApp("Production", new Dictionary<string, string>(Enabled) { ["App:PublicOrigin"] = "https://localhost" });
        await AssertAbsentAsync(app);
    }

    [Fact]
    public async Task Development_serves_them_only_when_switched_on()
    {
        await using (var off = new BenchApp("Development", new Dictionary<string, string> { ["DemoData:Seed"] = "false" }))
        {
            await AssertAbsentAsync(off);
        }

        await using var on = new BenchApp("Development", Enabled);
        using var client = on.CreateClient();
        using var heap = await client.GetAsync(new Uri("/_bench/heap", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, heap.StatusCode);
    }

    private static async Task AssertAbsentAsync(BenchApp app)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var token = TestContext.Current.CancellationToken;
        using var heap = await client.GetAsync(new Uri("/_bench/heap", UriKind.Relative), token);
        Assert.Equal(HttpStatusCode.NotFound, heap.StatusCode);

        // Without the endpoints a POST falls to the pages, which refuse it (no page, no antiforgery token).
        foreach (var path in new[]
        {
            $"/_bench/goals/{Guid.NewGuid()}/{Guid.NewGuid()}/title?value=x",
            $"/_bench/log/{Guid.NewGuid()}/decisions?title=x",
            $"/_bench/workshops/{Guid.NewGuid()}/live",
            $"/_bench/workshops/{Guid.NewGuid()}/{Guid.NewGuid()}/items/{Guid.NewGuid()}/ideas?text=x",
        })
        {
            using var edit = await client.PostAsync(new Uri(path, UriKind.Relative), null, token);
            Assert.True(edit.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path} answered {(int)edit.StatusCode}");
        }
    }
}
