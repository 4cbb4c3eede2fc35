using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Sign-in with an OpenID Connect provider end to end, against a real provider hosted on loopback.</summary>
public sealed class SingleSignOnTests(AppFixture app, SingleSignOnFixture sso) : IClassFixture<SingleSignOnFixture>
{
    private const string ProviderButton = $"Sign in with {SingleSignOnFixture.DisplayName}";

    [Fact]
    public async Task FirstSignIn_CreatesTheAccount_AndASecondSignIn_MapsOntoTheSameOne()
    {
        var email = $"amara.{Guid.NewGuid():N}"[..18] + "@justice.example";
        sso.Provider.NextUser = new TestProviderUser($"sub-{Guid.NewGuid():N}", email, EmailVerified: true, "Amara Okafor");

        for (var signIn = 0; signIn < 2; signIn++)
        {
            await using var context = await sso.NewContextAsync(app.Browser);
            var page = await context.NewPageAsync();
            await page.GotoAsync("Account/Login");
            await page.GetByRole(AriaRole.Button, new() { Name = ProviderButton }).ClickAsync();

            await page.WaitForUrlOrExplainAsync(PageExtensions.PartnershipsUrl());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My partnerships" })).ToBeVisibleAsync();
            await page.WaitForInteractiveAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Account menu for Amara Okafor" })).ToBeVisibleAsync();
        }

        var (users, logins) = await CountAsync(email);
        Assert.Equal(1, users);
        Assert.Equal(1, logins);
    }

    [Fact]
    public async Task UnverifiedAddressOfAnExistingAccount_IsRefusedWithAMessage_AndNothingIsLinked()
    {
        var email = $"kim.{Guid.NewGuid():N}"[..16] + "@council.example";
        await sso.Data.CreatePersonAsync(email, "Kim Osei", "Riverside-Kim-2026!");
        sso.Provider.NextUser = new TestProviderUser($"sub-{Guid.NewGuid():N}", email, EmailVerified: false, "Someone Else");

        await using var context = await sso.NewContextAsync(app.Browser);
        var page = await context.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.GetByRole(AriaRole.Button, new() { Name = ProviderButton }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"{SingleSignOnFixture.DisplayName} has not verified that the address is yours");
        var (users, logins) = await CountAsync(email);
        Assert.Equal(1, users);
        Assert.Equal(0, logins);
    }

    private Task<(int Users, int Logins)> CountAsync(string email) =>
        sso.Data.UseAsync<UserManager<ApplicationUser>, (int, int)>(async users =>
        {
            var normalized = users.NormalizeEmail(email);
            var people = await users.Users.Where(u => u.NormalizedEmail == normalized).ToListAsync();
            var logins = 0;
            foreach (var person in people)
            {
                logins += (await users.GetLoginsAsync(person)).Count;
            }

            return (people.Count, logins);
        });
}
