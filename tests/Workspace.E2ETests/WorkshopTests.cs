using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Workshops;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>A live workshop with a facilitator and two participants in separate browsers.</summary>
public sealed class WorkshopTests(AppFixture app)
{
    internal const string Facilitator = "facilitator@demo.local";
    internal const string Partner = "partner@demo.local";
    internal const string Ngo = "ngo@demo.local";

    [Fact]
    public async Task Timer_ShowsTheSameTimeInEveryBrowser_AndFollowMeMovesTheParticipants()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var workshop = await PlanAsync(app, demo, Unique("Timer and follow"), ("Opening", 10, false), ("Budget", 15, false), ("Close", 5, false));
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenAsync(facilitatorContext, demo, workshop);
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Start workshop" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Start workshop" }).ClickAsync();
        await Expect(ItemHeading(facilitator)).ToHaveTextAsync("Opening");

        await using var ngoContext = await app.SignInAsync(Ngo);
        await using var partnerContext = await app.SignInAsync(Partner);
        // Priya's computer clock is four minutes fast: the timer still agrees, because it counts from the server's clock.
        await partnerContext.Clock.InstallAsync(new() { TimeDate = DateTime.UtcNow.AddMinutes(4) });
        var grace = await OpenAsync(ngoContext, demo, workshop);
        var priya = await OpenAsync(partnerContext, demo, workshop);
        IPage[] everyone = [facilitator, grace, priya];
        foreach (var page in everyone)
        {
            await Expect(Digits(page)).ToHaveTextAsync(new Regex(@"^\d{1,2}:\d\d$"));
        }

        var seconds = await Task.WhenAll(everyone.Select(SecondsLeftAsync));
        Assert.True(seconds.Max() - seconds.Min() <= 1, $"The timers differ: {string.Join(", ", seconds)} seconds.");
        Assert.InRange(seconds.Min(), 9 * 60, 10 * 60);

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(facilitator.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true })).ToBeVisibleAsync();
        var paused = await Digits(facilitator).TextContentAsync();
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "+1 min" }).ClickAsync();
        var extended = FormatSeconds(ParseSeconds(paused!) + 60);
        foreach (var page in everyone)
        {
            await Expect(Digits(page)).ToHaveTextAsync(extended);
            await Expect(page.GetByRole(AriaRole.Timer)).ToContainTextAsync("Paused");
        }

        await facilitator.GetByRole(AriaRole.Button, new() { NameRegex = new("Budget") }).ClickAsync();
        await Expect(ItemHeading(grace)).ToHaveTextAsync("Budget");
        await Expect(ItemHeading(priya)).ToHaveTextAsync("Budget");
        await Expect(Digits(grace)).ToHaveTextAsync(new Regex("^1[45]:"));

        await priya.GetByRole(AriaRole.Button, new() { NameRegex = new("Close") }).ClickAsync();
        await Expect(ItemHeading(priya)).ToHaveTextAsync("Close");
        await Expect(priya.GetByText("You are looking at another item.")).ToBeVisibleAsync();
        await Expect(ItemHeading(grace)).ToHaveTextAsync("Budget");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Bring everyone here" }).ClickAsync();
        await Expect(ItemHeading(priya)).ToHaveTextAsync("Budget");
        await Expect(priya.GetByText("Following the facilitator")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task PrivateIdeas_StayHiddenUntilRevealed_AndVotesCountThenReveal()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var workshop = await PlanAsync(app, demo, Unique("Private round"), ("Priorities", 20, true));
        await StartAsync(app, demo, workshop);
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        await using var ngoContext = await app.SignInAsync(Ngo);
        await using var partnerContext = await app.SignInAsync(Partner);
        var facilitator = await OpenAsync(facilitatorContext, demo, workshop);
        var grace = await OpenAsync(ngoContext, demo, workshop);
        var priya = await OpenAsync(partnerContext, demo, workshop);

        await AddIdeaAsync(grace, "Grace: a youth panel");
        await AddIdeaAsync(priya, "Priya: free bus passes");

        await Expect(priya.GetByText("Grace: a youth panel")).ToHaveCountAsync(0);
        await Expect(priya.GetByText("1 idea from others so far.")).ToBeVisibleAsync();
        await Expect(facilitator.GetByText("2 ideas from others so far.")).ToBeVisibleAsync();
        await Expect(facilitator.GetByText("Grace: a youth panel")).ToHaveCountAsync(0);

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Reveal all ideas" }).ClickAsync();
        await Expect(priya.GetByText("Grace: a youth panel")).ToBeVisibleAsync();
        await Expect(grace.GetByText("Priya: free bus passes")).ToBeVisibleAsync();

        // The facilitator's equity table counts each organisation's ideas, and all its columns fit in the side panel's card.
        var equity = facilitator.GetByRole(AriaRole.Region, new() { Name = "Who is contributing" });
        await Expect(equity.GetByRole(AriaRole.Rowheader).Filter(new() { HasText = "SafeRoute Technologies Ltd" })).ToBeVisibleAsync();
        await Expect(equity.GetByRole(AriaRole.Columnheader, new() { Name = "Log", Exact = true })).ToBeVisibleAsync();
        var overflow = await equity.EvaluateAsync<double>("s => s.querySelector('table').getBoundingClientRect().right - s.getBoundingClientRect().right");
        Assert.True(overflow <= 0, $"The equity table runs {overflow} px past its card.");

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Dot vote on ideas" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Open voting" }).ClickAsync();
        await Expect(grace.GetByText("3 of 3 dots left")).ToBeVisibleAsync();
        var onPriyas = grace.GetByRole(AriaRole.Group, new() { Name = "Your dots on: Priya: free bus passes" });
        await onPriyas.GetByRole(AriaRole.Button, new() { Name = "Place a dot" }).ClickAsync();
        await Expect(onPriyas).ToContainTextAsync("Your dots: 1");
        await onPriyas.GetByRole(AriaRole.Button, new() { Name = "Place a dot" }).ClickAsync();
        await Expect(grace.GetByText("1 of 3 dots left")).ToBeVisibleAsync();

        var priyasCard = facilitator.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Priya: free bus passes" });
        await Expect(priyasCard).ToContainTextAsync("2 dots (only you see this)");
        await Expect(priya.GetByText("2 dots")).ToHaveCountAsync(0);

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Reveal dot results" }).ClickAsync();
        await Expect(priya.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Priya: free bus passes" })).ToContainTextAsync("2 dots");

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "New poll" }).ClickAsync();
        var dialog = facilitator.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Question" }).FillAsync("Meet again in March?");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Option 1" }).FillAsync("Yes");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Option 2" }).FillAsync("No");
        await dialog.GetByRole(AriaRole.Checkbox, new() { NameRegex = new("^Anonymous") }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Open poll" }).ClickAsync();

        var gracesPoll = grace.GetByRole(AriaRole.Region, new() { Name = "Meet again in March?" });
        await gracesPoll.GetByRole(AriaRole.Radio, new() { Name = "Yes" }).CheckAsync();
        await gracesPoll.GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
        await Expect(gracesPoll.GetByText("Your vote is in.")).ToBeVisibleAsync();
        var facilitatorsPoll = facilitator.GetByRole(AriaRole.Region, new() { Name = "Meet again in March?" });
        await Expect(facilitatorsPoll.GetByRole(AriaRole.List, new() { Name = "Results" })).ToContainTextAsync("1 vote");
        var priyasPoll = priya.GetByRole(AriaRole.Region, new() { Name = "Meet again in March?" });
        await Expect(priyasPoll.GetByText("1 person has voted. Results appear when the facilitator reveals them.")).ToBeVisibleAsync();
        await Expect(priyasPoll.GetByRole(AriaRole.List, new() { Name = "Results" })).ToHaveCountAsync(0);

        await facilitatorsPoll.GetByRole(AriaRole.Button, new() { Name = "Reveal results" }).ClickAsync();
        await Expect(priyasPoll.GetByRole(AriaRole.List, new() { Name = "Results" })).ToContainTextAsync("Yes1 vote");
        await Expect(priyasPoll).Not.ToContainTextAsync("Grace");
    }

    [Fact]
    public async Task IdeaRecordedAsADecision_AppearsInTheLog_AndInTheMinutes()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = Unique("Capture");
        var workshop = await PlanAsync(app, demo, title, ("Proposals", 15, false));
        var item = await StartAsync(app, demo, workshop);
        var idea = Unique("Open the hall on Sundays");
        var graceId = await app.Data.UserIdAsync(Ngo);
        await app.Data.UseAsync<IdeaService, bool>(async s => (await s.AddIdeaAsync(graceId, demo, workshop, item, idea)).Succeeded);
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenAsync(facilitatorContext, demo, workshop);
        await using var ngoContext = await app.SignInAsync(Ngo);
        var grace = await OpenAsync(ngoContext, demo, workshop);

        await facilitator.GetByRole(AriaRole.Button, new() { Name = $"Actions for idea: {idea}" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Menuitem, new() { Name = "Record as a decision" }).ClickAsync();
        var dialog = facilitator.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Proposal" }).FillAsync($"{idea} from January");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Record in the log" }).ClickAsync();
        await Expect(grace.GetByRole(AriaRole.Link, new() { Name = "In the log as a decision" })).ToBeVisibleAsync();

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "End workshop" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "End and write minutes" }).ClickAsync();
        await Expect(grace.GetByText("This workshop ended on")).ToBeVisibleAsync();
        await facilitator.GetByRole(AriaRole.Link, new() { Name = "Minutes" }).ClickAsync();
        await Expect(facilitator.GetByRole(AriaRole.Heading, new() { Name = $"Minutes: {title}", Level = 1 })).ToBeVisibleAsync();
        await Expect(facilitator.Locator("article.minutes")).ToContainTextAsync($"Decision: {idea} from January");
        await Expect(facilitator.Locator("article.minutes")).ToContainTextAsync("Streetlight Trust (Civil society): Grace Mensah");

        await facilitator.GotoInteractiveAsync($"p/{demo}/log");
        await Expect(facilitator.GetByRole(AriaRole.Link, new() { Name = $"{idea} from January" })).ToBeVisibleAsync();
        await Expect(facilitator.GetByRole(AriaRole.Link, new() { Name = $"Minutes: {title}" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task GoalUnderDiscussion_TakesACheckInAndAStatusInTheSession_AndEveryoneSeesThem()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var goalTitle = Unique("Mentoring in the session");
        var goal = await app.Data.CreateGoalAsync(Facilitator, demo, goalTitle);
        await app.Data.AddIndicatorAsync(Facilitator, demo, goal, "Mentors matched", "mentors");
        var workshop = await PlanAsync(app, demo, Unique("Review workshop"), ("Mentoring", 20, false));
        await StartAsync(app, demo, workshop);
        var fran = await app.Data.UserIdAsync(Facilitator);
        await app.Data.UseAsync<WorkshopService, bool>(async service => (await service.FocusGoalAsync(fran, demo, workshop, goal)).Succeeded);

        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenAsync(facilitatorContext, demo, workshop);
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await OpenAsync(partnerContext, demo, workshop);
        await using var observerContext = await app.SignInAsync("observer@demo.local");
        var observer = await OpenAsync(observerContext, demo, workshop);
        await Expect(observer.GetByRole(AriaRole.Heading, new() { Name = $"Goal under discussion: {goalTitle}" })).ToBeVisibleAsync();
        await Expect(observer.GetByRole(AriaRole.Button, new() { Name = "Record a check-in for Mentors matched" })).ToHaveCountAsync(0);

        await partner.GetByRole(AriaRole.Button, new() { Name = "Record a check-in for Mentors matched" }).ClickAsync();
        var dialog = partner.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Value (mentors)").FillAsync("30");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Record check-in" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        var indicators = facilitator.GetByRole(AriaRole.List, new() { Name = "Indicators of the goal under discussion" });
        await Expect(indicators).ToContainTextAsync("30 mentors");
        await Expect(observer.GetByRole(AriaRole.List, new() { Name = "Indicators of the goal under discussion" })).ToContainTextAsync("30 mentors");

        await LogTests.ChooseAsync(facilitator.Locator(".focus-goal-panel"), "Status of this goal", "At risk");
        await Expect(partner.Locator(".focus-goal-panel")).ToContainTextAsync("At risk");
        await Expect(observer.Locator(".focus-goal-panel")).ToContainTextAsync("At risk");
        await facilitator.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task SharedNotes_OpenAtTheStart_AParticipantTypes_TheObserverSeesThemLive_AndTheMinutesCarryThem()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var workshop = await PlanAsync(app, demo, Unique("Shared notes"), ("Proposals", 15, false));
        await using var ngoContext = await app.SignInAsync(Ngo);
        await using var observerContext = await app.SignInAsync("observer@demo.local");
        var grace = await OpenAsync(ngoContext, demo, workshop);
        var observer = await OpenAsync(observerContext, demo, workshop);
        await Expect(grace.Locator(".shared-notes")).ToContainTextAsync("The shared notes open when the workshop starts.");

        await StartAsync(app, demo, workshop);
        await grace.GetByRole(AriaRole.Button, new() { Name = "Edit shared notes" }).ClickAsync();
        var editor = grace.GetByRole(AriaRole.Textbox, new() { Name = "Shared notes", Exact = true });
        await Expect(editor).ToBeEnabledAsync();
        await editor.PressSequentiallyAsync("- Meet **monthly** in the library");

        await Expect(observer.Locator(".shared-notes strong")).ToHaveTextAsync("monthly");
        await Expect(observer.Locator(".shared-notes")).ToContainTextAsync("Meet monthly in the library");
        await Expect(observer.GetByRole(AriaRole.Button, new() { Name = "Edit shared notes" })).ToHaveCountAsync(0);
        await CoTypingTests.ExpectSavedAsync(grace);
        await grace.AssertNoAccessibilityViolationsAsync();
        await grace.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(grace.Locator(".shared-notes strong")).ToHaveTextAsync("monthly");

        var fran = await app.Data.UserIdAsync(Facilitator);
        await app.Data.UseAsync<WorkshopService, bool>(async s => (await s.EndAsync(fran, demo, workshop)).Succeeded);
        await observer.GotoInteractiveAsync($"p/{demo}/workshops/{workshop}/minutes");
        await Expect(observer.Locator("article.minutes")).ToContainTextAsync("Shared notes");
        await Expect(observer.Locator("article.minutes")).ToContainTextAsync("Meet monthly in the library");
    }

    internal static async Task<Guid> PlanAsync(AppFixture app, Guid partnership, string title, params (string Title, int Minutes, bool Private)[] items)
    {
        var fran = await app.Data.UserIdAsync(Facilitator);
        return await app.Data.UseAsync<WorkshopService, Guid>(async service =>
        {
            var workshop = (await service.CreateAsync(fran, partnership, new WorkshopInput { Title = title, StartsUtc = DateTime.UtcNow.AddDays(1), Location = "Town hall" })).Value!;
            foreach (var (itemTitle, minutes, isPrivate) in items)
            {
                await service.AddItemAsync(fran, partnership, workshop.Id, new AgendaItemInput { Title = itemTitle, TimeBoxMinutes = minutes, IdeasPrivate = isPrivate });
            }

            return workshop.Id;
        });
    }

    /// <summary>Starts the workshop and returns its first item.</summary>
    internal static async Task<Guid> StartAsync(AppFixture app, Guid partnership, Guid workshop)
    {
        var fran = await app.Data.UserIdAsync(Facilitator);
        return await app.Data.UseAsync<WorkshopService, Guid>(async service => (await service.StartAsync(fran, partnership, workshop)).Value!.CurrentItemId!.Value);
    }

    internal static async Task<IPage> OpenAsync(IBrowserContext context, Guid partnership, Guid workshop)
    {
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{partnership}/workshops/{workshop}");
        return page;
    }

    internal static async Task AddIdeaAsync(IPage page, string text)
    {
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Your idea" }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add idea" }).ClickAsync();
        await Expect(page.GetByText(text)).ToBeVisibleAsync();
    }

    internal static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";

    private static ILocator ItemHeading(IPage page) => page.Locator("#run-item-heading");

    private static ILocator Digits(IPage page) => page.Locator("#workshop-timer [data-timer-digits]");

    private static async Task<int> SecondsLeftAsync(IPage page) => ParseSeconds(await Digits(page).TextContentAsync() ?? "");

    private static int ParseSeconds(string text)
    {
        var parts = text.Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return parts.Aggregate(0, (total, part) => (total * 60) + part);
    }

    private static string FormatSeconds(int seconds) => $"{seconds / 60}:{seconds % 60:00}";
}
