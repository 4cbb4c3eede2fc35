using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Dialogue;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>The bell in the app bar: a mention elsewhere raises its count live, and its panel leads to the entry.</summary>
public sealed partial class NotificationTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";

    [Fact]
    public async Task PartnerMentionedByTheFacilitator_SeesTheBellRiseWithoutAReload_AndFollowsItToTheEntry()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"Who checks the lights on route 12? {Guid.NewGuid():N}"[..44];
        await using var partnerContext = await app.SignInAsync(Partner);
        var partner = await partnerContext.NewPageAsync();
        await partner.GotoInteractiveAsync($"p/{demo}");
        var bell = partner.GetByRole(AriaRole.Button, new() { NameRegex = BellName() });
        await Expect(bell).ToBeVisibleAsync();
        var before = UnreadIn(await bell.GetAttributeAsync("aria-label"));

        await app.Data.PostLogEntryAsync(Facilitator, demo, new EntryInput { Kind = EntryKind.Question, Title = title, Mentions = [await app.Data.UserIdAsync(Partner)] });

        await Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 1} unread");
        await bell.ClickAsync();
        var item = partner.GetByRole(AriaRole.Menuitem, new() { NameRegex = new Regex(Regex.Escape(title)) });
        await Expect(item).ToBeVisibleAsync();
        await item.ClickAsync();

        await Expect(partner.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(bell).ToHaveAttributeAsync("aria-label", before == 0 ? "Notifications, none unread" : $"Notifications, {before} unread");
    }

    private static int UnreadIn(string? label) =>
        label is not null && UnreadCount().Match(label) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^Notifications, ")]
    private static partial Regex BellName();

    [GeneratedRegex(@"(\d+) unread")]
    private static partial Regex UnreadCount();
}
