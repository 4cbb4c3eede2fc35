using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>
/// What people do on a page before its circuit is up: the server's markup is replaced when the circuit starts,
/// so typed text would vanish and clicks would do nothing. The circuit is held back here until the person has acted.
/// </summary>
public sealed class EarlyInputTests(AppFixture app)
{
    [Fact]
    public async Task TypingAndAClick_BeforeTheCircuitIsUp_AreKeptAndHappenOnceItIs()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        var circuit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await circuit.Task;
            await route.ContinueAsync();
        });

        await page.GotoAsync($"p/{demo}/goals", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Expect(page.Locator(".app-shell[data-interactive='false']")).ToBeAttachedAsync();
        var search = page.GetByPlaceholder("Title, organisation or owner");
        await search.FillAsync("no goal is called this");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connecting… what you clicked will happen in a moment." })).ToBeVisibleAsync();
        await Expect(page.Locator("body")).ToHaveClassAsync("theme-light");

        circuit.SetResult();
        await page.WaitForInteractiveAsync();
        await Expect(search).ToHaveValueAsync("no goal is called this");
        await Expect(page.GetByText("No goals match these filters")).ToBeVisibleAsync();
        await Expect(page.Locator("body")).ToHaveClassAsync("theme-dark");
        await Expect(page.Locator(".circuit-status")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AStaticPage_HasNothingHeldBack()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await Expect(page.Locator("body")).Not.ToHaveAttributeAsync("data-circuit", "starting");

        // The sign-in form is a plain form post, which needs no circuit: nothing may hold its button back.
        await page.GetByLabel("Email address").FillAsync("contributor@demo.local");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My partnerships" })).ToBeVisibleAsync();
        await Expect(page.Locator(".circuit-status")).ToHaveCountAsync(0);
    }
}
