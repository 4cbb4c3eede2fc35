using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Dialogue;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>A long log stays light in the page; search marks what it found; a reply's author edits it and others see it live.</summary>
public sealed class LogScaleAndEditTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";

    [Fact]
    public async Task ALogOfHundredsOfEntries_KeepsFewInThePage_AndLoadsOlderOnesWhileScrolling()
    {
        var partnership = await app.Data.CreatePartnershipAsync(Facilitator, $"Long log {Guid.NewGuid():N}"[..17]);
        await app.Data.AddLogNotesAsync(Facilitator, partnership, 600);
        await using var context = await app.SignInAsync(Facilitator);
        var page = await LogTests.OpenLogAsync(context, partnership);

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Entry 0599", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show older entries (550 more)" })).ToBeVisibleAsync();

        // Scrolling down brings older pages in without a click, until the first entry ever posted.
        var oldest = page.GetByRole(AriaRole.Link, new() { Name = "Entry 0000", Exact = true });
        for (var scrolls = 0; !await oldest.IsVisibleAsync(); scrolls++)
        {
            Assert.True(scrolls < 400, "Scrolling never reached the first entry.");
            // Read in one step: the marker goes away when the last page loads, between a count and a read.
            var before = await page.EvaluateAsync<string?>("() => document.querySelector('.log-more button')?.textContent ?? null");
            await page.Mouse.WheelAsync(0, 4_000);
            if (before is not null && await page.EvaluateAsync<bool>(
                    "() => { const b = document.querySelector('.log-more button'); return !!b && b.getBoundingClientRect().top < window.innerHeight; }"))
            {
                // The marker is in the viewport, so a load must follow: wait for it rather than for a fixed time.
                await page.WaitForFunctionAsync(
                    "before => { const b = document.querySelector('.log-more button'); return !b || b.textContent !== before; }",
                    before);
            }
        }

        await Expect(oldest).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Show older entries") })).ToHaveCountAsync(0);
        // However many are loaded, only those near the viewport are in the page.
        Assert.InRange(await page.Locator(".log-item").CountAsync(), 1, 80);
    }

    [Fact]
    public async Task Search_MarksTheMatchingWords_AndFindsWordsInReplies()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var word = $"zebra{Guid.NewGuid():N}"[..12];
        var inBody = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput { Title = "Crossing survey", Body = $"The {word} crossing on Mill Lane needs lights." });
        var inReply = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput { Title = "Crossings", Body = "Which crossings?" });
        await app.Data.ReplyAsync(Partner, demo, inReply, $"The {word} one by the school.");
        await using var context = await app.SignInAsync(Facilitator);
        var page = await LogTests.OpenLogAsync(context, demo);

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Search" }).FillAsync($"{word} lane");

        await Expect(page.Locator(".log-item")).ToHaveCountAsync(1);
        await Expect(page.Locator(".log-item mark")).ToHaveTextAsync([word, "Lane"]);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Search" }).FillAsync(word);
        await Expect(page.Locator(".log-item")).ToHaveCountAsync(2);
        await Expect(page.Locator(".log-item", new() { HasTextString = "Crossings" })).ToContainTextAsync("Found in a reply.");
        Assert.NotEqual(inBody, inReply);
    }

    [Fact]
    public async Task AuthorEditsAReply_TheFacilitatorSeesTheNewTextLive_AndAnEmptyEditKeepsTheText()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"Reply edit {Guid.NewGuid():N}"[..19];
        var entry = await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput { Kind = EntryKind.Question, Title = title });
        var reply = await app.Data.ReplyAsync(Partner, demo, entry, "We can send the data on Friday.");
        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var facilitator = await LogTests.OpenEntryAsync(facilitatorContext, demo, entry, title);
        await Expect(facilitator.GetByRole(AriaRole.Button, new() { Name = "Edit your reply" })).ToHaveCountAsync(0);
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await LogTests.OpenEntryAsync(partnerContext, demo, entry, title);

        await partner.GetByRole(AriaRole.Button, new() { Name = "Edit your reply" }).ClickAsync();
        var box = partner.GetByRole(AriaRole.Textbox, new() { Name = "Edit your reply (Markdown)" });
        await box.FillAsync("   ");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Save reply" }).ClickAsync();
        await Expect(partner.GetByText("Reply is required.")).ToBeVisibleAsync();
        Assert.Equal("We can send the data on Friday.", await app.Data.ReplyBodyAsync(reply));

        await box.FillAsync("We can send the data on **Thursday**.");
        await partner.AssertNoAccessibilityViolationsAsync();
        await partner.GetByRole(AriaRole.Button, new() { Name = "Save reply" }).ClickAsync();

        await Expect(partner.Locator(".reply strong", new() { HasTextString = "Thursday" })).ToBeVisibleAsync();
        await Expect(facilitator.Locator(".reply strong", new() { HasTextString = "Thursday" })).ToBeVisibleAsync();
        await Expect(facilitator.Locator(".reply")).ToContainTextAsync("edited");
        Assert.Equal("We can send the data on **Thursday**.", await app.Data.ReplyBodyAsync(reply));
    }
}
