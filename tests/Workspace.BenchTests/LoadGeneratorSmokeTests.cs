using Workspace.LoadGen;

namespace Workspace.BenchTests;

/// <summary>
/// The load generator against the app on Kestrel: real circuits on a page (or watchers on the live hub),
/// edits carrying nonces, and every viewer must receive every edit with no error. It checks delivery, never time.
/// </summary>
public sealed class LoadGeneratorSmokeTests
{
    [Fact]
    public async Task Fifty_circuits_receive_every_one_of_twenty_edits()
    {
        var report = await RunAsync(new GoalPageScenario(), viewers: 50, edits: 20);
        Assert.True(report.HeapPerCircuitKb is not null, report.ToText());
    }

    [Fact]
    public async Task Dashboard_viewers_receive_every_decision_recorded()
    {
        var report = await RunAsync(new DashboardScenario(), viewers: 20, edits: 10);
        Assert.Equal("dashboard", report.Scenario);
    }

    [Fact]
    public async Task Workshop_participants_receive_every_idea_posted_on_the_current_item()
    {
        using var scenario = new WorkshopScenario(WorkshopScenario.DefaultParticipants, WorkshopScenario.DefaultFacilitator, "Demo-Partner-2026!");
        var report = await RunAsync(scenario, viewers: 20, edits: 12);
        Assert.Equal("workshop page", report.Scenario);
    }

    [Fact]
    public async Task Wall_watchers_on_the_live_hub_receive_every_decision_recorded()
    {
        var report = await RunAsync(new LiveViewScenario("wall"), viewers: 20, edits: 10);
        Assert.True(report.Transport == "hub" && report.StillConnected == 20, report.ToText());
        Assert.True(report.HeapPerCircuitKb is not null, report.ToText());
    }

    [Fact]
    public async Task Follow_watchers_on_the_live_hub_receive_every_decision_recorded()
    {
        var report = await RunAsync(new LiveViewScenario("follow"), viewers: 10, edits: 5);
        Assert.Equal("follow (hub)", report.Scenario);
    }

    private static async Task<LoadReport> RunAsync(IPageScenario scenario, int viewers, int edits)
    {
        await using var app = new BenchApp("Development", new Dictionary<string, string>
        {
            ["Bench:Endpoints"] = "true",
            ["DemoData:Seed"] = "true",
            ["RateLimits:AccountPostsPerMinute"] = "1000",
        });
        var baseAddress = app.StartKestrel();

        var options = new LoadOptions
        {
            BaseAddress = baseAddress,
            Viewers = viewers,
            Edits = edits,
            WaitForEachEdit = true,
            ConnectConcurrency = 8,
            Scenario = scenario,
        };
        var report = scenario is LiveViewScenario
            ? await new HubRun(options).RunAsync(TestContext.Current.CancellationToken)
            : await new LoadRun(options).RunAsync(TestContext.Current.CancellationToken);

        var summary = report.ToText();
        Assert.True(report.ViewersConnected == viewers, summary);
        Assert.True(report.ConnectErrors == 0 && report.CircuitErrors == 0 && report.EditErrors == 0, summary);
        Assert.True(report.EditsSent == edits, summary);
        Assert.True(report.DeliveriesExpected == (long)viewers * edits && report.Delivered == report.DeliveriesExpected, summary);
        return report;
    }
}
