using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>What partners bring, in two browsers: a partner records a contribution, the facilitator sees it live, totals and dashboard balance included.</summary>
public sealed class ContributionsTests(AppFixture app)
{
    [Fact]
    public async Task PartnerRecordsMoneyForTheirOrganisation_FacilitatorSeesItLive_AndOnTheDashboardBalance()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", $"Contributions test {Guid.NewGuid():N}"[..28]);
        await app.Data.AcceptInvitationAsync("contributor@demo.local", await app.Data.InviteAsync("facilitator@demo.local", partnership, "contributor@demo.local"));

        await using var facilitatorContext = await app.SignInAsync("facilitator@demo.local");
        await using var partnerContext = await app.SignInAsync("contributor@demo.local");
        var facilitator = await facilitatorContext.NewPageAsync();
        var partner = await partnerContext.NewPageAsync();
        await facilitator.GotoInteractiveAsync($"p/{partnership}/contributions");
        await partner.GotoInteractiveAsync($"p/{partnership}/contributions");
        await Expect(facilitator.GetByRole(AriaRole.Heading, new() { Name = "What partners bring", Level = 1 })).ToBeVisibleAsync();
        await Expect(facilitator.GetByText("No contributions recorded yet")).ToBeVisibleAsync();

        // The partner records money for the probation service, after a refused save that keeps what they typed.
        await partner.GetByRole(AriaRole.Button, new() { Name = "Add a contribution" }).ClickAsync();
        var dialog = partner.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Description").FillAsync("Funding for the mentoring pilot");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add contribution" }).ClickAsync();
        await Expect(dialog.GetByText("Amount is required for money.")).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Description")).ToHaveValueAsync("Funding for the mentoring pilot");
        await dialog.GetByLabel("Amount").FillAsync("2500");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add contribution" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        // The facilitator sees it without reloading, in the register and in the totals.
        var row = facilitator.GetByRole(AriaRole.Row, new() { Name = "Probation Service" }).Filter(new() { HasText = "Funding for the mentoring pilot" });
        await Expect(row).ToContainTextAsync("GBP 2,500");
        await Expect(row).ToContainTextAsync("Committed");
        await Expect(facilitator.GetByRole(AriaRole.Table, new() { Name = "By organisation" })).ToContainTextAsync("GBP 2,500");
        await facilitator.AssertNoAccessibilityViolationsAsync();

        // A facilitator may mark any partner's contribution delivered; the partner sees that live too.
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Mark Funding for the mentoring pilot delivered" }).ClickAsync();
        await Expect(partner.Locator("tr[data-contribution]").Filter(new() { HasText = "Funding for the mentoring pilot" })).ToContainTextAsync("Delivered");

        // The dashboard's balance shows what the probation service brings.
        await facilitator.GotoInteractiveAsync($"p/{partnership}/dashboard");
        var balance = facilitator.Locator("tr[data-organisation='Probation Service']");
        await Expect(balance).ToContainTextAsync("1 (1 delivered)");
        await Expect(balance).ToContainTextAsync("GBP 2,500");
    }

    [Fact]
    public async Task DemoRegister_HasEveryKindFromEveryPartner_WithMoneyKeptApartByCurrency()
    {
        var partnership = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync("observer@demo.local");
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync($"p/{partnership}/contributions");

        var cards = page.GetByRole(AriaRole.List, new() { Name = "Totals by kind" }).GetByRole(AriaRole.Listitem);
        await Expect(cards).ToHaveCountAsync(6);
        foreach (var card in await cards.AllAsync())
        {
            await Expect(card).Not.ToContainTextAsync("0 contributions");
        }

        await Expect(cards.Filter(new() { HasText = "Money" })).ToContainTextAsync("EUR 12,500");
        await Expect(cards.Filter(new() { HasText = "Money" })).ToContainTextAsync("GBP 95,000");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "By organisation" }).Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(page.GetByText("Observers can read the register")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add a contribution" })).ToHaveCountAsync(0);
    }
}
