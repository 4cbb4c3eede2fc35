using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using OtpNet;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>
/// Two-step sign-in end to end, as a person does it: set up an authenticator app, sign in with its codes and
/// a recovery code, turn it off. The test's "app" computes codes from the key the page shows (RFC 6238).
/// </summary>
public sealed partial class TwoStepSignInTests(AppFixture app, SingleSignOnFixture sso) : IClassFixture<SingleSignOnFixture>
{
    private const string Password = "Riverside-Kim-2026!";

    private static string NewEmail() => $"kim.{Guid.NewGuid():N}"[..16] + "@council.example";

    private static string Code(string key, int stepsFromNow = 0) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsFromNow));

    private static string WrongCode(string key) =>
        string.Concat(Code(key).Select(c => (char)('0' + ((c - '0' + 5) % 10))));

    private static async Task PasswordStepAsync(IPage page, string email)
    {
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CodePageUrl());
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("Account menu") }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Run your partnership in the open" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Person_SetsUpAnApp_SignsInWithCodesAndARecoveryCode_ThenTurnsItOff()
    {
        var email = NewEmail();
        await app.Data.CreatePersonAsync(email, "Kim Osei", Password);
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(email, Password);

        // Set up: nothing is turned on until the app's code is right.
        await page.GotoAsync("Account/Manage/TwoFactor");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step sign-in", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("You sign in with your password alone.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code to add Partnership Workspace to your authenticator app" })).ToBeVisibleAsync();
        var key = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
        await Expect(page.GetByText("Enter the 6 digits your authenticator app shows")).ToBeVisibleAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(WrongCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
        await Expect(page.GetByText("That code is not right.")).ToBeVisibleAsync();
        var enablingCode = Code(key);
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(enablingCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step sign-in is on" })).ToBeVisibleAsync();
        var recoveryCodes = await page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem).AllInnerTextsAsync();
        Assert.Equal(10, recoveryCodes.Distinct().Count());
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved my codes" }).ClickAsync();
        await Expect(page.GetByText("You have 10 recovery codes left")).ToBeVisibleAsync();

        // The password alone no longer signs in; a wrong or replayed code is refused; the next code signs in.
        await page.GotoAsync("partnerships");
        await SignOutAsync(page);
        await PasswordStepAsync(page, email);
        var codeField = page.GetByLabel("Code", new() { Exact = true });
        await Expect(codeField).ToHaveAttributeAsync("autocomplete", "one-time-code");
        await Expect(codeField).ToHaveAttributeAsync("inputmode", "numeric");
        await codeField.FillAsync(WrongCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That code is not right");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(enablingCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already used");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(Code(key, stepsFromNow: 1));
        await page.GetByLabel("Remember this device").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForUrlOrExplainAsync(PageExtensions.PartnershipsUrl());

        // A recovery code signs in once.
        await SignOutAsync(page);
        await context.ClearCookiesAsync();
        await PasswordStepAsync(page, email);
        await page.GetByRole(AriaRole.Link, new() { Name = "sign in with a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code", new() { Exact = true }).FillAsync(recoveryCodes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForUrlOrExplainAsync(PageExtensions.PartnershipsUrl());
        await SignOutAsync(page);
        await PasswordStepAsync(page, email);
        await page.GetByRole(AriaRole.Link, new() { Name = "sign in with a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code", new() { Exact = true }).FillAsync(recoveryCodes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That recovery code is not right, or it was already used.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a code from my authenticator app instead" }).ClickAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(Code(key, stepsFromNow: 2));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForUrlOrExplainAsync(PageExtensions.PartnershipsUrl());

        // Turning it off asks for the password; then the password alone signs in again.
        await page.GotoAsync("Account/Manage/TwoFactor");
        await Expect(page.GetByText("You have 9 recovery codes left")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Turn off two-step sign-in" }).ClickAsync();
        await page.GetByLabel("Your password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off two-step sign-in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Two-step sign-in is off.");
        await Expect(page.GetByText("You sign in with your password alone.")).ToBeVisibleAsync();
        await page.GotoAsync("partnerships");
        await SignOutAsync(page);
        await page.SignInAsync(email, Password);
    }

    [Fact]
    public async Task CodePage_WithoutThePasswordStep_SendsThePersonToSignIn()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("Account/LoginWith2fa?ReturnUrl=%2Fpartnerships");

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sign in with your email address and password first.");
    }

    [Fact]
    public async Task SingleSignOn_IsNotAskedForTheLocalSecondStep()
    {
        var email = NewEmail();
        await sso.Data.CreatePersonAsync(email, "Kim Osei", Password);
        await sso.Data.UseAsync<UserManager<ApplicationUser>, bool>(async users =>
        {
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            return (await users.SetTwoFactorEnabledAsync(user, true)).Succeeded;
        });
        sso.Provider.NextUser = new TestProviderUser($"sub-{Guid.NewGuid():N}", email, EmailVerified: true, "Kim Osei");
        await using var context = await sso.NewContextAsync(app.Browser);
        var page = await context.NewPageAsync();

        await page.GotoAsync("Account/Login");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {SingleSignOnFixture.DisplayName}" }).ClickAsync();

        // Their provider owns the second step; the local password path still asks for it (control case).
        await page.WaitForUrlOrExplainAsync(PageExtensions.PartnershipsUrl());
        await using var local = await sso.NewContextAsync(app.Browser);
        await PasswordStepAsync(await local.NewPageAsync(), email);
    }

    [GeneratedRegex("/Account/LoginWith2fa")]
    private static partial Regex CodePageUrl();
}
