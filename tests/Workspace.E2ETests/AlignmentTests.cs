using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>A partner links one of its organisation's own goals to a shared goal; partners see it on that goal, live.</summary>
public sealed class AlignmentTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";

    [Fact]
    public async Task PartnerLinksAnOwnGoal_TheFacilitatorsGoalPageListsItWithoutAReload()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var goal = await app.Data.DemoGoalIdAsync();
        var sharedTitle = (await app.Data.GoalAsync(goal)).Title;
        var title = $"Open an office in Riverside {Guid.NewGuid():N}"[..36];
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await facilitatorContext.NewPageAsync();
        await facilitator.GotoInteractiveAsync($"p/{demo}/goals/{goal}");
        var feeding = facilitator.Locator("section[aria-labelledby='feeding-heading']");
        await Expect(feeding.GetByRole(AriaRole.Heading, new() { Name = "Partners’ own goals feeding this" })).ToBeVisibleAsync();

        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await partnerContext.NewPageAsync();
        await partner.GotoInteractiveAsync("organisation/goals");
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Name = "Grow the journey-alert app to five cities by 2028" })).ToBeVisibleAsync();

        // An empty title is refused with a clear message.
        await partner.GetByRole(AriaRole.Button, new() { Name = "Add goal" }).ClickAsync();
        await Expect(partner.GetByText("Title is required")).ToBeVisibleAsync();

        await partner.GetByRole(AriaRole.Textbox, new() { Name = "Title" }).FillAsync(title);
        await partner.GetByRole(AriaRole.Button, new() { Name = "Add goal" }).ClickAsync();
        var section = partner.Locator("section").Filter(new() { Has = partner.GetByRole(AriaRole.Heading, new() { Name = title }) });
        await section.GetByRole(AriaRole.Button, new() { Name = "Link to a shared goal" }).ClickAsync();
        await LogTests.ChooseAsync(section, "Shared goal it feeds", $"{sharedTitle} (Safer Streets Partnership)");
        await section.GetByRole(AriaRole.Textbox, new() { Name = "How it feeds the shared goal (optional)" }).FillAsync("Local staff for the night routes.");
        await section.GetByRole(AriaRole.Button, new() { Name = "Link", Exact = true }).ClickAsync();
        await Expect(section.GetByRole(AriaRole.Link, new() { Name = sharedTitle })).ToBeVisibleAsync();
        await partner.AssertNoAccessibilityViolationsAsync();

        await Expect(feeding.GetByText(title)).ToBeVisibleAsync();
        await Expect(feeding.GetByText("Local staff for the night routes.")).ToBeVisibleAsync();
        await facilitator.AssertNoAccessibilityViolationsAsync();
    }
}
