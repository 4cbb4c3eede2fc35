using System.Diagnostics;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Goals;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>
/// Several people typing into one goal description at once (decision 022): every keystroke is kept, in each
/// person's order, every screen ends with the same text, and another person's typing never moves your caret.
/// </summary>
public sealed class CoTypingTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";
    private const string Ngo = "ngo@demo.local";

    [Fact]
    public async Task TwoPeopleTypeAtOnce_BothScreensEndEqual_WithEachPersonsTextInOrder()
    {
        var (demo, goal, title) = await NewGoalAsync("Co-typing pair", "The plan.");
        await using var anaContext = await app.SignInAsync(Facilitator);
        await using var priyaContext = await app.SignInAsync(Partner);
        var ana = await OpenEditorAsync(anaContext, demo, goal, title);
        var priya = await OpenEditorAsync(priyaContext, demo, goal, title);

        await CaretAsync(ana, "The plan.".Length);
        await CaretAsync(priya, 0);
        await Task.WhenAll(
            Editor(ana).PressSequentiallyAsync(" Ana: weekly reviews.", new() { Delay = 10 }),
            Editor(priya).PressSequentiallyAsync("Priya: a referral app. ", new() { Delay = 10 }));

        const string Expected = "Priya: a referral app. The plan. Ana: weekly reviews.";
        await Expect(Editor(ana)).ToHaveValueAsync(Expected);
        await Expect(Editor(priya)).ToHaveValueAsync(Expected);
        await ExpectSavedAsync(ana);
        await ExpectSavedAsync(priya);
        Assert.Equal(Expected, (await app.Data.GoalAsync(goal)).Description);
        await Expect(priya.Locator(".markdown-preview")).ToHaveTextAsync(Expected);
    }

    [Fact]
    public async Task SomeoneTypesBeforeYourCaret_YourCaretStays_AndYourTypingLandsWhereYouWere()
    {
        var (demo, goal, title) = await NewGoalAsync("Co-typing caret", "Alpha Omega");
        await using var anaContext = await app.SignInAsync(Facilitator);
        await using var priyaContext = await app.SignInAsync(Partner);
        var ana = await OpenEditorAsync(anaContext, demo, goal, title);
        var priya = await OpenEditorAsync(priyaContext, demo, goal, title);
        await CaretAsync(ana, "Alpha ".Length);

        await CaretAsync(priya, 0);
        await Editor(priya).PressSequentiallyAsync("Before. ");
        await Expect(Editor(ana)).ToHaveValueAsync("Before. Alpha Omega");
        Assert.Equal("Before. Alpha ".Length, await Editor(ana).EvaluateAsync<int>("t => t.selectionStart"));
        await Editor(ana).PressSequentiallyAsync("Mid ");

        await Expect(Editor(ana)).ToHaveValueAsync("Before. Alpha Mid Omega");
        await Expect(Editor(priya)).ToHaveValueAsync("Before. Alpha Mid Omega");
        await ExpectSavedAsync(ana);
        Assert.Equal("Before. Alpha Mid Omega", (await app.Data.GoalAsync(goal)).Description);
    }

    [Fact]
    public async Task ThreePeopleTypeIntoOneParagraphFor30Seconds_EveryTokenIsKeptInOrder_AndAllScreensAgree()
    {
        const string Start = "One paragraph: ";
        var (demo, goal, title) = await NewGoalAsync("Co-typing three", Start);
        var people = new[] { (Facilitator, "a"), (Partner, "b"), (Ngo, "c") };
        var contexts = new List<IBrowserContext>();
        try
        {
            var pages = new List<IPage>();
            foreach (var (email, _) in people)
            {
                var context = await app.SignInAsync(email);
                contexts.Add(context);
                pages.Add(await OpenEditorAsync(context, demo, goal, title));
            }

            // Each at a caret of their own: the start of the paragraph, after its colon, and its end.
            await CaretAsync(pages[0], 0);
            await CaretAsync(pages[1], "One paragraph:".Length);
            await CaretAsync(pages[2], Start.Length);
            var typed = await Task.WhenAll(people.Select((person, i) => TypeTokensAsync(pages[i], person.Item2, TimeSpan.FromSeconds(30), seed: i)));

            foreach (var page in pages)
            {
                await ExpectSavedAsync(page);
            }

            var stored = (await app.Data.GoalAsync(goal)).Description;
            foreach (var page in pages)
            {
                await Expect(Editor(page)).ToHaveValueAsync(stored);
            }

            for (var i = 0; i < people.Length; i++)
            {
                Assert.True(typed[i] > 3, $"{people[i].Item1} typed only {typed[i]} tokens.");
                var positions = Enumerable.Range(1, typed[i]).Select(n => stored.IndexOf($"<{people[i].Item2}{n}>", StringComparison.Ordinal)).ToList();
                Assert.DoesNotContain(-1, positions);
                Assert.Equal(positions.Order(), positions);
            }
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ARestoreFromTheHistory_ReachesAnOpenEditorWithoutTyping_AndTypingGoesOnFromIt()
    {
        var (demo, goal, title) = await NewGoalAsync("Co-typing restore", "First plan.");
        await app.Data.SaveGoalFieldAsync(Facilitator, demo, goal, GoalField.Description, "Second plan.");
        await using var anaContext = await app.SignInAsync(Facilitator);
        await using var priyaContext = await app.SignInAsync(Partner);
        var ana = await OpenEditorAsync(anaContext, demo, goal, title);
        await Expect(Editor(ana)).ToHaveValueAsync("Second plan.");
        var priya = await GoalsTests.OpenGoalAsync(priyaContext, demo, goal, title);

        // Newest first: the change from "First plan." to "Second plan.".
        await priya.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await priya.GetByRole(AriaRole.Button, new() { Name = "Restore earlier value of the description" }).First.ClickAsync();
        await priya.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();

        // Ana has not typed: the restore reaches her editor by itself, and she is told who made it.
        await Expect(Editor(ana)).ToHaveValueAsync("First plan.");
        await Expect(ana.GetByRole(AriaRole.Status).Filter(new() { HasText = "Priya Shah restored an earlier version." })).ToBeVisibleAsync();
        await Expect(ana.Locator(".markdown-preview")).ToHaveTextAsync("First plan.");
        Assert.Equal("First plan.", (await app.Data.GoalAsync(goal)).Description);

        await CaretAsync(ana, "First plan.".Length);
        await Editor(ana).PressSequentiallyAsync(" Then more.");

        await ExpectSavedAsync(ana);
        await Expect(Editor(ana)).ToHaveValueAsync("First plan. Then more.");
        Assert.Equal("First plan. Then more.", (await app.Data.GoalAsync(goal)).Description);
    }

    /// <summary>Types &lt;a1&gt;, &lt;a2&gt;, … at the page's caret, with small pauses, until the time is up; returns how many.</summary>
    private static async Task<int> TypeTokensAsync(IPage page, string author, TimeSpan duration, int seed)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < duration)
        {
            count++;
            await Editor(page).PressSequentiallyAsync($"<{author}{count}>", new() { Delay = random.Next(5, 30) });
            await page.WaitForTimeoutAsync(random.Next(20, 150));
        }

        return count;
    }

    private async Task<(Guid Partnership, Guid Goal, string Title)> NewGoalAsync(string purpose, string description)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"{purpose} check {Guid.NewGuid():N}"[..(purpose.Length + 14)];
        var goal = await app.Data.CreateGoalAsync(Facilitator, demo, title);
        await app.Data.SaveGoalFieldAsync(Facilitator, demo, goal, GoalField.Description, description);
        return (demo, goal, title);
    }

    private static async Task<IPage> OpenEditorAsync(IBrowserContext context, Guid partnership, Guid goal, string title)
    {
        var page = await GoalsTests.OpenGoalAsync(context, partnership, goal, title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit description" }).ClickAsync();
        // Enabled once the browser module holds the text.
        await Expect(Editor(page)).ToBeEnabledAsync();
        return page;
    }

    private static ILocator Editor(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Description" });

    private static async Task CaretAsync(IPage page, int at)
    {
        await Editor(page).FocusAsync();
        await Editor(page).EvaluateAsync("(t, at) => t.setSelectionRange(at, at)", at);
    }

    /// <summary>Everything typed on the page is acknowledged (the status's words follow only after a moment).</summary>
    internal static async Task ExpectSavedAsync(IPage page)
    {
        await Expect(page.Locator(".co-text-status")).ToHaveAttributeAsync("data-state", "saved");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "All changes saved" })).ToBeVisibleAsync();
    }
}
