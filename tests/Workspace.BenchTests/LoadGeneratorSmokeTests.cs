using Workspace.LoadGen;

namespace Workspace.BenchTests;

/// <summary>
/// The load generator against the app on Kestrel: 50 real circuits on the goal page, 20 edits, and
/// every viewer must receive every edit with no error. It checks delivery, never time.
/// </summary>
public sealed class LoadGeneratorSmokeTests
{
    [Fact]
    public async Task Fifty_circuits_receive_every_one_of_twenty_edits()
    {
        await using var app = new BenchApp("Development", new Dictionary<string, string>
        {
            ["Bench:Endpoints"] = "true",
            ["DemoData:Seed"] = "true",
            ["RateLimits:AccountPostsPerMinute"] = "1000",
        });
        var baseAddress = app.StartKestrel();

        var report = await new LoadRun(new LoadOptions
        {
            BaseAddress = baseAddress,
            Viewers = 50,
            Edits = 20,
            WaitForEachEdit = true,
            ConnectConcurrency = 8,
        }).RunAsync(TestContext.Current.CancellationToken);

        var summary = report.ToText();
        Assert.True(report.ViewersConnected == 50, summary);
        Assert.True(report.ConnectErrors == 0 && report.CircuitErrors == 0 && report.EditErrors == 0, summary);
        Assert.True(report.EditsSent == 20, summary);
        Assert.True(report.DeliveriesExpected == 50 * 20 && report.Delivered == report.DeliveriesExpected, summary);
        Assert.True(report.HeapPerCircuitKb is not null, summary);
    }
}
