using Workspace.LoadGen;

namespace Workspace.BenchTests;

/// <summary>
/// The soak mode against the app on Kestrel, briefly: a few circuits replaced while edits arrive, the
/// heap sampled, and every circuit closed so that the server counts none. It checks the bookkeeping, never the drift.
/// </summary>
public sealed class SoakSmokeTests
{
    [Fact]
    public async Task Circuits_replaced_for_twenty_seconds_are_all_closed_on_the_server_with_no_error()
    {
        await using var app = new BenchApp("Development", new Dictionary<string, string>
        {
            ["Bench:Endpoints"] = "true",
            ["DemoData:Seed"] = "true",
            ["RateLimits:AccountPostsPerMinute"] = "1000",
        });
        var baseAddress = app.StartKestrel();

        var report = await new SoakRun(new SoakOptions
        {
            BaseAddress = baseAddress,
            Circuits = 6,
            Duration = TimeSpan.FromSeconds(20),
            ChurnPerSecond = 2,
            EditsPerSecond = 2,
            SampleInterval = TimeSpan.FromSeconds(5),
            Settle = TimeSpan.FromSeconds(2),
            WarmupCircuits = 2,
        }).RunAsync(TestContext.Current.CancellationToken);

        var summary = report.ToText();
        Assert.True(report.Errors == 0, summary);
        Assert.True(report.CircuitsReady == 6, summary);
        // Churn and edits happened (how many depends on how busy the machine is; rates belong to the benchmark).
        Assert.True(report.CircuitsOpened >= 2 + 6 + 5, summary);
        Assert.True(report.CircuitsClosed == report.CircuitsOpened, summary);
        Assert.True(report.ServerCircuitsAfterClose == 0, summary);
        Assert.True(report.EditsSent >= 5 && report.EditToViewer.Count > 0, summary);
        Assert.Equal(["before", "baseline", "soak", "soak", "soak", "end", "after close"], report.Samples.Select(s => s.Phase));

        // With churn running, the server holds the circuits the generator holds, give or take the
        // replacements in flight: the 40 closed ones do not wait in the disconnected-circuit cache.
        Assert.All(report.Samples.Where(s => s.Phase is "soak" or "end"), s => Assert.InRange(s.ServerCircuits, 5, 10));
        Assert.True(double.IsFinite(report.DriftPercent) && double.IsFinite(report.LeakPercent), summary);
    }
}
