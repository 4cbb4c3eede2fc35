using Microsoft.EntityFrameworkCore;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Notifications;

namespace Workspace.Tests.Features.Notifications;

/// <summary>Actions falling due, overdue ones and check-ins by cadence: once each, however many runs and nodes.</summary>
public sealed class DueNotifierTests() : NotificationTestBase(TestDatabase.OnFile())
{
    private DateOnly Today => DateOnly.FromDateTime(UtcNow);

    [Fact]
    public async Task AnActionDueSoon_AndAnOverdueOne_NotifyTheirAssignee()
    {
        Db.AddLogEntry(Partnership, Fran, EntryKind.Action, "Due tomorrow", e => (e.AssigneeUserId, e.DueDate) = (Priya, Today.AddDays(1)));
        Db.AddLogEntry(Partnership, Fran, EntryKind.Action, "Was due last week", e => (e.AssigneeUserId, e.DueDate) = (Priya, Today.AddDays(-7)));
        Db.AddLogEntry(Partnership, Fran, EntryKind.Action, "Due next month", e => (e.AssigneeUserId, e.DueDate) = (Priya, Today.AddDays(30)));
        Db.AddLogEntry(Partnership, Fran, EntryKind.Action, "Done already", e => (e.AssigneeUserId, e.DueDate, e.ActionState) = (Priya, Today.AddDays(-1), ActionState.Done));

        var written = await NewDueNotifier().RunOnceAsync(Ct);

        Assert.Equal(2, written);
        Assert.Equal([NotificationKind.ActionDueSoon, NotificationKind.ActionOverdue], NotificationsOf(Priya).Select(n => n.Kind).Order());
        Assert.Empty(NotificationsOf(Fran));
    }

    [Fact]
    public async Task RunningTwice_WritesEachNotificationOnce()
    {
        Db.AddLogEntry(Partnership, Fran, EntryKind.Action, "Was due yesterday", e => (e.AssigneeUserId, e.DueDate) = (Priya, Today.AddDays(-1)));

        var first = await NewDueNotifier().RunOnceAsync(Ct);
        var second = await NewDueNotifier().RunOnceAsync(Ct);

        Assert.Equal((1, 0), (first, second));
        Assert.Single(NotificationsOf(Priya));
    }

    [Fact]
    public async Task TwoNodesAtOnce_WriteEachNotificationOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            Db.AddLogEntry(Partnership, Fran, EntryKind.Action, $"Overdue {i}", e => (e.AssigneeUserId, e.DueDate) = (Priya, Today.AddDays(-1 - i)));
        }

        var nodes = await Task.WhenAll(
            Task.Run(() => NewDueNotifier().RunOnceAsync(Ct), Ct),
            Task.Run(() => NewDueNotifier().RunOnceAsync(Ct), Ct));

        Assert.Equal(5, nodes.Sum());
        Assert.Equal(5, NotificationsOf(Priya).Count);
    }

    [Fact]
    public async Task ACheckInDueByTheIndicatorsCadence_NotifiesTheGoalOwner()
    {
        var goal = Db.AddGoal(Partnership, "Fewer burglaries", ownerUserId: Priya);
        var monthly = Db.AddIndicator(goal, "Burglaries reported", 120, 80);
        var fresh = Db.AddIndicator(goal, "Street lights fixed", 0, 40);
        await using (var db = Db.CreateDbContext())
        {
            // Last measured five weeks ago (monthly): due. The other one was created today: not yet.
            await db.Indicators.Where(i => i.Id == monthly).ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedUtc, UtcNow.AddDays(-35)), Ct);
            await db.Indicators.Where(i => i.Id == fresh).ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedUtc, UtcNow), Ct);
        }

        await NewDueNotifier().RunOnceAsync(Ct);
        await NewDueNotifier().RunOnceAsync(Ct);

        var due = Assert.Single(NotificationsOf(Priya));
        Assert.Equal(NotificationKind.CheckInDue, due.Kind);
        Assert.Contains("Burglaries reported", due.Title, StringComparison.Ordinal);
        Assert.Equal($"p/{Partnership}/goals/{goal}", due.Link);
    }

    [Fact]
    public async Task WhatItWrote_IsAnnouncedToTheRecipients()
    {
        Db.AddLogEntry(Partnership, Fran, EntryKind.Action, "Was due yesterday", e => (e.AssigneeUserId, e.DueDate) = (Priya, Today.AddDays(-1)));

        await NewDueNotifier().RunOnceAsync(Ct);

        Assert.Equal([Priya], Assert.IsType<NotificationsAdded>(Assert.Single(Events.Published)).RecipientUserIds);
    }

    [Theory]
    [InlineData(Workspace.Web.Features.Goals.Cadence.Weekly, "2026-03-09")]
    [InlineData(Workspace.Web.Features.Goals.Cadence.Quarterly, "2026-06-02")]
    [InlineData(Workspace.Web.Features.Goals.Cadence.Yearly, "2027-03-02")]
    public void NextCheckIn_FollowsTheCadence(Workspace.Web.Features.Goals.Cadence cadence, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DueNotifier.NextCheckIn(new DateOnly(2026, 3, 2), cadence));

}
