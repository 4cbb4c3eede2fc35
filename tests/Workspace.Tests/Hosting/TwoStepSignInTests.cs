using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Workspace.Tests.Support;
using Workspace.Web.Data;

namespace Workspace.Tests.Hosting;

/// <summary>
/// Two-step sign-in through the whole app, as a browser posts its forms. Codes are computed here from the key
/// the set-up page shows, with an RFC 6238 library independent of the app.
/// </summary>
public sealed partial class TwoStepSignInTests
{
    private const string Email = "kim@council.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Code(string key, int stepsFromNow = 0) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsFromNow));

    private static string WrongCode(string key) =>
        string.Concat(Code(key).Select(c => (char)('0' + ((c - '0' + 5) % 10))));

    private static async Task<string> HtmlAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync(Ct);

    private static string PathOf(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost/"), response.Headers.Location!).PathAndQuery.TrimStart('/');

    /// <summary>Signs in and turns two-step sign-in on; returns the key, the recovery codes shown and the code that confirmed it.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes, string UsedCode)> EnableAsync(HttpClient browser)
    {
        await browser.SignInAsync(Email);
        using var setup = await browser.GetAsync(new Uri("Account/Manage/EnableAuthenticator", UriKind.Relative), Ct);
        var key = KeyShown().Match(await HtmlAsync(setup)).Groups["key"].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Equal(32, key.Length);
        var used = Code(key);
        using var enabled = await browser.SubmitAsync("Account/Manage/EnableAuthenticator", "enable-authenticator", new Dictionary<string, string> { ["Input.Code"] = used });
        var codes = RecoveryCodesShown().Matches(await HtmlAsync(enabled)).Select(m => m.Groups["code"].Value).ToList();
        Assert.Equal(10, codes.Count);
        return (key, codes, used);
    }

    private static async Task<HttpResponseMessage> PasswordStepAsync(HttpClient browser, string path = "Account/Login") =>
        await browser.SubmitAsync(path, "login", new Dictionary<string, string> { ["Input.Email"] = Email, ["Input.Password"] = HttpForms.Password });

    private static async Task<ApplicationUser> UserAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(Email))!;
    }

    private static async Task<List<(string Field, string? New)>> AccountRecordsAsync(TestApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>().CreateDbContextAsync(Ct);
        return [.. (await db.ChangeRecords.Where(c => c.EntityType == "Account").OrderBy(c => c.Id).ToListAsync(Ct)).Select(c => (c.Field, c.NewValue))];
    }

    [Fact]
    public async Task Setup_AWrongOrShortCodeChangesNothing_TheRightCodeTurnsItOnAndShowsTenRecoveryCodes()
    {
        await using var app = new TestApp("Development");
        await app.AddPersonAsync(Email, HttpForms.Password);
        var browser = app.NewBrowser();
        await browser.SignInAsync(Email);

        using var setup = await browser.GetAsync(new Uri("Account/Manage/EnableAuthenticator", UriKind.Relative), Ct);
        var html = await HtmlAsync(setup);
        var key = KeyShown().Match(html).Groups["key"].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Matches("^([a-z2-7]{4} ){7}[a-z2-7]{4}$", KeyShown().Match(html).Groups["key"].Value);

        using var wrong = await browser.SubmitAsync("Account/Manage/EnableAuthenticator", "enable-authenticator", new Dictionary<string, string> { ["Input.Code"] = WrongCode(key) });
        using var shortCode = await browser.SubmitAsync("Account/Manage/EnableAuthenticator", "enable-authenticator", new Dictionary<string, string> { ["Input.Code"] = "12345" });
        Assert.Contains("That code is not right", await HtmlAsync(wrong), StringComparison.Ordinal);
        Assert.Contains("Enter the 6 digits", await HtmlAsync(shortCode), StringComparison.Ordinal);
        Assert.False((await UserAsync(app)).TwoFactorEnabled);

        using var right = await browser.SubmitAsync("Account/Manage/EnableAuthenticator", "enable-authenticator", new Dictionary<string, string> { ["Input.Code"] = Code(key) });
        var codes = RecoveryCodesShown().Matches(await HtmlAsync(right)).Select(m => m.Groups["code"].Value).ToList();

        Assert.True((await UserAsync(app)).TwoFactorEnabled);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[A-Z0-9]{5}-[A-Z0-9]{5}$", code));
        Assert.Equal(HttpStatusCode.OK, (await browser.OpenAccountPageAsync()).StatusCode);
        Assert.Contains(("TwoStepSignIn", "On"), await AccountRecordsAsync(app));
        Assert.DoesNotContain(await AccountRecordsAsync(app), r => r.New is not null && (r.New.Contains(key, StringComparison.Ordinal) || codes.Contains(r.New)));
        var export = await browser.GetStringAsync(new Uri("Account/Manage/PersonalData/Download", UriKind.Relative), Ct);
        Assert.Contains("\"TwoFactorEnabled\": true", export, StringComparison.Ordinal);
        Assert.DoesNotContain(key, export, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(codes[0], export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AsksForTheCode_RefusesAWrongOneAndAReplayedOne_ThenSignsInOnlyToALocalAddress()
    {
        await using var app = new TestApp("Development");
        await app.AddPersonAsync(Email, HttpForms.Password);
        var (key, _, used) = await EnableAsync(app.NewBrowser());
        var browser = app.NewBrowser();

        using var password = await PasswordStepAsync(browser, "Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var codePage = PathOf(password);
        Assert.StartsWith("Account/LoginWith2fa", codePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.OpenAccountPageAsync()).StatusCode);

        using var wrong = await browser.SubmitAsync(codePage, "login-with-2fa", new Dictionary<string, string> { ["Input.Code"] = WrongCode(key) });
        using var replayed = await browser.SubmitAsync(codePage, "login-with-2fa", new Dictionary<string, string> { ["Input.Code"] = used });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That code is not right", await HtmlAsync(wrong), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.OpenAccountPageAsync()).StatusCode);

        using var next = await browser.SubmitAsync(codePage, "login-with-2fa", new Dictionary<string, string> { ["Input.Code"] = Code(key, stepsFromNow: 1) });

        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("partnerships", PathOf(next));
        Assert.Equal(HttpStatusCode.OK, (await browser.OpenAccountPageAsync()).StatusCode);
        Assert.Equal(
            [("SignedIn", "Succeeded"), ("TwoStepSignIn", "On"), ("SignInFailed", "WrongAuthenticatorCode"), ("SignInFailed", "WrongAuthenticatorCode"), ("SignedIn", "AuthenticatorCode")],
            await AccountRecordsAsync(app));
    }

    [Fact]
    public async Task CodePages_WithoutThePasswordStep_SendThePersonToSignIn()
    {
        await using var app = new TestApp("Development");
        var browser = app.NewBrowser();

        using var code = await browser.GetAsync(new Uri("Account/LoginWith2fa", UriKind.Relative), Ct);
        using var recovery = await browser.GetAsync(new Uri("Account/LoginWithRecoveryCode", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.Redirect, "Account/Login"), (code.StatusCode, PathOf(code)));
        Assert.Equal((HttpStatusCode.Redirect, "Account/Login"), (recovery.StatusCode, PathOf(recovery)));
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce_IsRefusedTheSecondTime_AndWrongCodesLockTheAccount()
    {
        await using var app = new TestApp("Development");
        await app.AddPersonAsync(Email, HttpForms.Password);
        var (_, codes, _) = await EnableAsync(app.NewBrowser());

        var first = app.NewBrowser();
        using (var password = await PasswordStepAsync(first))
        using (var signedIn = await first.SubmitAsync("Account/LoginWithRecoveryCode", "login-with-recovery-code", new Dictionary<string, string> { ["Input.RecoveryCode"] = codes[0].ToLowerInvariant() }))
        {
            Assert.Equal("partnerships", PathOf(signedIn));
        }

        var second = app.NewBrowser();
        using (await PasswordStepAsync(second))
        using (var reused = await second.SubmitAsync("Account/LoginWithRecoveryCode", "login-with-recovery-code", new Dictionary<string, string> { ["Input.RecoveryCode"] = codes[0] }))
        {
            Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
            Assert.Contains("That recovery code is not right, or it was already used.", await HtmlAsync(reused), StringComparison.Ordinal);
        }

        HttpResponseMessage? last = null;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            last?.Dispose();
            last = await second.SubmitAsync("Account/LoginWithRecoveryCode", "login-with-recovery-code", new Dictionary<string, string> { ["Input.RecoveryCode"] = "BBBBB-22222" });
        }

        Assert.Equal("Account/Lockout", PathOf(last!));
        last!.Dispose();
        Assert.Equal(9, await CountCodesAsync(app));
        var records = await AccountRecordsAsync(app);
        Assert.Contains(("SignedIn", "RecoveryCode"), records);
        Assert.Equal(4, records.Count(r => r == ("SignInFailed", "WrongRecoveryCode")));
        Assert.Equal(("SignInFailed", "LockedOut"), records[^1]);
    }

    [Fact]
    public async Task PasswordReset_LeavesTwoStepSignInOn()
    {
        await using var app = new TestApp("Development");
        await app.AddPersonAsync(Email, HttpForms.Password);
        await EnableAsync(app.NewBrowser());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(Email))!;
            Assert.True((await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), "Reset-Pass-2026!")).Succeeded);
        }

        var browser = app.NewBrowser();
        using var password = await browser.SubmitAsync("Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = Email, ["Input.Password"] = "Reset-Pass-2026!" });
        Assert.True((await UserAsync(app)).TwoFactorEnabled);
        Assert.StartsWith("Account/LoginWith2fa", PathOf(password), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurningOff_NeedsThePassword_ThenSignInNoLongerAsksForACode()
    {
        await using var app = new TestApp("Development");
        await app.AddPersonAsync(Email, HttpForms.Password);
        var browser = app.NewBrowser();
        await EnableAsync(browser);

        using var refused = await browser.SubmitAsync("Account/Manage/DisableTwoFactor", "disable-two-factor", new Dictionary<string, string> { ["Input.Password"] = "Not-The-Password-1!" });
        Assert.Contains("That password is not right", await HtmlAsync(refused), StringComparison.Ordinal);
        Assert.True((await UserAsync(app)).TwoFactorEnabled);

        using var off = await browser.SubmitAsync("Account/Manage/DisableTwoFactor", "disable-two-factor", new Dictionary<string, string> { ["Input.Password"] = HttpForms.Password });

        Assert.Equal("Account/Manage/TwoFactor", PathOf(off));
        Assert.False((await UserAsync(app)).TwoFactorEnabled);
        Assert.Equal(0, await CountCodesAsync(app));
        Assert.Equal(HttpStatusCode.OK, (await browser.OpenAccountPageAsync()).StatusCode);
        await app.NewBrowser().SignInAsync(Email);
        Assert.Contains(("TwoStepSignIn", "Off"), await AccountRecordsAsync(app));
    }

    private static async Task<int> CountCodesAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.CountRecoveryCodesAsync((await users.FindByEmailAsync(Email))!);
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">(?<key>[^<]+)<")]
    private static partial Regex KeyShown();

    [GeneratedRegex("<li><code>(?<code>[^<]+)</code></li>")]
    private static partial Regex RecoveryCodesShown();
}
