using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Who speaks for an organisation: a newcomer asks, one of its admins approves, and strangers see no directory.</summary>
public sealed class OrganisationTests(AppFixture app)
{
    private const string Password = "Riverside-Nia-2026!";

    [Fact]
    public async Task AnonymousVisitor_SeesNoOrganisationDirectoryWhenRegistering()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("Account/Register");

        Assert.True(response!.Ok);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create an account" })).ToBeVisibleAsync();
        var html = await page.ContentAsync();
        Assert.DoesNotContain("Riverside City Council", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Streetlight Trust", html, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Combobox)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NewcomerAsksToSpeakForTheCouncil_SpeaksForItOnlyOnceItsAdminApproves()
    {
        var email = $"nia.{Guid.NewGuid():N}"[..13] + "@elsewhere.example";
        await app.Data.CreatePersonAsync(email, "Nia Newcomer", Password);

        // The newcomer chooses the council on their profile: that is a request, not membership.
        await using var newcomerContext = await app.SignInAsync(email, Password);
        var newcomer = await newcomerContext.NewPageAsync();
        await newcomer.GotoInteractiveAsync("profile");
        await Expect(newcomer.GetByText("You don’t speak for an organisation yet")).ToBeVisibleAsync();
        await newcomer.GetByRole(AriaRole.Combobox, new() { Name = "Your organisation" }).FillAsync("Riverside");
        await newcomer.GetByRole(AriaRole.Option, new() { Name = "Riverside City Council · Public" }).ClickAsync();
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Ask to join" }).ClickAsync();
        await Expect(newcomer.GetByText("You asked to speak for")).ToBeVisibleAsync();

        // The council's admin sees the request and approves it.
        await using var adminContext = await app.SignInAsync("observer@demo.local");
        var admin = await adminContext.NewPageAsync();
        await admin.GotoInteractiveAsync("organisation");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Riverside City Council", Level = 1 })).ToBeVisibleAsync();
        var requests = admin.GetByRole(AriaRole.Table, new() { Name = "Requests to join" });
        await requests.GetByRole(AriaRole.Button, new() { Name = "Approve Nia Newcomer" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Table, new() { Name = "People" }).GetByRole(AriaRole.Row, new() { Name = "Nia Newcomer" })).ToBeVisibleAsync();

        await newcomer.GotoInteractiveAsync("profile");
        await Expect(newcomer.GetByText("You speak for Riverside City Council")).ToBeVisibleAsync();
        await Expect(newcomer.GetByText("Approved by an admin")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task APersonWhoIsNotAnAdmin_IsToldTheOrganisationPageIsForAdmins()
    {
        var email = $"tom.{Guid.NewGuid():N}"[..13] + "@elsewhere.example";
        await app.Data.CreatePersonAsync(email, "Tom Visitor", Password);
        await using var context = await app.SignInAsync(email, Password);
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync("organisation");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Only an organisation’s admins manage it" })).ToBeVisibleAsync();
    }
}
