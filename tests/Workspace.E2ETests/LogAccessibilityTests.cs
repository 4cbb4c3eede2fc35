using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Dialogue;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>axe (WCAG 2.2 A and AA rules) finds no violations in the dialogue log, its entries and the new-entry dialog.</summary>
public sealed class LogAccessibilityTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";

    [Fact]
    public async Task LogList_AllEntriesForMeAndRiskGridTabs_HaveNoViolations()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput
        {
            Kind = EntryKind.Risk,
            Title = "Axe: the night bus is withdrawn",
            Likelihood = 3,
            Impact = 4,
            RiskOwnerUserId = await app.Data.UserIdAsync(Partner),
        });
        await using var context = await app.SignInAsync(Partner);
        var page = await LogTests.OpenLogAsync(context, demo);

        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Log entries, newest first" })).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^For me \\(") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Axe: the night bus is withdrawn" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Search)).ToHaveCountAsync(0);
        await page.AssertNoAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Risk grid" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open risks by likelihood and impact" })).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "What changed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Entries with activity in this period" })).ToBeVisibleAsync();
        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task DecisionActionAndRiskEntries_HaveNoViolations()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var priya = await app.Data.UserIdAsync(Partner);
        var decision = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput { Kind = EntryKind.Decision, Title = "Axe: decision", Body = "Some **reasons**." });
        var action = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput
        {
            Kind = EntryKind.Action,
            Title = "Axe: action",
            AssigneeUserId = priya,
            DueDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)),
        });
        var risk = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput
        {
            Kind = EntryKind.Risk,
            Title = "Axe: risk",
            Likelihood = 4,
            Impact = 5,
            Mitigation = "Agree a fallback route.",
            RiskOwnerUserId = priya,
        });
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await LogTests.OpenEntryAsync(partnerContext, demo, decision, "Axe: decision");
        await partner.GetByRole(AriaRole.Radio, new() { Name = "Concerns" }).CheckAsync();
        await partner.GetByRole(AriaRole.Textbox, new() { Name = "Reason (needed for concerns and objections)" }).FillAsync("Costs are unclear.");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Record my position" }).ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Table, new() { Name = "Positions by sector" })).ToBeVisibleAsync();
        await using var context = await app.SignInAsync(Facilitator);

        foreach (var (id, title) in new[] { (decision, "Axe: decision"), (action, "Axe: action"), (risk, "Axe: risk") })
        {
            var page = await LogTests.OpenEntryAsync(context, demo, id, title);
            await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Replies \\(") })).ToBeVisibleAsync();
            await page.AssertNoAccessibilityViolationsAsync();
        }
    }

    [Fact]
    public async Task NewEntryDialog_ForEachKind_HasNoViolations()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync(Facilitator);
        var page = await LogTests.OpenLogAsync(context, demo);
        await page.GetByRole(AriaRole.Button, new() { Name = "New entry" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Post" })).ToBeVisibleAsync();

        foreach (var (kind, field) in new[] { ("Note", "Title"), ("Question", "Title"), ("Decision", "Proposal"), ("Decision", "Decision rule"), ("Action", "Assignee"), ("Risk", "Likelihood") })
        {
            await LogTests.ChooseAsync(dialog, "Kind", kind);
            await Expect(dialog.GetByRole(AriaRole.Combobox, new() { Name = field }).Or(dialog.GetByRole(AriaRole.Textbox, new() { Name = field }))).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
            await page.AssertNoAccessibilityViolationsAsync();
        }
    }
}
