using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>The light and dark palettes: the app bar's button switches in place, and the choice is remembered.</summary>
public sealed class ThemeTests(AppFixture app)
{
    private const string LightBackground = "rgb(245, 247, 250)";
    private const string DarkBackground = "rgb(13, 19, 29)";

    [Fact]
    public async Task ThemeButton_SwitchesThePaletteInPlace_AndTheChoiceSurvivesAReload()
    {
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("partnerships");
        var body = page.Locator("body");
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Expect(body).ToHaveClassAsync("theme-dark");
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My partnerships", Level = 1 })).ToHaveCSSAsync("color", "rgb(232, 237, 244)");
        // The dark palette is the body's: below a short page the window must not show the light root.
        Assert.True(await page.EvaluateAsync<bool>("() => document.body.getBoundingClientRect().height >= window.innerHeight"));

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" }).ClickAsync();
        await Expect(body).ToHaveClassAsync("theme-light");
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);
    }
}
