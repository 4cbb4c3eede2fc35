using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Goals;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Other typists' carets in a co-typed description (decision 022): labelled, kept on their character, gone when they close.</summary>
public sealed class CoTypingCaretTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";

    [Fact]
    public async Task TwoPeopleInOneDescription_EachSeesTheOthersLabelledCaret_WhichStaysOnItsCharacterWhileTheOtherTypes()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"Carets check {Guid.NewGuid():N}"[..20];
        var goal = await app.Data.CreateGoalAsync(Facilitator, demo, title);
        await app.Data.SaveGoalFieldAsync(Facilitator, demo, goal, GoalField.Description, "Alpha Omega");
        await using var anaContext = await app.SignInAsync(Facilitator);
        await using var priyaContext = await app.SignInAsync(Partner);
        var ana = await OpenEditorAsync(anaContext, demo, goal, title);
        var priya = await OpenEditorAsync(priyaContext, demo, goal, title);

        await CaretAsync(priya, "Alpha ".Length);
        var priyasCaret = ana.Locator(".co-text-carets .co-caret").Filter(new() { HasText = "Priya Shah · SafeRoute Technologies Ltd" });
        await Expect(priyasCaret).ToHaveAttributeAsync("data-start", "6");
        await Expect(ana.GetByRole(AriaRole.Status).Filter(new() { HasText = "Priya Shah (SafeRoute Technologies Ltd) is typing" })).ToBeVisibleAsync();

        // Ana types before Priya's caret: on Ana's screen it stays before "Omega", and Priya sees Ana's caret follow her typing.
        await CaretAsync(ana, 0);
        await Editor(ana).PressSequentiallyAsync("Before. ");
        await Expect(priyasCaret).ToHaveAttributeAsync("data-start", "14");
        await Expect(priya.Locator(".co-text-carets .co-caret").Filter(new() { HasText = "Ana Costa · Youth Justice Unit" })).ToHaveAttributeAsync("data-start", "8");
        Assert.Equal(14, await Editor(priya).EvaluateAsync<int>("t => t.selectionStart"));
        await Expect(ana.Locator(".co-text-carets")).ToHaveAttributeAsync("aria-hidden", "true");

        await priya.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(priyasCaret).ToHaveCountAsync(0);
    }

    private static async Task<IPage> OpenEditorAsync(IBrowserContext context, Guid partnership, Guid goal, string title)
    {
        var page = await GoalsTests.OpenGoalAsync(context, partnership, goal, title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        await Expect(Editor(page)).ToBeEnabledAsync();
        return page;
    }

    private static ILocator Editor(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Description" });

    private static async Task CaretAsync(IPage page, int at)
    {
        await Editor(page).FocusAsync();
        await Editor(page).EvaluateAsync("(t, at) => t.setSelectionRange(at, at)", at);
    }
}
