using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Notifications;

namespace Workspace.Tests.Features.Notifications;

/// <summary>A person reads and marks only their own notifications, of the kinds they chose for the app.</summary>
public sealed class NotificationAccessTests : NotificationTestBase
{
    private async Task<Notification> MentionPriyaAsync()
    {
        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Lighting", Mentions = [Priya] }, Ct);
        return Assert.Single(NotificationsOf(Priya));
    }

    [Fact]
    public async Task TheRecipient_ListsAndMarksTheirNotificationRead()
    {
        var mention = await MentionPriyaAsync();
        var service = NewNotificationService();

        Assert.Equal(1, (await service.ListAsync(Priya, cancellationToken: Ct)).Unread);
        Assert.True((await service.MarkReadAsync(Priya, mention.Id, Ct)).Succeeded);

        var after = await service.ListAsync(Priya, cancellationToken: Ct);
        Assert.Equal(0, after.Unread);
        Assert.True(Assert.Single(after.Items).IsRead);
    }

    [Fact]
    public async Task SomeoneElsesNotificationId_IsNotFound_AndStaysUnread()
    {
        var mention = await MentionPriyaAsync();
        var service = NewNotificationService();

        var forged = await service.MarkReadAsync(Omar, mention.Id, Ct);

        Assert.Equal(ErrorKind.NotFound, forged.Error?.Kind);
        Assert.Null(Assert.Single(NotificationsOf(Priya)).ReadUtc);
        Assert.Empty((await service.ListAsync(Omar, cancellationToken: Ct)).Items);
        Assert.Equal(0, await service.MarkAllReadAsync(Omar, Ct));
        Assert.Equal(1, await service.UnreadCountAsync(Priya, Ct));
    }

    [Fact]
    public async Task MarkAll_MarksOnlyTheCallersOwn()
    {
        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Both", Mentions = [Priya, Omar] }, Ct);

        Assert.Equal(1, await NewNotificationService().MarkAllReadAsync(Priya, Ct));

        Assert.Equal(1, await NewNotificationService().UnreadCountAsync(Omar, Ct));
    }

    [Fact]
    public async Task AKindTurnedOffInTheApp_IsNotListed_ButStaysForTheDigest()
    {
        await SetSettingsAsync(Priya, s => s with { InApp = AllBut(NotificationKind.Mention) });

        await MentionPriyaAsync();

        Assert.Empty((await NewNotificationService().ListAsync(Priya, cancellationToken: Ct)).Items);
        Assert.Equal(0, await NewNotificationService().UnreadCountAsync(Priya, Ct));
    }

    [Fact]
    public async Task AfterLeavingThePartnership_ItsNotificationsAreNotListed()
    {
        await MentionPriyaAsync();
        Assert.Equal(1, await NewNotificationService().UnreadCountAsync(Priya, Ct));

        await using (var db = Db.CreateDbContext())
        {
            db.Memberships.RemoveRange(db.Memberships.Where(m => m.UserId == Priya && m.PartnershipId == Partnership));
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(0, await NewNotificationService().UnreadCountAsync(Priya, Ct));
    }

    [Fact]
    public async Task SettingsSavedFromAStaleForm_AreAConflict()
    {
        var service = NewNotificationService();
        var stale = await service.GetSettingsAsync(Priya, Ct);
        Assert.True((await service.SaveSettingsAsync(Priya, stale with { Digest = DigestFrequency.Daily }, Ct)).Succeeded);

        var again = await service.SaveSettingsAsync(Priya, stale with { Digest = DigestFrequency.Weekly }, Ct);

        Assert.Equal(ErrorKind.Conflict, again.Error?.Kind);
        Assert.Equal(DigestFrequency.Daily, (await service.GetSettingsAsync(Priya, Ct)).Digest);
    }
}
