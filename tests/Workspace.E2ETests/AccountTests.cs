using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Local accounts end to end: register, confirm by the on-screen link, sign out, reset the password.</summary>
public sealed class AccountTests(AppFixture app)
{
    private const string Password = "Riverside-Kim-2026!";
    private const string NewPassword = "Riverside-Kim-2027?";

    [Fact]
    public async Task NewPerson_RegistersConfirmsSignsOutAndResetsTheirPassword()
    {
        var email = $"kim.{Guid.NewGuid():N}"[..16] + "@council.example";
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("Account/Register");
        await page.GetByLabel("Your name").FillAsync("Kim Osei");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Without a mail server, Development shows the confirmation link on screen.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("RegisterConfirmation"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm your email address" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your email address is confirmed" })).ToBeVisibleAsync();

        await page.SignInAsync(email, Password);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("Account menu") }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Run your partnership in the open" })).ToBeVisibleAsync();

        await page.GotoAsync("Account/ForgotPassword");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Choose a new password" }).ClickAsync();
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Confirm new password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save new password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your password has been changed" })).ToBeVisibleAsync();

        await page.SignInAsync(email, NewPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My partnerships" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WrongPassword_ShowsAClearMessageAndStaysOnSignIn()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("Account/Login");
        await page.GetByLabel("Email address").FillAsync("contributor@demo.local");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email address or password is not right.");
        await Expect(page.GetByLabel("Email address")).ToHaveValueAsync("contributor@demo.local");
    }
}
