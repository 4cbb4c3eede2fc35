using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Dialogue;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>The dialogue log with several people at once: positions, mentions, actions, observers and bad input.</summary>
public sealed class LogTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";
    private const string Ngo = "ngo@demo.local";
    private const string Observer = "observer@demo.local";

    [Fact]
    public async Task PartnerObjects_TheFacilitatorsOpenDecisionShowsTheNewTallyWithoutAReload()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = Unique("Pilot the app on route 12");
        var decision = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput { Kind = EntryKind.Decision, Title = title });
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenEntryAsync(facilitatorContext, demo, decision, title);
        await Expect(TallyCount(facilitator, "Object")).ToHaveTextAsync("0");
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await OpenEntryAsync(partnerContext, demo, decision, title);

        await partner.GetByRole(AriaRole.Radio, new() { Name = "Object" }).CheckAsync();
        await partner.GetByRole(AriaRole.Textbox, new() { Name = "Reason (needed for concerns and objections)" }).FillAsync("No signal after 11pm.");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Record my position" }).ClickAsync();

        await Expect(partner.GetByRole(AriaRole.Button, new() { Name = "Change my position" })).ToBeVisibleAsync();
        await Expect(TallyCount(facilitator, "Object")).ToHaveTextAsync("1");
        await Expect(TallyCount(facilitator, "Agree")).ToHaveTextAsync("0");
        var privateRow = facilitator.GetByRole(AriaRole.Table, new() { Name = "Positions by sector" }).GetByRole(AriaRole.Row, new() { Name = "Private" });
        await Expect(privateRow.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["0", "0", "1", "0"]);
        await Expect(facilitator.GetByText("No signal after 11pm.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task QuestionMentioningPriya_PostedThroughTheDialog_AppearsInHerForMeTab()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = Unique("Who covers route 12 at night?");
        await using var partnerContext = await app.SignInAsync(Partner);
        var priya = await OpenLogAsync(partnerContext, demo);
        await using var ngoContext = await app.SignInAsync(Ngo);
        var grace = await OpenLogAsync(ngoContext, demo);

        await grace.GetByRole(AriaRole.Button, new() { Name = "New entry" }).ClickAsync();
        var dialog = grace.GetByRole(AriaRole.Dialog);
        await ChooseAsync(dialog, "Kind", "Question");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Title" }).FillAsync(title);
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Text (Markdown)" }).FillAsync("Our volunteers stop at **10pm**.");
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Mention members (optional)" }).ClickAsync();
        var priyaOption = grace.GetByRole(AriaRole.Option, new() { Name = "Priya Shah (SafeRoute Technologies Ltd)" });
        await priyaOption.ClickAsync();
        await Expect(priyaOption).ToHaveAttributeAsync("aria-selected", "true");

        // A click outside closes a multi-select's list, whether it lands on the list's overlay or the heading beneath.
        var heading = await dialog.GetByRole(AriaRole.Heading, new() { Name = "New entry" }).BoundingBoxAsync();
        await grace.Mouse.ClickAsync(heading!.X + 5, heading.Y + (heading.Height / 2));
        await Expect(grace.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Expect(grace.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(grace.GetByText("Mentions: Priya Shah")).ToBeVisibleAsync();
        await priya.GetByRole(AriaRole.Tab, ForMeTab).ClickAsync();
        await Expect(priya.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await Expect(priya.GetByRole(AriaRole.Tab, ForMeTab)).Not.ToHaveTextAsync("For me (0)");
    }

    [Fact]
    public async Task ActionAssignedToPriya_IsForHer_AndSheCanMoveItToInProgress()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = Unique("Map the signal gaps on route 12");
        var action = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput
        {
            Kind = EntryKind.Action,
            Title = title,
            AssigneeUserId = await app.Data.UserIdAsync(Partner),
            DueDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14)),
        });
        await using var partnerContext = await app.SignInAsync(Partner);
        var priya = await OpenLogAsync(partnerContext, demo);

        await priya.GetByRole(AriaRole.Tab, ForMeTab).ClickAsync();
        await priya.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(priya.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await priya.WaitForInteractiveAsync();
        await ChooseAsync(priya.Locator("article.entry"), "State", "In progress");

        // The history lists the change once it is saved; a reload shows the stored state.
        await priya.GetByText("History of this entry").ClickAsync();
        var change = priya.GetByRole(AriaRole.List, new() { Name = "Changes to this entry, newest first" }).GetByRole(AriaRole.Listitem)
            .Filter(new() { HasTextString = "Priya Shah changed the state" });
        await Expect(change.Locator(".activity-detail")).ToHaveTextAsync("Open → In progress");
        await priya.ReloadAsync();
        await priya.WaitForInteractiveAsync();
        await Expect(priya.GetByRole(AriaRole.Combobox, new() { Name = "State" })).ToHaveTextAsync("In progress");
        Assert.Equal(ActionState.InProgress, (await app.Data.LogEntryAsync(action)).ActionState);
    }

    [Fact]
    public async Task MajorityNotReached_TheFacilitatorClosesOnlyWithAReason_WhichThePartnerSeesInTheRecord()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = Unique("Fund night patrols on route 31");
        var decision = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput { Kind = EntryKind.Decision, Title = title, DecisionRule = DecisionRule.Majority });
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await OpenEntryAsync(facilitatorContext, demo, decision, title);
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await OpenEntryAsync(partnerContext, demo, decision, title);
        var verdict = facilitator.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "majority" });
        await Expect(verdict).ToContainTextAsync("Not met — No majority yet: 0 of");

        // The partner agrees: the facilitator's verdict moves without a reload, still short of a majority.
        await partner.GetByRole(AriaRole.Radio, new() { Name = "Agree" }).CheckAsync();
        await partner.GetByRole(AriaRole.Button, new() { Name = "Record my position" }).ClickAsync();
        await Expect(verdict).ToContainTextAsync("No majority yet: 1 of");

        // Closing without a reason is refused, and keeps the outcome typed.
        await facilitator.GetByRole(AriaRole.Textbox, new() { Name = "Outcome statement" }).FillAsync("Patrols funded from January.");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Close without the rule met" }).ClickAsync();
        await Expect(facilitator.GetByText("To close it anyway, give the reason for overriding the rule")).ToBeVisibleAsync();
        await Expect(facilitator.GetByRole(AriaRole.Textbox, new() { Name = "Outcome statement" })).ToHaveValueAsync("Patrols funded from January.");

        await facilitator.GetByRole(AriaRole.Textbox, new() { Name = "Reason for overriding the rule" }).FillAsync("The budget closes on Friday; the board asked us to decide.");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Close without the rule met" }).ClickAsync();

        await Expect(partner.GetByText("Closed although the rule was not met.")).ToBeVisibleAsync();
        await Expect(partner.GetByText("The budget closes on Friday; the board asked us to decide.")).ToBeVisibleAsync();
        await Expect(partner.GetByText("Patrols funded from January.")).ToBeVisibleAsync();
        await partner.AssertNoAccessibilityViolationsAsync();
        var stored = await app.Data.LogEntryAsync(decision);
        Assert.Equal("The budget closes on Friday; the board asked us to decide.", stored.RuleOverrideReason);
        Assert.StartsWith("No majority yet: 1 of", stored.RuleAtClose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observer_ReadsADecisionButHasNoControlsToPostTakeAPositionReplyOrClose()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = Unique("Share anonymised incident data");
        var decision = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput { Kind = EntryKind.Decision, Title = title, Body = "Monthly, by ward." });
        await using var observerContext = await app.SignInAsync(Observer);
        await using var facilitatorContext = await app.SignInAsync(Facilitator);

        // The facilitator has every control, so the observer's missing ones are not a locator mistake.
        foreach (var (context, count) in new[] { (facilitatorContext, 1), (observerContext, 0) })
        {
            var log = await OpenLogAsync(context, demo);
            await Expect(log.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
            await Expect(log.GetByRole(AriaRole.Button, new() { Name = "New entry" })).ToHaveCountAsync(count);

            var page = await OpenEntryAsync(context, demo, decision, title);
            await Expect(page.GetByText("Monthly, by ward.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Tally by position" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Radio)).ToHaveCountAsync(4 * count);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record my position" })).ToHaveCountAsync(count);
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Your reply (Markdown)" })).ToHaveCountAsync(count);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reply", Exact = true })).ToHaveCountAsync(count);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Close the decision" })).ToHaveCountAsync(count);
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Outcome statement" })).ToHaveCountAsync(count);
        }
    }

    [Fact]
    public async Task EmptyTitle_ShowsTitleIsRequiredAndPostsNothing()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var before = await app.Data.CountLogEntriesAsync(demo);
        await using var context = await app.SignInAsync(Facilitator);
        var page = await OpenLogAsync(context, demo);

        await page.GetByRole(AriaRole.Button, new() { Name = "New entry" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Text (Markdown)" }).FillAsync("A body without a title.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Expect(dialog.GetByText("Title is required.")).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Title" })).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(before, await app.Data.CountLogEntriesAsync(demo));
    }

    [Fact]
    public async Task DecisionWithADeadlineInThePast_IsRefused()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = Unique("Adopt the referral form");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await OpenLogAsync(context, demo);

        await page.GetByRole(AriaRole.Button, new() { Name = "New entry" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await ChooseAsync(dialog, "Kind", "Decision");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Proposal" }).FillAsync(title);
        var deadline = dialog.GetByRole(AriaRole.Textbox, new() { Name = "Positions by (optional)" });
        await deadline.FillAsync("01/03/2024");
        await deadline.PressAsync("Tab");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Expect(dialog.GetByText("The deadline has already passed: choose a date and time in the future.")).ToBeVisibleAsync();
        Assert.Equal(0, await app.Data.CountLogEntriesAsync(demo, title));
    }

    [Fact]
    public async Task ScriptInMarkdown_RendersInert_InTheBodyAndInAReply()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = Unique("Formatting check");
        var note = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput
        {
            Title = title,
            Body = "**Weekly** reviews <script>window.pwned = 'body'</script><img src=x onerror=\"window.pwned='img'\">",
        });
        await using var context = await app.SignInAsync(Partner);
        var page = await OpenEntryAsync(context, demo, note, title);

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Your reply (Markdown)" }).FillAsync("Agreed <script>window.pwned = 'reply'</script>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Replies (1)" })).ToBeVisibleAsync();
        await Expect(page.Locator(".reply .markdown")).ToContainTextAsync("Agreed");
        await Expect(page.Locator(".markdown strong").First).ToHaveTextAsync("Weekly");
        await Expect(page.Locator(".markdown script, .markdown [onerror]")).ToHaveCountAsync(0);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
    }

    private static readonly PageGetByRoleOptions ForMeTab = new() { NameRegex = new("^For me \\(") };

    private static string Unique(string text) => $"{text} {Guid.NewGuid():N}"[..(text.Length + 7)];

    internal static async Task<IPage> OpenLogAsync(IBrowserContext context, Guid partnership)
    {
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{partnership}/log");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dialogue log", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    internal static async Task<IPage> OpenEntryAsync(IBrowserContext context, Guid partnership, Guid entry, string title)
    {
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{partnership}/log/{entry}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Opens a MudBlazor select by its label and picks an option (options render in a popover outside the dialog).</summary>
    [Fact]
    public async Task OnAPhone_TheChoicesFoldBehindFilters_WhichCountsThoseSet()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync(Observer);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoInteractiveAsync($"p/{demo}/log");
        var filters = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Filters") });
        var state = page.GetByRole(AriaRole.Combobox, new() { Name = "State", Exact = true });
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Search" })).ToBeVisibleAsync();
        await Expect(state).ToBeHiddenAsync();
        await Expect(filters).ToHaveAttributeAsync("aria-expanded", "false");

        await filters.ClickAsync();
        await Expect(filters).ToHaveAttributeAsync("aria-expanded", "true");
        await ChooseAsync(page.Locator(".filter-bar"), "State", "Closed or done");
        await Expect(filters).ToHaveTextAsync("Filters (1)");

        // A wide screen has room for the choices in the bar: no button.
        await page.SetViewportSizeAsync(1280, 900);
        await Expect(filters).ToBeHiddenAsync();
        await Expect(state).ToBeVisibleAsync();
    }

    internal static async Task ChooseAsync(ILocator scope, string label, string option)
    {
        await scope.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true }).ClickAsync();
        await scope.Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    private static ILocator TallyCount(IPage page, string position) =>
        page.GetByRole(AriaRole.List, new() { Name = "Tally by position" }).GetByRole(AriaRole.Listitem)
            .Filter(new() { Has = page.Locator(".stat-label", new() { HasTextString = position }) }).Locator(".stat-value");
}
