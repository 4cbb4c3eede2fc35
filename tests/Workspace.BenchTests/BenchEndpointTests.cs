using System.Net;

namespace Workspace.BenchTests;

/// <summary>The bench endpoints exist only in Development with Bench:Endpoints=true.</summary>
public sealed class BenchEndpointTests
{
    private static readonly Dictionary<string, string> Enabled = new() { ["Bench:Endpoints"] = "true", ["DemoData:Seed"] = "false" };

    [Fact]
    public async Task Production_never_serves_them_even_when_configured()
    {
        await using var app = new BenchApp("Production", Enabled);
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
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var token = TestContext.Current.CancellationToken;
        using var heap = await client.GetAsync(new Uri("/_bench/heap", UriKind.Relative), token);
        Assert.Equal(HttpStatusCode.NotFound, heap.StatusCode);

        // Without the endpoint the POST falls to the pages, which refuse it (no page, no antiforgery token).
        using var edit = await client.PostAsync(
            new Uri($"/_bench/goals/{Guid.NewGuid()}/{Guid.NewGuid()}/title?value=x", UriKind.Relative), null, token);
        Assert.Contains(edit.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.BadRequest });
    }
}
