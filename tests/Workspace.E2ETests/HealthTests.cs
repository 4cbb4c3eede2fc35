using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>The health check in two browsers: a round opened by the facilitator, answered by a partner, counted live, closed and reported.</summary>
public sealed class HealthTests(AppFixture app)
{
    [Fact]
    public async Task FacilitatorOpensARound_PartnerAnswers_TheCountMovesLive_AndTheResultsShowAfterTheClose()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", $"Health test {Guid.NewGuid():N}"[..24]);
        await app.Data.AcceptInvitationAsync("contributor@demo.local", await app.Data.InviteAsync("facilitator@demo.local", partnership, "contributor@demo.local"));

        await using var facilitatorContext = await app.SignInAsync("facilitator@demo.local");
        await using var partnerContext = await app.SignInAsync("contributor@demo.local");
        var facilitator = await facilitatorContext.NewPageAsync();
        var partner = await partnerContext.NewPageAsync();
        await facilitator.GotoInteractiveAsync($"p/{partnership}/health");
        await partner.GotoInteractiveAsync($"p/{partnership}/health");
        await Expect(partner.GetByText("No results yet")).ToBeVisibleAsync();

        // A named round, so that one person's answers show.
        await facilitator.GetByLabel("Anonymous", new() { Exact = false }).UncheckAsync();
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Open round 1" }).ClickAsync();
        await Expect(partner.GetByText("Round 1 open · 0 of 2 members have answered")).ToBeVisibleAsync();

        // Saving with a statement left out says which, and keeps what was chosen.
        var statements = partner.Locator("fieldset.health-statement");
        await Expect(statements).ToHaveCountAsync(6);
        for (var index = 0; index < 5; index++)
        {
            await statements.Nth(index).GetByText("4 · Agree").ClickAsync();
        }

        await partner.GetByRole(AriaRole.Button, new() { Name = "Save my answers" }).ClickAsync();
        await Expect(partner.GetByText("Progress: choose how far you agree", new() { Exact = false })).ToBeVisibleAsync();
        await statements.Nth(5).GetByText("2 · Disagree").ClickAsync();
        await partner.GetByLabel("Progress: comment (optional)").FillAsync("Too slow on the data sharing agreement.");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Save my answers" }).ClickAsync();
        await Expect(partner.GetByText("Your answers are saved.")).ToBeVisibleAsync();

        await Expect(facilitator.GetByText("Round 1 open · 1 of 2 members have answered")).ToBeVisibleAsync();
        await facilitator.AssertNoAccessibilityViolationsAsync();

        // Closing asks first; then both see the results.
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Close round 1" }).ClickAsync();
        await facilitator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close round 1" }).ClickAsync();
        var progress = partner.GetByRole(AriaRole.Row, new() { Name = "Progress", Exact = false }).First;
        await Expect(progress).ToContainTextAsync("Red · 2.0");
        await Expect(partner.GetByRole(AriaRole.Row, new() { Name = "Equity", Exact = false }).First).ToContainTextAsync("Green · 4.0");
        await Expect(partner.GetByText("“Too slow on the data sharing agreement.” — Ben Carter (Probation Service)")).ToBeVisibleAsync();
        await Expect(partner.GetByRole(AriaRole.Button, new() { Name = "Save my answers" })).ToHaveCountAsync(0);
        await partner.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task DemoHealthCheck_ShowsThePrivatePartnerSeeingEquityDifferently_OnThePageAndTheDashboard()
    {
        var partnership = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync("observer@demo.local");
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync($"p/{partnership}/health");
        await Expect(page.GetByText(new Regex(@"^Monthly · next round due \d{1,2} \w{3} \d{4}$"))).ToBeVisibleAsync();
        var equity = page.GetByRole(AriaRole.Row, new() { Name = "Equity", Exact = false }).First;
        await Expect(equity).ToContainTextAsync("Amber · 3.8");
        await Expect(equity).ToContainTextAsync("Partners see this differently");
        await Expect(equity).ToContainTextAsync("SafeRoute Technologies Ltd 1.0");
        await Expect(equity.GetByRole(AriaRole.Link)).ToContainTextAsync("Health check round 3: Equity");

        await page.GotoInteractiveAsync($"p/{partnership}/dashboard");
        var row = page.Locator("[data-principle='Equity']");
        await Expect(row).ToContainTextAsync("Amber · 3.8");
        await Expect(row).ToContainTextAsync("partners differ");
    }
}
