using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Workshops;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>
/// Two nodes behind nginx on one Redis: people on different nodes see each other's edits and presence live,
/// share one workshop clock, and a node that dies hands its people to the other without losing anything saved.
/// </summary>
// The two nodes share one SQLite file, so on a SQL Server run these go with the SQLite pass.
[Trait("Database", "Sqlite")]
public sealed partial class ClusterTests(AppFixture app, ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";

    [Fact]
    public async Task AnEditThroughNodeA_ReachesABrowserOnNodeB_WithoutReload_AndPresenceSpansBoth()
    {
        var (demo, goal, title) = await NewGoalAsync("Across nodes");
        var renamed = $"{title} (renamed)";
        await using var onA = await cluster.SignInOnAsync(app.Browser, Node.A, Facilitator);
        await using var onB = await cluster.SignInOnAsync(app.Browser, Node.B, Partner);
        var ana = await OpenGoalAsync(onA, Node.A, demo, goal, title);
        var priya = await OpenGoalAsync(onB, Node.B, demo, goal, title);

        // Presence: each sees the other, although their circuits live in different processes.
        await Expect(Looking(ana, "Priya Shah")).ToBeVisibleAsync();
        await Expect(Looking(priya, "Ana Costa")).ToBeVisibleAsync();
        await ana.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await Expect(priya.Locator(".editing-notice")).ToHaveTextAsync("Ana Costa (Youth Justice Unit) is editing the description");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();

        await ana.GetByRole(AriaRole.Button, new() { Name = "Edit the title" }).ClickAsync();
        await ana.GetByRole(AriaRole.Textbox, new() { Name = "Title" }).FillAsync(renamed);
        await ana.GetByRole(AriaRole.Button, new() { Name = "Save title" }).ClickAsync();

        await Expect(Heading(ana, renamed)).ToBeVisibleAsync();
        await Expect(Heading(priya, renamed)).ToBeVisibleAsync();

        // And back: typing on node B reaches node A as it is typed.
        await priya.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await priya.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).FillAsync("Agreed on node B.");
        await Expect(ana.Locator(".markdown")).ToHaveTextAsync("Agreed on node B.");

        // Leaving on B removes Priya from A's list.
        await priya.CloseAsync();
        await Expect(Looking(ana, "Priya Shah")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AWorkshopTimer_ShowsTheSameTimeOnBothNodes()
    {
        var demo = await cluster.Data.DemoPartnershipIdAsync();
        var workshop = await PlanWorkshopAsync(demo, $"Two-node timer {Guid.NewGuid():N}"[..21]);
        await using var onA = await cluster.SignInOnAsync(app.Browser, Node.A, Facilitator);
        await using var onB = await cluster.SignInOnAsync(app.Browser, Node.B, Partner);
        var facilitator = await OpenOnAsync(onA, Node.A, $"p/{demo}/workshops/{workshop}");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Start workshop" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Start workshop" }).ClickAsync();
        await Expect(facilitator.Locator("#run-item-heading")).ToHaveTextAsync("Opening");
        var participant = await OpenOnAsync(onB, Node.B, $"p/{demo}/workshops/{workshop}");
        await Expect(participant.Locator("#run-item-heading")).ToHaveTextAsync("Opening");

        // Both nodes hand out the same end time, and the two screens count down to it alike: read one after
        // the other, they may differ by the second a busy machine takes between the reads, and no more.
        Assert.Equal(await Ends(facilitator).GetAttributeAsync("data-ends"), await Ends(participant).GetAttributeAsync("data-ends"));
        var between = System.Diagnostics.Stopwatch.StartNew();
        var leftOnA = await SecondsLeftAsync(facilitator);
        var leftOnB = await SecondsLeftAsync(participant);
        var slack = 1 + (int)Math.Ceiling(between.Elapsed.TotalSeconds);
        Assert.True(Math.Abs(leftOnA - leftOnB) <= slack, $"The timers differ: {leftOnA} s on node A, {leftOnB} s on node B, read {between.Elapsed.TotalSeconds:0.0} s apart.");

        // Pausing and adding a minute on node A shows the same paused time on node B.
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(facilitator.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true })).ToBeVisibleAsync();
        var paused = await SecondsLeftAsync(facilitator);
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "+1 min" }).ClickAsync();
        var extended = $"{(paused + 60) / 60}:{(paused + 60) % 60:00}";
        await Expect(Digits(facilitator)).ToHaveTextAsync(extended);
        await Expect(Digits(participant)).ToHaveTextAsync(extended);
        await Expect(participant.GetByRole(AriaRole.Timer)).ToContainTextAsync("Paused");

        // Following the facilitator works across nodes too.
        await facilitator.GetByRole(AriaRole.Button, new() { NameRegex = BudgetItem() }).ClickAsync();
        await Expect(participant.Locator("#run-item-heading")).ToHaveTextAsync("Budget");
    }

    [Fact]
    public async Task KillingNodeA_MovesItsPeopleToNodeB_WithEverythingTheyTyped()
    {
        var (demo, goal, title) = await NewGoalAsync("Node killed");
        const string Typed = "Half-written when the server died: mentors meet each young person";
        var renamed = $"{title} (saved)";
        await using var onA = await cluster.SignInOnAsync(app.Browser, Node.A, Facilitator);
        await using var onB = await cluster.SignInOnAsync(app.Browser, Node.B, Partner);
        var ana = await OpenGoalAsync(onA, Node.A, demo, goal, title);
        var priya = await OpenGoalAsync(onB, Node.B, demo, goal, title);
        await Expect(Looking(priya, "Ana Costa")).ToBeVisibleAsync();

        // Acknowledged: a saved title, and co-typed text the page says it saved.
        await ana.GetByRole(AriaRole.Button, new() { Name = "Edit the title" }).ClickAsync();
        await ana.GetByRole(AriaRole.Textbox, new() { Name = "Title" }).FillAsync(renamed);
        await ana.GetByRole(AriaRole.Button, new() { Name = "Save title" }).ClickAsync();
        await Expect(Heading(ana, renamed)).ToBeVisibleAsync();
        await ana.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await ana.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).FillAsync(Typed);
        await CoTypingTests.ExpectSavedAsync(ana);

        try
        {
            await cluster.KillAsync(Node.A);

            // Ana's page reconnects by itself, to node B, with everything she typed.
            await Expect(ana.Locator(".markdown")).ToHaveTextAsync(Typed, new() { Timeout = 60_000 });
            await Expect(Heading(ana, renamed)).ToBeVisibleAsync();
            Assert.Equal(renamed, (await cluster.Data.GoalAsync(goal)).Title);
            Assert.Equal(Typed, (await cluster.Data.GoalAsync(goal)).Description);

            // She is now on node B: Priya sees her there, and her typing reaches Priya live.
            await Expect(Looking(priya, "Ana Costa")).ToBeVisibleAsync();
            await ana.WaitForInteractiveAsync();
            await ana.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
            var editor = ana.GetByRole(AriaRole.Textbox, new() { Name = "Description" });
            await Expect(editor).ToHaveValueAsync(Typed);
            // The text shows before the editor is started; keys pressed into it while it is still disabled go nowhere.
            await Expect(editor).ToBeEnabledAsync();
            await editor.PressAsync("End");
            await editor.PressSequentiallyAsync(" at the gate.");
            // Saved first, so that a failure below is about what Priya's page shows, not about what reached the database.
            await CoTypingTests.ExpectSavedAsync(ana);
            Assert.Equal(Typed + " at the gate.", (await cluster.Data.GoalAsync(goal)).Description);
            await Expect(priya.Locator(".markdown")).ToHaveTextAsync(Typed + " at the gate.");
        }
        finally
        {
            await cluster.StartNodeAsync(Node.A);
        }
    }

    [Fact]
    public async Task AFollowPageOnNodeB_ShowsAnEditMadeOnNodeA_WithoutReload()
    {
        var (demo, goal, title) = await NewGoalAsync("Followed");
        var renamed = $"{title} (from A)";
        await using var onA = await cluster.SignInOnAsync(app.Browser, Node.A, Facilitator);
        await using var onB = await cluster.SignInOnAsync(app.Browser, Node.B, Partner);
        var follow = await onB.NewPageAsync();
        var response = await follow.GotoAsync($"p/{demo}/follow");
        Assert.Equal(cluster.Address(Node.B), await response!.HeaderValueAsync("X-Workspace-Node"));
        await follow.Locator("[data-live-view][data-live='connected']").WaitForAsync();
        await Expect(follow.Locator("#follow-goals")).ToContainTextAsync(title);

        var ana = await OpenGoalAsync(onA, Node.A, demo, goal, title);
        await ana.GetByRole(AriaRole.Button, new() { Name = "Edit the title" }).ClickAsync();
        await ana.GetByRole(AriaRole.Textbox, new() { Name = "Title" }).FillAsync(renamed);
        await ana.GetByRole(AriaRole.Button, new() { Name = "Save title" }).ClickAsync();

        await Expect(follow.Locator("#follow-goals")).ToContainTextAsync(renamed);
        await Expect(follow.Locator("[data-live-announce]")).ToContainTextAsync("goals");
    }

    [Fact]
    public async Task AWallOnTheHub_SurvivesItsNodeRestarting_AndCatchesUpWithAChangeMadeWhileItWasDown()
    {
        var demo = await cluster.Data.DemoPartnershipIdAsync();
        var (_, goal, _) = await NewGoalAsync("Wall restart");
        var indicator = await cluster.Data.AddIndicatorAsync(Facilitator, demo, goal, "Mentors matched", "mentors");
        // Partners far apart in confidence put the indicator among those the wall shows.
        await cluster.Data.RecordConfidenceAsync("contributor@demo.local", demo, indicator, 1);
        await cluster.Data.RecordConfidenceAsync(Partner, demo, indicator, 5);
        var contributor = await cluster.Data.UserIdAsync("contributor@demo.local");
        await using var onA = await cluster.SignInOnAsync(app.Browser, Node.A, Facilitator);
        var wall = await onA.NewPageAsync();
        var response = await wall.GotoAsync($"p/{demo}/wall?seconds=300");
        Assert.Equal(cluster.Address(Node.A), await response!.HeaderValueAsync("X-Workspace-Node"));
        await wall.Locator("[data-wall][data-live='connected']").WaitForAsync();
        var latest = wall.Locator($"[data-indicator='{indicator}'] [data-figure='latest']");
        await Expect(latest).ToContainTextAsync("—");

        try
        {
            await cluster.KillAsync(Node.A);
            // The change is made while the wall's node is down; the wall cannot have been sent it.
            Assert.True(await cluster.Data.UseAsync<IndicatorService, bool>(async service => (await service.RecordCheckInAsync(contributor, demo, indicator,
                new CheckInInput { Value = 64, AsOf = DateOnly.FromDateTime(DateTime.UtcNow) }, TestContext.Current.CancellationToken)).Succeeded));
            await cluster.StartNodeAsync(Node.A);

            // The script reconnects by itself (to whichever node answers), joins again and takes the whole view.
            await Expect(latest).ToContainTextAsync("64", new() { Timeout = 60_000 });
            await wall.Locator("[data-wall][data-live='connected']").WaitForAsync(new() { Timeout = 60_000 });
        }
        finally
        {
            await cluster.StartNodeAsync(Node.A);
        }
    }

    private async Task<(Guid Partnership, Guid Goal, string Title)> NewGoalAsync(string purpose)
    {
        var demo = await cluster.Data.DemoPartnershipIdAsync();
        var title = $"{purpose} {Guid.NewGuid():N}"[..(purpose.Length + 9)];
        return (demo, await cluster.Data.CreateGoalAsync(Facilitator, demo, title), title);
    }

    private async Task<Guid> PlanWorkshopAsync(Guid partnership, string title)
    {
        var fran = await cluster.Data.UserIdAsync(Facilitator);
        return await cluster.Data.UseAsync<WorkshopService, Guid>(async service =>
        {
            var workshop = (await service.CreateAsync(fran, partnership, new WorkshopInput { Title = title, StartsUtc = DateTime.UtcNow.AddDays(1), Location = "Town hall" })).Value!;
            await service.AddItemAsync(fran, partnership, workshop.Id, new AgendaItemInput { Title = "Opening", TimeBoxMinutes = 10 });
            await service.AddItemAsync(fran, partnership, workshop.Id, new AgendaItemInput { Title = "Budget", TimeBoxMinutes = 15 });
            return workshop.Id;
        });
    }

    /// <summary>Opens the page and checks that nginx really served it from <paramref name="node"/>.</summary>
    private async Task<IPage> OpenOnAsync(IBrowserContext context, Node node, string path)
    {
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(cluster.Address(node), await response!.HeaderValueAsync("X-Workspace-Node"));
        await page.WaitForInteractiveAsync();
        return page;
    }

    private async Task<IPage> OpenGoalAsync(IBrowserContext context, Node node, Guid partnership, Guid goal, string title)
    {
        var page = await OpenOnAsync(context, node, $"p/{partnership}/goals/{goal}");
        await Expect(Heading(page, title)).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Heading(IPage page, string title) =>
        page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true, Level = 1 });

    private static ILocator Looking(IPage page, string person) =>
        page.GetByRole(AriaRole.Group, new() { Name = "Looking at this goal" }).GetByLabel(person);

    private static ILocator Ends(IPage page) => page.Locator("#workshop-timer[data-ends]");

    private static ILocator Digits(IPage page) => page.Locator("#workshop-timer [data-timer-digits]");

    private static async Task<int> SecondsLeftAsync(IPage page)
    {
        await Expect(Digits(page)).ToHaveTextAsync(TimerDigits());
        var parts = (await Digits(page).TextContentAsync() ?? "").Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return parts.Aggregate(0, (total, part) => (total * 60) + part);
    }

    [GeneratedRegex(@"^\d{1,2}:\d\d$")]
    private static partial Regex TimerDigits();

    [GeneratedRegex("Budget")]
    private static partial Regex BudgetItem();
}
