using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Goals;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>
/// axe (WCAG 2.2 A and AA rules) finds no violations in the goal page's states and dialogs.
/// The goals list and a goal's first view are checked in <see cref="AccessibilityTests"/>.
/// </summary>
public sealed class GoalAccessibilityTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";

    [Fact]
    public async Task GoalAsSeenByAnObserver_HasNoViolations()
    {
        var (demo, goal, title) = await NewGoalAsync("Observer axe");
        await using var context = await app.SignInAsync("observer@demo.local");
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);
        await Expect(page.Locator("dl.goal-facts")).ToBeVisibleAsync();

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task DescriptionEditor_WithItsLivePreview_HasNoViolations()
    {
        var (demo, goal, title) = await NewGoalAsync("Editor axe");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).FillAsync("**Weekly** reviews\n\n- one\n- two");
        await Expect(page.Locator(".markdown-preview strong")).ToHaveTextAsync("Weekly");
        await CoTypingTests.ExpectSavedAsync(page);

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task ConflictPanel_HasNoViolations()
    {
        var (demo, goal, title) = await NewGoalAsync("Conflict axe");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit the title" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Title" }).FillAsync("Mine: a title");
        await app.Data.SaveGoalFieldAsync("partner@demo.local", demo, goal, GoalField.Title, "Theirs: a title");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save title" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Priya Shah changed the title while you were editing" })).ToBeVisibleAsync();

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task HistoryTab_HasNoViolations()
    {
        var (demo, goal, title) = await NewGoalAsync("History axe");
        await app.Data.SaveGoalFieldAsync(Facilitator, demo, goal, GoalField.Status, nameof(GoalStatus.OnTrack));
        await app.Data.SaveGoalFieldAsync(Facilitator, demo, goal, GoalField.Description, "First version.\n\nWith a second paragraph.");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);

        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Expect(page.GetByText("changed the description")).ToBeVisibleAsync();
        await page.GetByText("Show what changed").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Restore earlier value of the status" })).ToBeVisibleAsync();

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task IndicatorAndCheckInDialogs_HaveNoViolations()
    {
        var (demo, goal, title) = await NewGoalAsync("Dialogs axe");
        await app.Data.AddIndicatorAsync(Facilitator, demo, goal, "Mentors matched");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Indicators (1)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mentors matched" })).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add indicator" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" })).ToBeFocusedAsync();
        await page.AssertNoAccessibilityViolationsAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Record check-in" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Spinbutton, new() { Name = "Value (people)" })).ToBeFocusedAsync();
        await page.AssertNoAccessibilityViolationsAsync();
    }

    private async Task<(Guid Partnership, Guid Goal, string Title)> NewGoalAsync(string purpose)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"{purpose} {Guid.NewGuid():N}"[..(purpose.Length + 8)];
        return (demo, await app.Data.CreateGoalAsync(Facilitator, demo, title), title);
    }
}
