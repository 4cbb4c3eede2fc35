using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Several people on the same goal at once: live updates and who is editing (co-typing itself: <see cref="CoTypingTests"/>).</summary>
public sealed partial class GoalsTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";
    private const string Observer = "observer@demo.local";

    [Fact]
    public async Task Rename_ReachesAnotherEditorOnTheGoalAndAnObserverOnTheListWithoutAReload()
    {
        var (demo, goal, title) = await NewGoalAsync("Rename live");
        var renamed = $"{title} (renamed)";
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await OpenGoalAsync(partnerContext, demo, goal, title);
        await using var observerContext = await app.SignInAsync(Observer);
        var observer = await observerContext.NewPageAsync();
        await observer.GotoInteractiveAsync($"p/{demo}/goals");
        await Expect(observer.GetByRole(AriaRole.Link, new() { Name = title, Exact = true })).ToBeVisibleAsync();
        await Expect(Looking(observer, "Looking at the goals", "Tom Reid")).ToBeVisibleAsync();
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenGoalAsync(facilitatorContext, demo, goal, title);
        await Expect(Looking(partner, "Looking at this goal", "Ana Costa")).ToBeVisibleAsync();

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Edit the title" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Textbox, new() { Name = "Title" }).FillAsync(renamed);
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Save title" }).ClickAsync();

        await Expect(Heading(facilitator, renamed)).ToBeVisibleAsync();
        await Expect(Heading(partner, renamed)).ToBeVisibleAsync();
        await Expect(observer.GetByRole(AriaRole.Link, new() { Name = renamed, Exact = true })).ToBeVisibleAsync();
        await Expect(observer.GetByRole(AriaRole.Link, new() { Name = title, Exact = true })).ToHaveCountAsync(0);
        Assert.Equal(renamed, (await app.Data.GoalAsync(goal)).Title);

        // The tab title follows the live edit, and a link followed inside the live page retitles the tab.
        await Expect(partner).ToHaveTitleAsync($"{renamed} · Partnership Workspace");
        await Expect(observer).ToHaveTitleAsync("Shared goals · Partnership Workspace");
        await observer.GetByRole(AriaRole.Link, new() { Name = renamed, Exact = true }).ClickAsync();
        await Expect(Heading(observer, renamed)).ToBeVisibleAsync();
        await Expect(observer).ToHaveTitleAsync($"{renamed} · Partnership Workspace");
    }

    [Fact]
    public async Task TypingInTheDescription_ReachesAViewerLive_AndIsSavedWithoutASaveButton()
    {
        var (demo, goal, title) = await NewGoalAsync("Description live");
        const string Typed = "Ana's plan: weekly case reviews.";
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenGoalAsync(facilitatorContext, demo, goal, title);
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await OpenGoalAsync(partnerContext, demo, goal, title);
        await Expect(Looking(partner, "Looking at this goal", "Ana Costa")).ToBeVisibleAsync();

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await Expect(partner.Locator(".editing-notice")).ToHaveTextAsync("Ana Costa (Youth Justice Unit) is editing the description");
        await Expect(facilitator.GetByRole(AriaRole.Button, new() { Name = "Save description" })).ToHaveCountAsync(0);
        // Keys pressed while the editor is still starting (disabled) go nowhere.
        await Expect(facilitator.GetByRole(AriaRole.Textbox, new() { Name = "Description" })).ToBeEnabledAsync();
        await facilitator.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).PressSequentiallyAsync(Typed);

        await Expect(partner.Locator(".markdown")).ToHaveTextAsync(Typed);
        await CoTypingTests.ExpectSavedAsync(facilitator);
        Assert.Equal(Typed, (await app.Data.GoalAsync(goal)).Description);
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(facilitator.Locator(".markdown")).ToHaveTextAsync(Typed);
        await Expect(partner.Locator(".editing-notice")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Observer_FollowsAStatusChangeLive_AndHasNoEditControlsTheFacilitatorHas()
    {
        var (demo, goal, title) = await NewGoalAsync("Observer view");
        await app.Data.AddIndicatorAsync(Facilitator, demo, goal, "Young people with a mentor");
        await using var observerContext = await app.SignInAsync(Observer);
        var observer = await OpenGoalAsync(observerContext, demo, goal, title);
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenGoalAsync(facilitatorContext, demo, goal, title);
        await Expect(Looking(observer, "Looking at this goal", "Ana Costa")).ToBeVisibleAsync();
        var status = observer.Locator("dl.goal-facts div").Filter(new() { Has = observer.Locator("dt", new() { HasText = "Status" }) }).Locator("dd");
        await Expect(status).ToHaveTextAsync("Not started");

        await facilitator.GetByRole(AriaRole.Combobox, new() { Name = "Status" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Option, new() { Name = "At risk" }).ClickAsync();

        await Expect(status).ToHaveTextAsync("At risk");

        // The facilitator has every control, so the observer's missing ones are not a locator mistake.
        foreach (var (page, count) in new[] { (facilitator, 1), (observer, 0) })
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit description" })).ToHaveCountAsync(count);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit the title" })).ToHaveCountAsync(count);
            await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Status" })).ToHaveCountAsync(count);
            await page.GetByRole(AriaRole.Tab, new() { Name = "Indicators (1)" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Young people with a mentor" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add indicator" })).ToHaveCountAsync(count);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record check-in" })).ToHaveCountAsync(count);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Our confidence" })).ToHaveCountAsync(count);
            await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
            await Expect(page.GetByText("changed the status")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = RestoreEarlierValue() })).ToHaveCountAsync(count);
        }
    }

    private async Task<(Guid Partnership, Guid Goal, string Title)> NewGoalAsync(string purpose)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"{purpose} check {Guid.NewGuid():N}"[..(purpose.Length + 14)];
        return (demo, await app.Data.CreateGoalAsync(Facilitator, demo, title), title);
    }

    internal static async Task<IPage> OpenGoalAsync(IBrowserContext context, Guid partnership, Guid goal, string title)
    {
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{partnership}/goals/{goal}");
        await Expect(Heading(page, title)).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Heading(IPage page, string title) =>
        page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true, Level = 1 });

    /// <summary>A person's avatar in a presence list (waiting for it also proves that page follows live events).</summary>
    private static ILocator Looking(IPage page, string label, string person) =>
        page.GetByRole(AriaRole.Group, new() { Name = label }).GetByLabel(person);

    [GeneratedRegex("^Restore earlier value")]
    private static partial Regex RestoreEarlierValue();
}
