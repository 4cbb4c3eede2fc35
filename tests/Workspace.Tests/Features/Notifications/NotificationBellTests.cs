using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Notifications;

/// <summary>The bell's count and panel, and the notifications page's list, as a person sees them.</summary>
public sealed class NotificationBellTests : WorkspaceBunitContext
{
    private readonly string _fran;
    private readonly string _priya;
    private readonly Guid _partnership;

    public NotificationBellTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _priya = Db.AddPerson("Priya Partner");
        _partnership = Db.AddPartnership("Safer Streets", (_fran, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor));
    }

    private LogService OtherCircuitLog => new(Db, Events, Clock);

    private IRenderedComponent<NotificationBell> RenderBell() =>
        RenderInteractive<NotificationBell>(p => p.Add(x => x.UserId, _priya).Add(x => x.PartnershipIds, [_partnership]));

    private static string BellLabel(IRenderedComponent<NotificationBell> bell) => bell.Find("button.notification-bell").GetAttribute("aria-label")!;

    [Fact]
    public void WithNothing_TheBellSaysNoneUnread_AndThePanelExplains()
    {
        var bell = RenderBell();

        Assert.Equal("Notifications, none unread", BellLabel(bell));
        Assert.Empty(bell.FindAll("[data-testid=notification-count]"));
        Assert.Contains("You have no notifications yet", bell.Find(".notification-empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMentionElsewhere_RaisesTheCountLive_AndMarkAllReadClearsIt()
    {
        var bell = RenderBell();

        await OtherCircuitLog.PostAsync(_fran, _partnership, new EntryInput { Kind = EntryKind.Note, Title = "Lighting", Mentions = [_priya] }, Ct);
        await OtherCircuitLog.PostAsync(_fran, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Share release dates" }, Ct);

        bell.WaitForAssertion(() => Assert.Equal("Notifications, 2 unread", BellLabel(bell)));
        Assert.Equal("2", bell.Find("[data-testid=notification-count]").TextContent);
        Assert.Equal(2, bell.FindAll(".notification-item--unread").Count);
        Assert.StartsWith("Unread: ", bell.FindAll(".notification-item-title")[0].TextContent.Trim(), StringComparison.Ordinal);

        bell.FindAll("button[role=menuitem]").Single(b => b.TextContent.Contains("Mark all read", StringComparison.Ordinal)).Click();

        bell.WaitForAssertion(() => Assert.Equal("Notifications, none unread", BellLabel(bell)));
    }

    [Fact]
    public async Task SomeoneElsesNotification_DoesNotMoveTheBell()
    {
        var bell = RenderBell();

        await OtherCircuitLog.PostAsync(_priya, _partnership, new EntryInput { Kind = EntryKind.Note, Title = "For Fran", Mentions = [_fran] }, Ct);

        Assert.Single(Db.Read(db => db.Notifications.Where(n => n.RecipientUserId == _fran).ToList()));
        Assert.Equal("Notifications, none unread", BellLabel(bell));
    }

    [Fact]
    public void TheList_ShowsAnEmptyState_OrItsItemsWithTheUnreadCount()
    {
        var empty = Render<NotificationItems>(p => p.Add(x => x.List, new NotificationList([], 0)));
        Assert.Contains("No notifications yet", empty.Markup, StringComparison.Ordinal);

        var items = new NotificationList(
        [
            new NotificationView(Guid.NewGuid(), NotificationKind.Mention, _partnership, "Safer Streets", "Fran mentioned you in “Lighting”", "p/x/log/y", Clock.GetUtcNow().UtcDateTime, IsRead: false),
            new NotificationView(Guid.NewGuid(), NotificationKind.Assignment, _partnership, "Safer Streets", "Fran assigned you “Map”", "p/x/log/z", Clock.GetUtcNow().UtcDateTime, IsRead: true),
        ], 1);
        var list = Render<NotificationItems>(p => p.Add(x => x.List, items));

        Assert.Equal("1 unread", list.Find("[data-testid=unread-summary]").TextContent);
        Assert.Equal(2, list.FindAll("ol.notification-list > li").Count);
        Assert.Single(list.FindAll("button[aria-label^='Mark “Fran mentioned you']"));
        Assert.Contains("Mentions of you · Safer Streets", list.Markup, StringComparison.Ordinal);
    }
}
