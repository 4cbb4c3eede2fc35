using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

public sealed class InvitationFlowTests(AppFixture app)
{
    [Fact]
    public async Task FacilitatorInvitesNewPerson_BothSeeEachOtherAndTheFacilitatorsPageUpdatesLive()
    {
        var partnershipName = $"Clean Rivers {Guid.NewGuid():N}"[..20];
        var inviteeEmail = $"river-{Guid.NewGuid():N}@example.org";
        const string InviteeName = "Rosa Lindqvist";

        // The facilitator creates a partnership.
        await using var facilitatorContext = await app.SignInAsync("facilitator@demo.local");
        var facilitator = await facilitatorContext.NewPageAsync();
        await facilitator.GotoInteractiveAsync("partnerships");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "New partnership" }).ClickAsync();
        var createDialog = facilitator.GetByRole(AriaRole.Dialog);
        await createDialog.GetByLabel("Name").FillAsync(partnershipName);
        await createDialog.GetByLabel("Purpose").FillAsync("Keep the river clean from source to sea.");
        await createDialog.GetByRole(AriaRole.Button, new() { Name = "Create partnership" }).ClickAsync();
        await facilitator.WaitForUrlOrExplainAsync(PageExtensions.OverviewUrl());
        await Expect(facilitator.GetByRole(AriaRole.Heading, new() { Name = partnershipName, Level = 1 })).ToBeVisibleAsync();
        var overviewPath = new Uri(facilitator.Url).AbsolutePath.TrimStart('/');

        // ...and invites a contributor from the members page.
        await facilitator.GotoInteractiveAsync($"{overviewPath}/members");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Invite someone" }).ClickAsync();
        var inviteDialog = facilitator.GetByRole(AriaRole.Dialog);
        await inviteDialog.GetByLabel("Email address").FillAsync(inviteeEmail);
        await inviteDialog.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();
        var linkField = inviteDialog.GetByRole(AriaRole.Textbox, new() { Name = "Invitation link" });
        await Expect(linkField).ToBeVisibleAsync();
        var link = await linkField.InputValueAsync();
        Assert.StartsWith(app.BaseAddress.ToString(), link, StringComparison.Ordinal);
        await inviteDialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(inviteDialog).ToBeHiddenAsync();

        // The invitee opens the link in another browser and registers through it.
        await using var inviteeContext = await app.NewContextAsync();
        var invitee = await inviteeContext.NewPageAsync();
        await invitee.GotoAsync(link);
        await Expect(invitee.GetByRole(AriaRole.Heading, new() { Name = $"Join {partnershipName}" })).ToBeVisibleAsync();
        await invitee.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await Expect(invitee.GetByLabel("Email address")).ToHaveValueAsync(inviteeEmail);
        await Expect(invitee.GetByLabel("Email address")).Not.ToBeEditableAsync();
        await invitee.GetByLabel("Your name").FillAsync(InviteeName);
        await invitee.GetByLabel("Password", new() { Exact = true }).FillAsync("River-Keeper-2026!");
        await invitee.GetByLabel("Confirm password").FillAsync("River-Keeper-2026!");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // The invitee lands in the partnership...
        await invitee.WaitForUrlOrExplainAsync(PageExtensions.OverviewUrl());
        Assert.EndsWith(overviewPath, invitee.Url, StringComparison.Ordinal);
        await Expect(invitee.GetByRole(AriaRole.Heading, new() { Name = partnershipName, Level = 1 })).ToBeVisibleAsync();

        // ...the facilitator's members page lists them without a reload...
        await Expect(MemberRow(facilitator, InviteeName)).ToBeVisibleAsync();

        // ...and the invitee's members page lists the facilitator.
        await invitee.GotoInteractiveAsync($"{overviewPath}/members");
        await Expect(MemberRow(invitee, "Ana Costa")).ToBeVisibleAsync();
        await Expect(MemberRow(invitee, InviteeName)).ToBeVisibleAsync();
    }

    private static ILocator MemberRow(IPage page, string name) =>
        page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row, new() { Name = name });
}
