using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>The partnering agreement, in two browsers: a section co-typed in both shows in each, then a version is issued and signed.</summary>
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

        // The facilitator types the vision; the partner, not editing, sees it without reloading.
        const string Vision = "Fewer young people reoffend, because **every partner** works to one plan.";
        var facilitatorEditor = await OpenSectionEditorAsync(facilitator, "Vision and shared goals");
        await facilitatorEditor.PressSequentiallyAsync(Vision);
        await Expect(partner.Locator("section[aria-labelledby='section-Vision'] strong")).ToHaveTextAsync("every partner");
        await Expect(partner.GetByText("works to one plan.")).ToBeVisibleAsync();

        // Then both type into the section at once, at its two ends: both screens agree, and so does the stored text.
        var partnerEditor = await OpenSectionEditorAsync(partner, "Vision and shared goals");
        await Expect(partnerEditor).ToHaveValueAsync(Vision);
        await partnerEditor.EvaluateAsync("t => { t.focus(); t.setSelectionRange(0, 0); }");
        await facilitatorEditor.EvaluateAsync("(t, at) => { t.focus(); t.setSelectionRange(at, at); }", Vision.Length);
        await Task.WhenAll(
            facilitatorEditor.PressSequentiallyAsync(" Reviewed weekly.", new() { Delay = 10 }),
            partnerEditor.PressSequentiallyAsync("Together: ", new() { Delay = 10 }));
        const string Both = "Together: " + Vision + " Reviewed weekly.";
        await Expect(facilitatorEditor).ToHaveValueAsync(Both);
        await Expect(partnerEditor).ToHaveValueAsync(Both);
        await CoTypingTests.ExpectSavedAsync(facilitator);
        await CoTypingTests.ExpectSavedAsync(partner);
        await partner.AssertNoAccessibilityViolationsAsync();
        await partner.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(partner.Locator("section[aria-labelledby='section-Vision'] .markdown")).ToHaveTextAsync(Both.Replace("**", "", StringComparison.Ordinal));
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(facilitator.Locator("section[aria-labelledby='section-Vision'] .markdown")).ToHaveTextAsync(Both.Replace("**", "", StringComparison.Ordinal));

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

    /// <summary>Opens the co-typed editor on a section; it is enabled once the browser holds the text.</summary>
    private static async Task<ILocator> OpenSectionEditorAsync(IPage page, string section)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {section}" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Textbox, new() { Name = section, Exact = true });
        await Expect(editor).ToBeEnabledAsync();
        return editor;
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
