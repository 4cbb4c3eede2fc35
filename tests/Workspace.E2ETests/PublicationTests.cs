using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Publication;
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
    public async Task OpenPublicPage_ShowsACheckInWithoutReload_AndSaysSoWhenAPartnerWithdraws()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = $"live-{Guid.NewGuid():N}"[..16];
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", $"Live publication {Guid.NewGuid():N}"[..26]);
        await app.Data.AcceptInvitationAsync("contributor@demo.local", await app.Data.InviteAsync("facilitator@demo.local", partnership, "contributor@demo.local"));
        var goal = await app.Data.CreateGoalAsync("facilitator@demo.local", partnership, "More mentors for young people");
        var indicator = await app.Data.AddIndicatorAsync("facilitator@demo.local", partnership, goal, "Mentors matched", "mentors");
        var facilitatorId = await app.Data.UserIdAsync("facilitator@demo.local");
        var contributorId = await app.Data.UserIdAsync("contributor@demo.local");
        var version = await app.Data.UseAsync<PublicationService, int>(async service =>
        {
            var proposed = await service.ProposeAsync(facilitatorId, partnership, new ProposalInput
            {
                Slug = slug,
                Title = "Mentoring results",
                Summary = "How many young people have a mentor.",
                GoalIds = [goal],
                IndicatorIds = [indicator],
            }, 0, ct);
            return proposed.Value!.Proposal!.ProposalVersion;
        });
        foreach (var who in new[] { facilitatorId, contributorId })
        {
            var organisation = await app.Data.OrganisationIdAsync(who);
            Assert.True(await app.Data.UseAsync<PublicationService, bool>(async service =>
                (await service.ConsentAsync(who, partnership, organisation, version, ct)).Succeeded));
        }

        await using var anonymousContext = await app.NewContextAsync();
        var reader = await anonymousContext.NewPageAsync();
        var opened = await reader.GotoAsync($"public/{slug}");
        Assert.Equal(200, opened!.Status);
        await reader.Locator("[data-live-view][data-live='connected']").WaitForAsync();
        var card = reader.Locator($"#public-indicator-{indicator}");
        await Expect(card).Not.ToContainTextAsync("37");

        // A contributor records a check-in: the open page shows it and announces it, without reload.
        Assert.True(await app.Data.UseAsync<IndicatorService, bool>(async service => (await service.RecordCheckInAsync(contributorId, partnership, indicator,
            new CheckInInput { Value = 37, AsOf = DateOnly.FromDateTime(DateTime.UtcNow) }, ct)).Succeeded));
        await Expect(card.GetByRole(AriaRole.Cell, new() { Name = "37", Exact = true })).ToBeVisibleAsync();
        await Expect(reader.Locator("[data-live-announce]")).ToContainTextAsync("Mentors matched");
        await reader.AssertNoAccessibilityViolationsAsync();

        // A partner withdraws in their own browser: the open page says the results are gone, and a reload finds nothing.
        await using var partnerContext = await app.SignInAsync("contributor@demo.local");
        var partner = await partnerContext.NewPageAsync();
        await partner.GotoInteractiveAsync($"p/{partnership}/publish");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Withdraw Probation Service's consent" }).ClickAsync();
        await partner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Withdraw consent" }).ClickAsync();
        await Expect(reader.GetByText("These results are no longer published.").First).ToBeVisibleAsync();
        await Expect(reader.Locator("#public-goals")).ToHaveCountAsync(0);
        await Expect(reader.Locator("[data-live-view]")).Not.ToContainTextAsync("More mentors");
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

    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    public async Task OnAPhone_ThePublicPageDoesNotScrollSideways_ItsTablesScrollInTheirOwnRegions(int width)
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(width, 800);

        await page.GotoAsync("public/safer-streets-results");

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Each goal's status and progress towards its published indicators' targets" })).ToBeVisibleAsync();
        Assert.Equal(width, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await page.AssertNoAccessibilityViolationsAsync();
    }
}
