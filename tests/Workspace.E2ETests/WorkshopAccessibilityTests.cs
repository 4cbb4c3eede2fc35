using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Workshops;
using static Microsoft.Playwright.Assertions;
using static Workspace.E2ETests.WorkshopTests;

namespace Workspace.E2ETests;

/// <summary>axe (WCAG 2.2 A and AA rules) finds no violations on any workshop view or dialog.</summary>
public sealed class WorkshopAccessibilityTests(AppFixture app)
{
    [Fact]
    public async Task ListAndPlan_WithTheirDialogs_HaveNoViolations()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var workshop = await PlanAsync(app, demo, Unique("Axe plan"), ("Welcome", 10, false), ("Ideas", 20, true));
        await using var context = await app.SignInAsync(Facilitator);
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync($"p/{demo}/workshops");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coming up" })).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Plan a workshop" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Plan workshop" }).ClickAsync();
        await Expect(page.GetByText("Title is required.")).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await page.GotoInteractiveAsync($"p/{demo}/workshops/{workshop}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Agenda" })).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add agenda item" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await Expect(dialog.GetByText("Title is required.")).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task LiveRun_ForFacilitatorAndParticipant_WithDialogsAndRoomScreen_HasNoViolations()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var workshop = await PlanAsync(app, demo, Unique("Axe run"), ("Ideas", 20, false), ("Later", 10, true));
        var item = await StartAsync(app, demo, workshop);
        var graceId = await app.Data.UserIdAsync(Ngo);
        var franId = await app.Data.UserIdAsync(Facilitator);
        await app.Data.UseAsync<IdeaService, bool>(async s => (await s.AddIdeaAsync(graceId, demo, workshop, item, "A youth panel that meets monthly")).Succeeded);
        await app.Data.UseAsync<VotingService, bool>(async s =>
        {
            await s.OpenDotVoteAsync(franId, demo, workshop, item, 3, anonymous: false);
            var poll = await s.CreatePollAsync(franId, demo, workshop, item, new PollInput { Question = "Meet in March?", Options = ["Yes", "No"], MultipleChoice = true });
            return poll.Succeeded;
        });
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenAsync(facilitatorContext, demo, workshop);
        await using var ngoContext = await app.SignInAsync(Ngo);
        var grace = await OpenAsync(ngoContext, demo, workshop);

        await Expect(facilitator.GetByText("A youth panel that meets monthly")).ToBeVisibleAsync();
        await facilitator.AssertNoAccessibilityViolationsAsync();
        await Expect(grace.GetByText("3 of 3 dots left")).ToBeVisibleAsync();
        await grace.AssertNoAccessibilityViolationsAsync();

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "New poll" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Open poll" }).ClickAsync();
        await Expect(facilitator.GetByText("Give at least two options.")).ToBeVisibleAsync();
        await facilitator.AssertNoAccessibilityViolationsAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Close dot voting" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Reopen dot voting" }).ClickAsync();
        await Expect(facilitator.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await facilitator.AssertNoAccessibilityViolationsAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Actions for idea: A youth panel that meets monthly" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Menuitem, new() { Name = "Record as an action" }).ClickAsync();
        await Expect(facilitator.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await facilitator.AssertNoAccessibilityViolationsAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await grace.GetByRole(AriaRole.Button, new() { NameRegex = new("Later") }).ClickAsync();
        await Expect(grace.GetByText("You are looking at another item.")).ToBeVisibleAsync();
        await grace.AssertNoAccessibilityViolationsAsync();

        var room = await facilitatorContext.NewPageAsync();
        await room.GotoAsync($"p/{demo}/workshops/{workshop}/room");
        await room.Locator(".room-shell [data-live='connected']").WaitForAsync();
        await Expect(room.GetByRole(AriaRole.Heading, new() { Name = "Ideas", Level = 1 })).ToBeVisibleAsync();

        // The room is dark whatever the facilitator chose for themselves (light here).
        await Expect(room.Locator("body")).ToHaveClassAsync("theme-light");
        Assert.Equal("rgba(138,180,248,1)", await room.Locator(".room-shell").EvaluateAsync<string>(
            "e => getComputedStyle(e).getPropertyValue('--mud-palette-primary').trim()"));
        await room.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task EndedWorkshopAndMinutes_HaveNoViolations()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync(Partner);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{demo}/workshops");
        await page.GetByRole(AriaRole.Link, new() { Name = "Eastgate youth space design session", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Agenda and ideas" })).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Minutes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Attendance" })).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();
    }
}
