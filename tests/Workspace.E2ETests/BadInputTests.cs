using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Bad input gets a message that says what to do, and nothing is saved.</summary>
public sealed class BadInputTests(AppFixture app)
{
    [Fact]
    public async Task NewPartnershipWithoutName_SaysNameIsRequired_AndCreatesNothing()
    {
        var before = await app.Data.CountPartnershipsAsync();
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("partnerships");

        await page.GetByRole(AriaRole.Button, new() { Name = "New partnership" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // The dialog puts the cursor in its first field as it opens; type only once it has.
        await Expect(dialog.GetByLabel("Name")).ToBeFocusedAsync();
        await dialog.GetByLabel("Purpose").FillAsync("A partnership nobody named.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create partnership" }).ClickAsync();

        await Expect(dialog.GetByText("Name is required.")).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.EndsWith("/partnerships", page.Url, StringComparison.Ordinal);
        Assert.Equal(before, await app.Data.CountPartnershipsAsync());
    }

    [Fact]
    public async Task InvitationToAnInvalidEmail_SaysWhatAnEmailLooksLike_AndCreatesNoInvitation()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", "Invalid Email Check");
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        var dialog = await OpenInviteDialogAsync(page, partnership);

        await dialog.GetByLabel("Email address").FillAsync("ana.costa-at-example.org");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();

        await Expect(dialog.GetByText("Enter an email address in the correct format, like name@example.org.")).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Invitation link" })).ToHaveCountAsync(0);
        Assert.Equal(0, await app.Data.CountInvitationsAsync(partnership));
    }

    [Fact]
    public async Task SecondInvitationToTheSameEmail_SaysOneIsPending_AndKeepsOneInvitation()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", "Duplicate Invitation Check");
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        var dialog = await OpenInviteDialogAsync(page, partnership);
        await dialog.GetByLabel("Email address").FillAsync("twice@example.org");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Invitation link" })).ToBeVisibleAsync();

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Invite another" }).ClickAsync();
        await dialog.GetByLabel("Email address").FillAsync("Twice@Example.org");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();

        await Expect(dialog.GetByText("twice@example.org already has a pending invitation.")).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Invitation link" })).ToHaveCountAsync(0);
        Assert.Equal(1, await app.Data.CountInvitationsAsync(partnership));
    }

    [Fact]
    public async Task InvitationForSomeoneAlreadyAMember_SaysTheyAreAMember()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", "Existing Member Check");
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        var dialog = await OpenInviteDialogAsync(page, partnership);

        await dialog.GetByLabel("Email address").FillAsync("facilitator@demo.local");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();

        await Expect(dialog.GetByText("facilitator@demo.local is already a member of this partnership.")).ToBeVisibleAsync();
        Assert.Equal(0, await app.Data.CountInvitationsAsync(partnership));
    }

    [Fact]
    public async Task ExpiredInvitationLink_SaysItHasExpired_AndOffersNoWayToJoin()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", "Expired Link Check");
        var token = await app.Data.InviteAsync("facilitator@demo.local", partnership, "late@example.org");
        await app.Data.ExpireInvitationAsync(token);
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"invite/{token}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This invitation has expired. Ask a facilitator to renew it.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Create an account" })).ToHaveCountAsync(0);

        // The registration form does not accept it either: it sends the visitor back to the message.
        await page.GotoAsync($"Account/Register?invite={token}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This invitation has expired. Ask a facilitator to renew it.");
    }

    [Fact]
    public async Task UsedInvitationLink_SaysItWasAlreadyUsed()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", "Used Link Check");
        var token = await app.Data.InviteAsync("facilitator@demo.local", partnership, "ngo@demo.local");
        await app.Data.AcceptInvitationAsync("ngo@demo.local", token);
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"invite/{token}");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This invitation link has already been used.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Create an account" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task MadeUpInvitationLink_SaysItIsNotValid()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("invite/not-a-real-token");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This invitation link is not valid" })).ToBeVisibleAsync();
    }

    private static async Task<ILocator> OpenInviteDialogAsync(IPage page, Guid partnership)
    {
        await page.GotoInteractiveAsync($"p/{partnership}/members");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite someone" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Email address")).ToBeVisibleAsync();
        return dialog;
    }
}
