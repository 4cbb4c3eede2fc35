using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>The partnering agreement, in two browsers: a section written in one shows in the other, then a version is issued and signed.</summary>
public sealed class AgreementTests(AppFixture app)
{
    [Fact]
    public async Task FacilitatorWritesAndIssues_PartnerSeesItLiveAndSignsForTheirOrganisation()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", $"Agreement test {Guid.NewGuid():N}"[..24]);
        await app.Data.AcceptInvitationAsync("contributor@demo.local", await app.Data.InviteAsync("facilitator@demo.local", partnership, "contributor@demo.local"));

        await using var facilitatorContext = await app.SignInAsync("facilitator@demo.local");
        await using var partnerContext = await app.SignInAsync("contributor@demo.local");
        var facilitator = await facilitatorContext.NewPageAsync();
        var partner = await partnerContext.NewPageAsync();
        await facilitator.GotoInteractiveAsync($"p/{partnership}/agreement");
        await partner.GotoInteractiveAsync($"p/{partnership}/agreement");
        await Expect(partner.GetByText("Draft · no version issued yet")).ToBeVisibleAsync();

        // The facilitator writes the vision; the partner sees it without reloading.
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Edit Vision and shared goals" }).ClickAsync();
        await facilitator.GetByLabel("Vision and shared goals (Markdown)").FillAsync("Fewer young people reoffend, because **every partner** works to one plan.");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(partner.GetByText("works to one plan.")).ToBeVisibleAsync();
        await Expect(partner.Locator("section[aria-labelledby='section-Vision'] strong")).ToHaveTextAsync("every partner");

        // Issue version 1.
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Issue version 1" }).ClickAsync();
        await facilitator.GetByLabel("What changed (optional)").FillAsync("First version for sign-off");
        await facilitator.Locator("section[aria-labelledby='issue-heading']").GetByRole(AriaRole.Button, new() { Name = "Issue version 1" }).ClickAsync();
        await Expect(partner.GetByText("Version 1 · signed by 0 of 2 partners")).ToBeVisibleAsync();

        // The partner signs for the probation service, after confirming.
        await Expect(partner.GetByLabel("Your role at Probation Service")).ToHaveValueAsync("Senior probation officer");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Sign version 1 for Probation Service" }).ClickAsync();
        await partner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
        var row = facilitator.GetByRole(AriaRole.Row, new() { Name = "Probation Service" });
        await Expect(row).ToContainTextAsync("Signed version 1");
        await Expect(row).ToContainTextAsync("Ben Carter, Senior probation officer");
        await Expect(partner.GetByText("Probation Service has signed version 1.")).ToBeVisibleAsync();
        await Expect(facilitator.GetByText("Version 1 · signed by 1 of 2 partners")).ToBeVisibleAsync();
        await facilitator.AssertNoAccessibilityViolationsAsync();

        // The signed version prints, and downloads as a Word document.
        await facilitator.GetByRole(AriaRole.Link, new() { Name = "Print or download version 1" }).ClickAsync();
        await Expect(facilitator.GetByRole(AriaRole.Heading, new() { Name = "Vision and shared goals" })).ToBeVisibleAsync();
        await Expect(facilitator.GetByRole(AriaRole.Row, new() { Name = "Probation Service" })).ToContainTextAsync("Ben Carter, Senior probation officer");
        var download = await facilitatorContext.APIRequest.GetAsync($"api/partnerships/{partnership}/agreement.docx?version=1");
        Assert.Equal(200, download.Status);
        Assert.StartsWith("application/vnd.openxmlformats-officedocument.wordprocessingml.document", download.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("no-store", download.Headers["cache-control"]);
    }

    [Fact]
    public async Task DemoAgreement_IsAtVersion3_WithSafeRouteStillToReconfirmAfterANewSharedGoal()
    {
        var partnership = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync("partner@demo.local");
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync($"p/{partnership}/agreement");

        await Expect(page.GetByText("Version 3 may be out of date.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "New shared goal “Report results to residents every year”" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "SafeRoute Technologies Ltd" })).ToContainTextAsync("Signed version 3, to re-confirm");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Re-confirm version 3 for SafeRoute Technologies Ltd" })).ToBeVisibleAsync();
    }
}
