using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Xunit.Sdk;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>axe (WCAG 2.2 A and AA rules) finds no violations on the main pages and dialogs.</summary>
public sealed partial class AccessibilityTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>The signed-in contexts a test opened through <see cref="OpenPartnershipsAsync"/>, closed after it.</summary>
    private readonly List<IBrowserContext> _contexts = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("", "Run your partnership in the open")]
    [InlineData("Account/Login", "Sign in")]
    [InlineData("Account/Register", "Create an account")]
    public async Task SignedOutPage_HasNoViolations(string path, string heading)
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task InvitationLandingAndRegistrationThroughIt_HaveNoViolations()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", "Accessible Welcome");
        var token = await app.Data.InviteAsync("facilitator@demo.local", partnership, $"welcome-{Guid.NewGuid():N}@example.org");
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"invite/{token}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join Accessible Welcome", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await page.AssertNoAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await Expect(page.GetByText("You were invited to join Accessible Welcome as contributor.")).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task TheCheck_FailsOnAPageWithViolations_NamingEachRuleAndElement()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(
            """
            <!DOCTYPE html><html lang="en"><head><title>Faulty</title></head>
            <body><main><h1>Faulty</h1><img id="no-alt" src="data:,"><button id="no-name"></button></main></body></html>
            """);

        var failure = await Assert.ThrowsAsync<FailException>(page.AssertNoAccessibilityViolationsAsync);

        Assert.Contains("2 accessibility violation(s)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- image-alt (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- button-name (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#no-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#no-name", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("partnerships", "My partnerships")]
    [InlineData("p/{demo}", "Safer Streets Partnership")]
    [InlineData("p/{demo}/members", "Members")]
    [InlineData("p/{demo}/goals", null)]
    [InlineData("p/{demo}/goals/{goal}", null)]
    [InlineData("p/{demo}/activity", null)]
    [InlineData("p/{demo}/contributions", "What partners bring")]
    [InlineData("profile", null)]
    public async Task SignedInPage_HasNoViolations(string path, string? heading)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var goal = path.Contains("{goal}", StringComparison.Ordinal) ? await app.Data.DemoGoalIdAsync() : Guid.Empty;
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync(path
            .Replace("{demo}", demo.ToString(), StringComparison.Ordinal)
            .Replace("{goal}", goal.ToString(), StringComparison.Ordinal));
        await Expect(heading is null
            ? page.GetByRole(AriaRole.Heading, new() { Level = 1 })
            : page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Theory]
    [InlineData("Account/Login")]
    [InlineData("partnerships")]
    [InlineData("p/{demo}")]
    [InlineData("p/{demo}/members")]
    [InlineData("p/{demo}/goals")]
    [InlineData("p/{demo}/goals/{goal}")]
    [InlineData("p/{demo}/dashboard")]
    [InlineData("p/{demo}/log")]
    [InlineData("p/{demo}/workshops")]
    [InlineData("p/{demo}/activity")]
    [InlineData("p/{demo}/contributions")]
    public async Task PageInDarkTheme_HasNoViolations(string path)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var goal = path.Contains("{goal}", StringComparison.Ordinal) ? await app.Data.DemoGoalIdAsync() : Guid.Empty;
        await using var context = await app.SignInAsync("facilitator@demo.local");
        await context.AddCookiesAsync([new Cookie { Name = "workspace.theme", Value = "dark", Url = app.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path
            .Replace("{demo}", demo.ToString(), StringComparison.Ordinal)
            .Replace("{goal}", goal.ToString(), StringComparison.Ordinal));
        await Expect(page.Locator("body.theme-dark")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        if (path.StartsWith('p'))
        {
            await page.WaitForInteractiveAsync();
        }

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task NewPartnershipDialog_HasNoViolations()
    {
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("partnerships");
        await page.GetByRole(AriaRole.Button, new() { Name = "New partnership" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).GetByLabel("Name")).ToBeFocusedAsync();

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task InviteDialog_BeforeAndAfterCreatingTheLink_HasNoViolations()
    {
        var partnership = await app.Data.CreatePartnershipAsync("facilitator@demo.local", "Accessible Invitations");
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{partnership}/members");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite someone" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Email address")).ToBeFocusedAsync();

        await page.AssertNoAccessibilityViolationsAsync();

        await dialog.GetByLabel("Email address").FillAsync("axe@example.org");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Invitation link" })).ToBeVisibleAsync();

        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task AccountMenu_OpensFromTheKeyboard()
    {
        var page = await OpenPartnershipsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Account menu for Ana Costa" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Profile and organisation" })).ToBeFocusedAsync();

        // The arrow keys move between the items and wrap around; Escape closes it and returns to the button.
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Change password" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })).ToBeFocusedAsync();
        await page.AssertNoAccessibilityViolationsAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Account menu for Ana Costa" })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task PartnershipSwitcher_OpensFromTheKeyboard()
    {
        var page = await OpenPartnershipsAsync();

        await page.GetByRole(AriaRole.Button, new() { NameRegex = SwitchPartnership() }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "All my partnerships" })).ToBeVisibleAsync();

        // Choosing an item follows its link and closes the menu.
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "New partnership" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "All my partnerships" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task NavigationDrawer_OnANarrowScreen_OpensOverThePage_AndClosesWithEscapeOrALink()
    {
        var page = await OpenPartnershipsAsync();
        await page.SetViewportSizeAsync(600, 900);
        var drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Main navigation" });
        var show = page.GetByRole(AriaRole.Button, new() { Name = "Show navigation" });
        await Expect(drawer).ToBeHiddenAsync();

        await show.ClickAsync();
        await Expect(drawer).ToBeVisibleAsync();
        await Expect(drawer).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hide navigation" })).ToHaveAttributeAsync("aria-expanded", "true");
        await page.AssertNoAccessibilityViolationsAsync();

        await page.Keyboard.PressAsync("Escape");
        await Expect(drawer).ToBeHiddenAsync();
        await Expect(show).ToBeFocusedAsync();

        await show.ClickAsync();
        await drawer.GetByRole(AriaRole.Link, new() { Name = "Portfolio" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Portfolio", Level = 1 })).ToBeVisibleAsync();
        await Expect(drawer).ToBeHiddenAsync();

        // On a wide screen the same drawer is docked beside the page, and its own button hides it.
        await page.SetViewportSizeAsync(1280, 900);
        await Expect(drawer).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hide navigation" }).ClickAsync();
        await Expect(drawer).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show navigation" }).ClickAsync();
        await Expect(drawer).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    public async Task AppBar_OnAPhone_KeepsEveryControlOnScreen(int width)
    {
        var page = await OpenPartnershipsAsync();
        await page.SetViewportSizeAsync(width, 700);

        // WCAG's reflow width is 320 CSS pixels: the account menu was pushed past the edge there.
        var rightmost = await page.EvaluateAsync<double>(
            "() => Math.max(...[...document.querySelectorAll('.mud-toolbar-appbar button')].filter(b => b.offsetParent).map(b => b.getBoundingClientRect().right))");
        Assert.True(rightmost <= width, $"An app bar button ends at {rightmost}px, past the {width}px screen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Account menu for Ana Costa" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = SwitchPartnership() })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("dashboard")]
    [InlineData("follow")]
    [InlineData("contributions")]
    [InlineData("log")]
    [InlineData("wall")]
    public async Task PartnershipPage_OnAPhone_DoesNotScrollSideways(string page)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var phone = await OpenPartnershipsAsync();
        await phone.SetViewportSizeAsync(390, 844);

        await phone.GotoAsync($"p/{demo}/{page}");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await phone.WaitForFunctionAsync("() => document.readyState === 'complete'");

        // Wide tables scroll inside their own wrappers; the page itself stays as wide as the phone, down to WCAG's 320 px.
        foreach (var width in new[] { 390, 320 })
        {
            await phone.SetViewportSizeAsync(width, 844);
            Assert.Equal(width, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        }
    }

    private async Task<IPage> OpenPartnershipsAsync()
    {
        var context = await app.SignInAsync("facilitator@demo.local");
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("partnerships");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My partnerships", Level = 1 })).ToBeFocusedAsync();
        return page;
    }

    [GeneratedRegex("^Switch partnership, current: ")]
    private static partial Regex SwitchPartnership();
}
