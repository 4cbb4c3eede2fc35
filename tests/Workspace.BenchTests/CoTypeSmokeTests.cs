using Workspace.LoadGen;

namespace Workspace.BenchTests;

/// <summary>
/// The co-typing instrument against the app on Kestrel: a few typists open the goal description's editor in real
/// circuits and type into it at once. It checks that every keystroke reached every other typist and that all of
/// them end with the stored text, never how fast.
/// </summary>
public sealed class CoTypeSmokeTests
{
    [Fact]
    public async Task Three_typists_converge_on_the_stored_text_and_see_each_others_keystrokes()
    {
        await using var app = new BenchApp("Development", new Dictionary<string, string>
        {
            ["Bench:Endpoints"] = "true",
            ["DemoData:Seed"] = "true",
            ["RateLimits:AccountPostsPerMinute"] = "1000",
        });
        var baseAddress = app.StartKestrel();

        var report = await new CoTypeRun(new CoTypeOptions
        {
            BaseAddress = baseAddress,
            Typists = 3,
            KeystrokesPerSecond = 5,
            Duration = TimeSpan.FromSeconds(3),
            DeliveryTimeout = TimeSpan.FromSeconds(60),
        }).RunAsync(TestContext.Current.CancellationToken);

        var summary = report.ToText();
        Assert.True(report.TypistsReady == 3 && report.ConnectErrors == 0 && report.Errors == 0, summary);
        Assert.True(report.KeystrokesTyped == 45 && report.KeystrokesLost == 0 && report.KeystrokesAcknowledged == 45, summary);
        Assert.True(report.Converged, summary);
        Assert.True(report.Delivered == report.DeliveriesExpected && report.DeliveriesExpected == 45 * 2, summary);
        Assert.True(report.KeystrokeToOtherScreen.Count == 90 && report.KeystrokeToOwnAck.Count == 45, summary);
        Assert.Contains("attach", report.JsCalls, StringComparison.Ordinal);
        // The others' operations come on the co-text hub, not through calls into the page.
        Assert.DoesNotContain("receive", report.JsCalls, StringComparison.Ordinal);
    }
}
