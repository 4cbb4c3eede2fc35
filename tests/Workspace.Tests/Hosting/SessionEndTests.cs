using System.Net;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Email;

namespace Workspace.Tests.Hosting;

/// <summary>
/// A password change or reset ends the person's other sessions within a minute: their sign-in cookies stop
/// working once the stamp check is due, and a live circuit is signed out by its next revalidation.
/// </summary>
public sealed class SessionEndTests
{
    private const string Email = "rosa@example.org";
    private const string NewPassword = "Changed-Pass-2026!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PasswordChange_EndsTheOtherSessions_OnceTheCheckIsDue_AndKeepsTheOneThatChangedIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new TestApp("Development", services: services =>
            services.Configure<SecurityStampValidatorOptions>(options => options.TimeProvider = clock));
        await app.AddPersonAsync(Email, HttpForms.Password);
        using var laptop = app.NewBrowser();
        using var phone = app.NewBrowser();
        await laptop.SignInAsync(Email);
        await phone.SignInAsync(Email);

        using var change = await laptop.SubmitAsync("Account/Manage/ChangePassword", "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = HttpForms.Password,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.True(await app.HasPasswordAsync(Email, NewPassword));
        using var phoneWithinTheMinute = await phone.OpenAccountPageAsync();
        clock.Advance(UntilJustOverAMinuteFromNow(clock));
        using var phoneAfter = await phone.OpenAccountPageAsync();
        using var laptopAfter = await laptop.OpenAccountPageAsync();

        Assert.Equal(HttpStatusCode.OK, phoneWithinTheMinute.StatusCode);
        AssertSentToSignIn(phoneAfter);
        Assert.Equal(HttpStatusCode.OK, laptopAfter.StatusCode);
    }

    [Fact]
    public async Task PasswordReset_EndsEverySession_OnceTheCheckIsDue()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var mail = new FakeEmailSender();
        await using var app = new TestApp("Development", services: services =>
        {
            services.AddSingleton<IAppEmailSender>(mail);
            services.Configure<SecurityStampValidatorOptions>(options => options.TimeProvider = clock);
        });
        await app.AddPersonAsync(Email, HttpForms.Password);
        using var stolenSession = app.NewBrowser();
        await stolenSession.SignInAsync(Email);

        using var owner = app.NewBrowser();
        using var forgot = await owner.SubmitAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = Email });
        var resetLink = HttpForms.FirstLink(Assert.Single(mail.Sent).HtmlBody);
        using var reset = await owner.SubmitAsync(resetLink.PathAndQuery.TrimStart('/'), "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = Email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.True(await app.HasPasswordAsync(Email, NewPassword));
        using var withinTheMinute = await stolenSession.OpenAccountPageAsync();
        clock.Advance(UntilJustOverAMinuteFromNow(clock));
        using var after = await stolenSession.OpenAccountPageAsync();

        Assert.Equal(HttpStatusCode.OK, withinTheMinute.StatusCode);
        AssertSentToSignIn(after);
    }

    [Fact]
    public async Task PasswordChange_SignsOutALiveCircuit_AtItsNextRevalidation()
    {
        await using var app = new TestApp("Development", services: services =>
            services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMilliseconds(200)));
        var userId = await app.AddPersonAsync(Email, HttpForms.Password);
        await using var circuit = app.Services.CreateAsyncScope();
        var authentication = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var signedOut = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(user);
            ((IHostEnvironmentAuthenticationStateProvider)authentication).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
            Assert.True((await authentication.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
            authentication.AuthenticationStateChanged += async state => signedOut.TrySetResult(await state);

            var changed = await users.ChangePasswordAsync(user, HttpForms.Password, NewPassword);
            Assert.True(changed.Succeeded);
        }

        var state = await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    /// <summary>The fake clock started before the app did; the cookies carry the real time they were issued.</summary>
    private static TimeSpan UntilJustOverAMinuteFromNow(FakeTimeProvider clock) => DateTimeOffset.UtcNow - clock.GetUtcNow() + TimeSpan.FromSeconds(61);

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }
}
