using Workspace.Tests.Support;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Health;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Notifications;

/// <summary>Each kind is written by the service that makes the change, once, to the people it concerns.</summary>
public sealed class NotificationCreationTests : NotificationTestBase
{
    [Fact]
    public async Task MentionInAnEntry_NotifiesTheMentionedMemberOnly_WithALinkToTheEntry()
    {
        var posted = await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Street lighting survey", Mentions = [Priya] }, Ct);

        Assert.True(posted.Succeeded, posted.Error?.Message);
        var mention = Assert.Single(NotificationsOf(Priya));
        Assert.Equal(NotificationKind.Mention, mention.Kind);
        Assert.Equal($"p/{Partnership}/log/{posted.Value!.Id}", mention.Link);
        Assert.Contains("Fran Facilitator mentioned you", mention.Title, StringComparison.Ordinal);
        Assert.Empty(NotificationsOf(Omar));
        Assert.Empty(NotificationsOf(Fran));
    }

    [Fact]
    public async Task MentioningYourself_NotifiesNobody()
    {
        var posted = await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Note to self", Mentions = [Fran, Priya] }, Ct);

        Assert.True(posted.Succeeded);
        Assert.Empty(NotificationsOf(Fran));
        Assert.Single(NotificationsOf(Priya));
    }

    [Fact]
    public async Task ANonMember_IsNeverNotified_EvenWhenTheWriterIsCalledWithThem()
    {
        await using (var db = Db.CreateDbContext())
        {
            await Notify.MentionedAsync(db, Partnership, Fran, [Olu, Priya], Guid.NewGuid(), Guid.NewGuid(), "Street lighting", UtcNow, Ct);
            await db.SaveChangesAsync(Ct);
        }

        Assert.Empty(NotificationsOf(Olu));
        Assert.Single(NotificationsOf(Priya));
    }

    [Fact]
    public async Task MentionOfANonMember_IsRefused_AndWritesNothing()
    {
        var posted = await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Hello", Mentions = [Olu] }, Ct);

        Assert.False(posted.Succeeded);
        Assert.Empty(NotificationsOf(Olu));
    }

    [Fact]
    public async Task MentionInAReply_NotifiesTheMentioned_AndTellsTheirBellAfterCommit()
    {
        var entry = (await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Lighting" }, Ct)).Value!;

        var reply = await NewReplyService().ReplyAsync(Fran, Partnership, entry.Id, "What do you think?", [Priya], null, Ct);

        Assert.True(reply.Succeeded);
        Assert.Equal(NotificationKind.Mention, Assert.Single(NotificationsOf(Priya)).Kind);
        var announced = Assert.IsType<NotificationsAdded>(Events.Published[^1]);
        Assert.Equal([Priya], announced.RecipientUserIds);
    }

    [Fact]
    public async Task AssigningAnAction_NotifiesTheAssignee_OnceEvenWhenEditedAgain()
    {
        var log = NewLogService();
        var posted = (await log.PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Action, Title = "Map the dark spots", AssigneeUserId = Priya, DueDate = new DateOnly(2026, 3, 20) }, Ct)).Value!;
        var detail = (await log.GetAsync(Fran, Partnership, posted.Id, Ct)).Value!;

        var edited = await log.EditAsync(Fran, Partnership, posted.Id, new EntryInput { Kind = EntryKind.Action, Title = "Map the dark spots (north)", AssigneeUserId = Priya, DueDate = new DateOnly(2026, 3, 20), Version = detail.Entry.Version }, Ct);

        Assert.True(edited.Succeeded, edited.Error?.Message);
        Assert.Equal(NotificationKind.Assignment, Assert.Single(NotificationsOf(Priya)).Kind);
    }

    [Fact]
    public async Task ProposingADecision_NotifiesThoseWhoMayTakeAPosition()
    {
        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Share release dates" }, Ct);

        Assert.Equal(NotificationKind.DecisionAwaiting, Assert.Single(NotificationsOf(Priya)).Kind);
        Assert.Empty(NotificationsOf(Omar));
        Assert.Empty(NotificationsOf(Fran));
    }

    [Fact]
    public async Task ADecisionAwaitingTurnedOffInBoth_IsNotWritten_AndOffInTheAppOnly_IsWritten()
    {
        var anna = Db.AddPerson("Anna Another");
        Db.AddMember(Partnership, anna, PartnershipRole.Contributor);
        await SetSettingsAsync(Priya, s => s with { InApp = AllBut(NotificationKind.DecisionAwaiting), InDigest = AllBut(NotificationKind.DecisionAwaiting) });
        await SetSettingsAsync(anna, s => s with { InApp = AllBut(NotificationKind.DecisionAwaiting) });

        var posted = await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Share release dates" }, Ct);

        Assert.True(posted.Succeeded, posted.Error?.Message);
        Assert.Empty(NotificationsOf(Priya));
        var awaiting = Assert.Single(NotificationsOf(anna));
        Assert.Equal((NotificationKind.DecisionAwaiting, "“Share release dates” awaits your position", $"DecisionAwaiting:{posted.Value!.Id}:{anna}"),
            (awaiting.Kind, awaiting.Title, awaiting.Key));
    }

    [Fact]
    public async Task ADecisionProposedTwice_NotifiesEachVoterOnce()
    {
        var entry = new LogEntry { Id = Guid.NewGuid(), PartnershipId = Partnership, Kind = EntryKind.Decision, Title = "Share release dates", AuthorUserId = Fran };
        for (var i = 0; i < 2; i++)
        {
            await using var db = Db.CreateDbContext();
            await Notify.DecisionProposedAsync(db, entry, Fran, UtcNow, Ct);
            await db.SaveChangesAsync(Ct);
        }

        Assert.Single(NotificationsOf(Priya));
        Assert.Empty(NotificationsOf(Fran));
        Assert.Empty(NotificationsOf(Omar));
        Assert.Empty(NotificationsOf(Olu));
    }

    [Fact]
    public async Task IssuingTheAgreement_AndOpeningAHealthRound_NotifyEveryOtherMember()
    {
        var agreement = new AgreementService(Db, Events, Clock, new(Db, Events, Clock));
        var purpose = (await agreement.GetAsync(Fran, Partnership, Ct)).Value!.Sections[0];
        await agreement.SaveSectionAsync(Fran, Partnership, purpose.Kind, "Safer streets for all", purpose.Version, Ct);

        var issued = await agreement.IssueAsync(Fran, Partnership, null, Ct);
        var opened = await new HealthService(Db, Events, Clock, NewLogService()).OpenRoundAsync(Fran, Partnership, anonymous: false, closesOn: null, Ct);

        Assert.True(issued.Succeeded && opened.Succeeded);
        foreach (var member in new[] { Priya, Omar })
        {
            Assert.Equal([NotificationKind.AgreementSignOff, NotificationKind.HealthRound], NotificationsOf(member).Select(n => n.Kind).Order());
        }

        Assert.Empty(NotificationsOf(Fran));
        Assert.Empty(NotificationsOf(Olu));
    }

    [Fact]
    public async Task AKindTurnedOffInTheAppAndTheDigest_IsNotWritten()
    {
        await SetSettingsAsync(Priya, s => s with { InApp = AllBut(NotificationKind.Mention), InDigest = AllBut(NotificationKind.Mention) });

        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Hello both", Mentions = [Priya, Omar] }, Ct);

        Assert.Empty(NotificationsOf(Priya));
        Assert.Single(NotificationsOf(Omar));
    }
}
