using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Several people on the same goal at once: live updates, who is editing, conflicts and drafts.</summary>
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
    public async Task TwoPeopleEditTheDescription_TheLaterSaveShowsBothAndKeepMineSavesIt_TheFirstSeesItLive()
    {
        var (demo, goal, title) = await NewGoalAsync("Description conflict");
        const string Hers = "Ana's plan: weekly case reviews.";
        const string His = "Priya's plan: a shared referral app.";
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenGoalAsync(facilitatorContext, demo, goal, title);
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await OpenGoalAsync(partnerContext, demo, goal, title);
        await Expect(Looking(partner, "Looking at this goal", "Ana Costa")).ToBeVisibleAsync();

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await Expect(partner.Locator(".editing-notice")).ToHaveTextAsync("Ana Costa (Youth Justice Unit) is editing the description");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await Expect(facilitator.Locator(".editing-notice")).ToHaveTextAsync("Priya Shah (SafeRoute Technologies Ltd) is editing the description");

        await facilitator.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).FillAsync(Hers);
        await partner.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).FillAsync(His);
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Save description" }).ClickAsync();
        await Expect(facilitator.Locator(".markdown")).ToHaveTextAsync(Hers);
        await partner.GetByRole(AriaRole.Button, new() { Name = "Save description" }).ClickAsync();

        var conflict = partner.GetByRole(AriaRole.Alert).Filter(new() { Has = partner.GetByRole(AriaRole.Heading, new() { Name = "Ana Costa changed the description while you were editing" }) });
        await Expect(conflict).ToBeVisibleAsync();
        await Expect(conflict.GetByRole(AriaRole.Heading, new() { Name = "Theirs (saved)" })).ToBeVisibleAsync();
        await Expect(conflict.GetByRole(AriaRole.Heading, new() { Name = "Yours (not saved)" })).ToBeVisibleAsync();
        await Expect(conflict.Locator("pre.conflict-text")).ToHaveTextAsync([Hers, His]);
        await Expect(conflict.GetByRole(AriaRole.Button, new() { Name = "Keep theirs" })).ToBeVisibleAsync();
        await Expect(conflict.GetByRole(AriaRole.Button, new() { Name = "Merge by editing" })).ToBeVisibleAsync();
        Assert.Equal(Hers, (await app.Data.GoalAsync(goal)).Description);

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Keep mine" }).ClickAsync();

        await Expect(conflict).ToHaveCountAsync(0);
        await Expect(partner.Locator(".markdown")).ToHaveTextAsync(His);
        await Expect(facilitator.Locator(".markdown")).ToHaveTextAsync(His);
        Assert.Equal(His, (await app.Data.GoalAsync(goal)).Description);
    }

    [Fact]
    public async Task UnsavedDescription_SurvivesAReload_AndRestoreItReopensTheEditorWithIt()
    {
        var (demo, goal, title) = await NewGoalAsync("Draft");
        const string Typed = "Half-written: the mentors meet each young person at the gate";
        await using var context = await app.SignInAsync(Facilitator);
        var page = await OpenGoalAsync(context, demo, goal, title);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).FillAsync(Typed);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = DraftSaved() })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();

        var offer = page.GetByText("You have an unsaved draft of the description");
        await Expect(offer).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Description" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore it" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Description" })).ToHaveValueAsync(Typed);
        await Expect(offer).ToHaveCountAsync(0);
        Assert.Equal("", (await app.Data.GoalAsync(goal)).Description);
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

    [GeneratedRegex("^Draft saved at ")]
    private static partial Regex DraftSaved();

    [GeneratedRegex("^Restore earlier value")]
    private static partial Regex RestoreEarlierValue();
}
