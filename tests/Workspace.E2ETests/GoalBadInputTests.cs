using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Goals;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Bad input on a goal gets a message that says what to do, and nothing is saved.</summary>
public sealed class GoalBadInputTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";

    [Theory]
    [InlineData("", "Enter the value as a number.")]
    [InlineData("10000000000000", "Value must be a number between -1,000,000,000,000 and 1,000,000,000,000.")]
    [InlineData("1e13", "Value must be a number between -1,000,000,000,000 and 1,000,000,000,000.")]
    public async Task CheckInWithoutAValueOrBeyondTheLimit_SaysSo_AndRecordsNothing(string value, string message)
    {
        var (demo, goal, title) = await NewGoalAsync("Check-in value");
        var indicator = await app.Data.AddIndicatorAsync(Facilitator, demo, goal, "Mentors matched");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Indicators (1)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record check-in" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);

        await dialog.GetByRole(AriaRole.Spinbutton, new() { Name = "Value (people)" }).FillAsync(value);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Record check-in" }).ClickAsync();

        await Expect(dialog.GetByText(message)).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Spinbutton, new() { Name = "Value (people)" })).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(0, await app.Data.CountCheckInsAsync(indicator));
    }

    [Fact]
    public async Task IndicatorWithTargetEqualToBaseline_SaysTheTargetMustBeAbove_AndAddsNothing()
    {
        var (demo, goal, title) = await NewGoalAsync("Flat target");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Indicators (0)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add indicator" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // The dialog focuses Name once it has rendered; on a busy machine that came after the next field's fill began,
        // and its "40" went into Name.
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" })).ToBeFocusedAsync();

        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).FillAsync("Young people in education");
        await dialog.GetByRole(AriaRole.Spinbutton, new() { Name = "Baseline" }).FillAsync("40");
        await dialog.GetByRole(AriaRole.Spinbutton, new() { Name = "Target" }).FillAsync("40");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add indicator" }).ClickAsync();

        await Expect(dialog.GetByText("For an indicator that should increase, the target must be above the baseline.")).ToBeVisibleAsync();
        Assert.Equal(0, await app.Data.CountIndicatorsAsync(goal));
    }

    [Fact]
    public async Task Title_CannotBeTypedPastTheLimit_AndAnEmptyTitleIsRequired()
    {
        var (demo, goal, title) = await NewGoalAsync("Title limits");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit the title" }).ClickAsync();
        var field = page.GetByRole(AriaRole.Textbox, new() { Name = "Title" });

        await field.FillAsync(new string('x', Goal.TitleMaxLength + 50));
        await Expect(field).ToHaveAttributeAsync("maxlength", $"{Goal.TitleMaxLength}");
        Assert.Equal(Goal.TitleMaxLength, (await field.InputValueAsync()).Length);

        await field.FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save title" }).ClickAsync();

        await Expect(page.GetByText("Title is required.")).ToBeVisibleAsync();
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(title, (await app.Data.GoalAsync(goal)).Title);
    }

    [Fact]
    public async Task ScriptAndJavascriptLinkInTheDescription_RenderInert()
    {
        var (demo, goal, title) = await NewGoalAsync("Inert markdown");
        const string Hostile = "<script>window.__pwned = true</script>\n\n[x](javascript:alert(1)) and [safe](https://example.org)";
        await using var context = await app.SignInAsync(Facilitator);
        var page = await GoalsTests.OpenGoalAsync(context, demo, goal, title);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).FillAsync(Hostile);
        await Expect(page.Locator(".markdown-preview").GetByRole(AriaRole.Link, new() { Name = "safe" })).ToBeVisibleAsync();
        await Expect(page.Locator(".markdown-preview script")).ToHaveCountAsync(0);
        await CoTypingTests.ExpectSavedAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        var markdown = page.Locator(".markdown");
        await Expect(markdown).ToContainTextAsync("<script>window.__pwned = true</script>");
        await Expect(markdown.GetByRole(AriaRole.Link, new() { Name = "safe" })).ToHaveAttributeAsync("href", "https://example.org");
        await Expect(markdown.Locator("script")).ToHaveCountAsync(0);
        await Expect(markdown.Locator("a[href^='javascript:' i]")).ToHaveCountAsync(0);
        Assert.Equal(Hostile, (await app.Data.GoalAsync(goal)).Description);

        // Also after a reload, when the description comes from the server-side prerender.
        await page.ReloadAsync();
        await Expect(markdown.GetByRole(AriaRole.Link, new() { Name = "safe" })).ToBeVisibleAsync();
        await Expect(markdown.Locator("script")).ToHaveCountAsync(0);
        await Expect(markdown.Locator("a[href^='javascript:' i]")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("() => window.__pwned === true"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GoalOfAnotherPartnershipOrMadeUp_GetsPageNotFound(bool ofAnotherPartnership)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        const string Hidden = "A goal of another partnership";
        Guid goal;
        if (ofAnotherPartnership)
        {
            // The facilitator is a member of both, so only the pairing of partnership and goal is wrong.
            var other = await app.Data.CreatePartnershipAsync(Facilitator, $"Other Circle {Guid.NewGuid():N}"[..21]);
            goal = await app.Data.CreateGoalAsync(Facilitator, other, Hidden);
        }
        else
        {
            goal = Guid.NewGuid();
        }

        await using var context = await app.SignInAsync(Facilitator);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync($"p/{demo}/goals/{goal}");
        await page.WaitForInteractiveAsync();

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText(Hidden)).ToHaveCountAsync(0);
    }

    private async Task<(Guid Partnership, Guid Goal, string Title)> NewGoalAsync(string purpose)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"{purpose} {Guid.NewGuid():N}"[..(purpose.Length + 8)];
        return (demo, await app.Data.CreateGoalAsync(Facilitator, demo, title), title);
    }
}
