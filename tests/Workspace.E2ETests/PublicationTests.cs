using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>A public results page: proposed by a facilitator, consented to by every partner organisation, read anonymously, withdrawn.</summary>
public sealed class PublicationTests(AppFixture app)
{
    [Fact]
    public async Task EveryPartnerConsents_AnonymousReaderSeesTheGoals_AWithdrawalTakesThePageDown()
    {
        var slug = $"e2e-{Guid.NewGuid():N}"[..16];
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", $"Publication test {Guid.NewGuid():N}"[..26]);
        await app.Data.AcceptInvitationAsync("contributor@demo.local", await app.Data.InviteAsync("facilitator@demo.local", partnership, "contributor@demo.local"));
        await app.Data.CreateGoalAsync("facilitator@demo.local", partnership, "Fewer young people reoffend");

        await using var facilitatorContext = await app.SignInAsync("facilitator@demo.local");
        await using var partnerContext = await app.SignInAsync("contributor@demo.local");
        await using var anonymousContext = await app.NewContextAsync();
        var facilitator = await facilitatorContext.NewPageAsync();
        var partner = await partnerContext.NewPageAsync();
        var reader = await anonymousContext.NewPageAsync();

        // The facilitator proposes the page with the goal on it.
        await facilitator.GotoInteractiveAsync($"p/{partnership}/publish");
        await facilitator.GetByLabel("Address").FillAsync(slug);
        await facilitator.GetByLabel("Short summary").FillAsync("What we set out to do and how far we have come.");
        await facilitator.GetByLabel("Fewer young people reoffend · Not started").CheckAsync();
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Propose and ask partners to consent" }).ClickAsync();
        await Expect(facilitator.GetByText("Not public · 0 of 2 partners consented")).ToBeVisibleAsync();
        await facilitator.AssertNoAccessibilityViolationsAsync();

        // Nothing is public yet.
        var before = await reader.GotoAsync($"public/{slug}");
        Assert.Equal(404, before!.Status);

        // Each partner organisation consents through one of its people; the other page follows live.
        await partner.GotoInteractiveAsync($"p/{partnership}/publish");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Consent for Probation Service" }).ClickAsync();
        await Expect(facilitator.GetByRole(AriaRole.Row, new() { Name = "Probation Service" })).ToContainTextAsync("Consented by Ben Carter");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Consent for Youth Justice Unit" }).ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Link, new() { Name = "Open the public page" })).ToBeVisibleAsync();

        // An anonymous reader sees the goals, by organisation only.
        var published = await reader.GotoAsync($"public/{slug}");
        Assert.Equal(200, published!.Status);
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Goals", Exact = true })).ToBeVisibleAsync();
        await Expect(reader.Locator("#public-goals").GetByRole(AriaRole.Rowheader, new() { Name = "Fewer young people reoffend" })).ToBeVisibleAsync();
        await Expect(reader.Locator("#public-partners")).ToContainTextAsync("Probation Service");
        await Expect(reader.Locator("body")).Not.ToContainTextAsync("Ben Carter");
        await reader.AssertNoAccessibilityViolationsAsync();

        // The partner withdraws, after confirming; the reader's reload finds nothing.
        await partner.GetByRole(AriaRole.Button, new() { Name = "Withdraw Probation Service's consent" }).ClickAsync();
        await partner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Withdraw consent" }).ClickAsync();
        await Expect(facilitator.GetByRole(AriaRole.Row, new() { Name = "Probation Service" })).ToContainTextAsync("Withdrawn by Ben Carter");
        var gone = await reader.ReloadAsync();
        Assert.Equal(404, gone!.Status);
    }

    [Fact]
    public async Task DemoPartnership_HasAPublishedExample()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("public/safer-streets-results");

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Safer Streets Partnership: results so far" })).ToBeVisibleAsync();
        await Expect(page.Locator("#public-partners")).ToContainTextAsync("SafeRoute Technologies Ltd");
    }
}
