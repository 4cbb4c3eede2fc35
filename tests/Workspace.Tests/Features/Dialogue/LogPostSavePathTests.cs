using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>What recording an entry costs in SQL commands, and that the picture it publishes is the one the entry page reads.</summary>
public sealed class LogPostSavePathTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;

    public LogPostSavePathTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _partnership = Db.AddPartnership("Safer Streets", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
    }

    [Fact]
    public async Task Posting_ADecisionTakesThreeReadsAndTheWritesWithNoReadAfterTheCommit()
    {
        var log = NewLogService();
        await log.PostAsync(_fran, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Warm" }, Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Db.Commands.Reset();

        var posted = await log.PostAsync(_fran, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Counted" }, Ct);

        Assert.True(posted.Succeeded, posted.Error?.Message);
        // The poster with their role, the quota's times, the voters to notify; the chain head's lock, the
        // change record, the entry, Cara's notification and the head's move. The picture is the entry as saved.
        Assert.Equal(3 + 5, Db.Commands.Count);
        Assert.Equal([typeof(LogEntrySaved), typeof(NotificationsAdded)], Events.Published.Skip(2).Select(e => e.GetType()));
    }

    [Fact]
    public async Task Posting_ADecision_PublishesThePictureTheEntryPageReads()
    {
        var posted = await NewLogService().PostAsync(_cara, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = " Share release dates ", Body = "Why.\r\n" }, Ct);

        await AssertPublishedAsReadAsync(posted);
    }

    [Fact]
    public async Task Posting_AnActionWithAGoalAndMentions_PublishesThePictureTheEntryPageReads()
    {
        var goal = Db.AddGoal(_partnership, "Fewer burglaries");
        var posted = await NewLogService().PostAsync(_fran, _partnership, new EntryInput
        {
            Kind = EntryKind.Action,
            Title = "Map the lights",
            GoalId = goal,
            AssigneeUserId = _cara,
            ActionState = ActionState.Open,
            DueDate = DateOnly.FromDateTime(UtcNow).AddDays(7),
            Mentions = [_cara, _fran, _cara],
        }, Ct);

        await AssertPublishedAsReadAsync(posted);
        Assert.Equal("Fewer burglaries", posted.Value!.GoalTitle);
        Assert.Equal(["Cara Contributor", "Fran Facilitator"], posted.Value.Mentioned.Select(m => m.Name).Order());
    }

    private async Task AssertPublishedAsReadAsync(Workspace.Web.Features.Common.Result<LogEntryView> posted)
    {
        Assert.True(posted.Succeeded, posted.Error?.Message);
        var read = (await NewLogService().GetAsync(_fran, _partnership, posted.Value!.Id, Ct)).Value!.Entry;
        var published = Assert.IsType<LogEntrySaved>(Events.Published[0]).Entry;
        Assert.Equivalent(read with { Mentioned = [.. read.Mentioned.OrderBy(m => m.UserId)] }, published with { Mentioned = [.. published.Mentioned.OrderBy(m => m.UserId)] }, strict: true);
        Assert.Same(published, posted.Value);
        Assert.Equal((1L, 1L), (published.Version, published.Revision));
    }
}
