using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>
/// A facilitator of partnership A cannot reach B's log by sending B's ids while naming A, nor link
/// A's entries to B's goals, decisions or people.
/// </summary>
public sealed class LogForgedCallTests : ServiceTestBase
{
    private readonly string _annaOfA;
    private readonly string _bobOfB;
    private readonly Guid _partnershipA;
    private readonly Guid _goalOfB;
    private readonly Guid _decisionOfB;
    private readonly Guid _closedDecisionOfB;
    private readonly Guid _actionOfB;
    private readonly string _initialB;

    public LogForgedCallTests()
    {
        _annaOfA = Db.AddPerson("Anna Alpha");
        _bobOfB = Db.AddPerson("Bob Beta");
        _partnershipA = Db.AddPartnership("Alpha", (_annaOfA, PartnershipRole.Facilitator));
        var partnershipB = Db.AddPartnership("Beta", (_bobOfB, PartnershipRole.Facilitator));
        _goalOfB = Db.AddGoal(partnershipB, "Beta goal");
        _decisionOfB = Db.AddLogEntry(partnershipB, _bobOfB, EntryKind.Decision, "Beta decision");
        _closedDecisionOfB = Db.AddLogEntry(partnershipB, _bobOfB, EntryKind.Decision, "Beta closed decision",
            e => (e.ClosedUtc, e.ClosedByUserId, e.Outcome) = (UtcNow, _bobOfB, "Agreed."));
        _actionOfB = Db.AddLogEntry(partnershipB, _bobOfB, EntryKind.Action, "Beta action");
        _initialB = SnapshotOfB();
    }

    [Fact]
    public async Task EntryIdOfBWhileNamingA_IsNotFoundForEveryCall()
    {
        var log = NewLogService();
        var replies = NewReplyService();
        var decisions = NewDecisionService();
        var actions = NewActionService();
        var anna = _annaOfA;

        Result[] results =
        [
            await log.GetAsync(anna, _partnershipA, _decisionOfB, Ct),
            await log.EditAsync(anna, _partnershipA, _decisionOfB, new EntryInput { Title = "Taken over", Version = 1 }, Ct),
            await log.RemoveAsync(anna, _partnershipA, _decisionOfB, Ct),
            await replies.ReplyAsync(anna, _partnershipA, _decisionOfB, "Hello from Alpha", [], Ct),
            await replies.ToggleReactionAsync(anna, _partnershipA, _decisionOfB, "eyes", Ct),
            await decisions.TakePositionAsync(anna, _partnershipA, _decisionOfB, Position.Objects, "Not yours to decide", Ct),
            await decisions.CloseDecisionAsync(anna, _partnershipA, _decisionOfB, "Closed by Alpha", Ct),
            await decisions.AmendDecisionAsync(anna, _partnershipA, _closedDecisionOfB, "Amended by Alpha", Ct),
            await actions.SetActionStateAsync(anna, _partnershipA, _actionOfB, ActionState.Cancelled, Ct),
        ];

        Assert.All(results, r => Assert.Equal(ErrorKind.NotFound, r.Error?.Kind));
        AssertBUnchanged();
    }

    [Fact]
    public async Task GoalOfB_IsRefusedWhenPostingInA()
    {
        var result = await NewLogService().PostAsync(_annaOfA, _partnershipA, new EntryInput { Title = "Linked to Beta", GoalId = _goalOfB }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal("Choose a goal of this partnership.", result.Error!.For(nameof(EntryInput.GoalId)));
        AssertNothingPostedInA();
    }

    [Fact]
    public async Task DecisionOfB_IsRefusedAsTheSourceOfAnActionInA()
    {
        var result = await NewLogService().PostAsync(_annaOfA, _partnershipA,
            new EntryInput { Kind = EntryKind.Action, Title = "Follow up", AssigneeUserId = _annaOfA, SourceDecisionId = _decisionOfB }, Ct);

        Assert.Equal("Choose a decision of this partnership.", result.Error?.For(nameof(EntryInput.SourceDecisionId)));
        AssertNothingPostedInA();
    }

    [Fact]
    public async Task MentioningSomeoneOutsideA_IsRefusedInEntriesAndReplies()
    {
        var noteOfA = Db.AddLogEntry(_partnershipA, _annaOfA, EntryKind.Note, "Alpha note");
        var log = NewLogService();
        var replies = NewReplyService();

        var posted = await log.PostAsync(_annaOfA, _partnershipA, new EntryInput { Title = "Over to @Bob", Mentions = [_annaOfA, _bobOfB] }, Ct);
        var replied = await replies.ReplyAsync(_annaOfA, _partnershipA, noteOfA, "What do you think, @Bob?", [_bobOfB], Ct);

        Assert.All(new Result[] { posted, replied }, r =>
        {
            Assert.Equal(ErrorKind.Validation, r.Error?.Kind);
            Assert.Equal("You can only mention members of this partnership.", r.Error!.For("Mentions"));
        });
        Assert.Equal(0, Db.Read(db => db.LogMentions.Count() + db.LogReplies.Count()));
        AssertNothingPostedInA(existing: 1);
    }

    private void AssertNothingPostedInA(int existing = 0)
    {
        Assert.Equal(existing, Db.Read(db => db.LogEntries.Count(e => e.PartnershipId == _partnershipA)));
        AssertBUnchanged();
    }

    private void AssertBUnchanged()
    {
        Assert.Equal(_initialB, SnapshotOfB());
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }

    private string SnapshotOfB() => Db.Read(db => string.Join(" | ",
        string.Join(",", db.LogEntries.Where(e => e.Id == _decisionOfB || e.Id == _closedDecisionOfB || e.Id == _actionOfB).OrderBy(e => e.Title)
            .Select(e => e.Title + ":" + e.Version + ":" + e.RemovedUtc + ":" + e.ClosedUtc + ":" + e.ActionState)),
        db.LogReplies.Count(),
        db.LogReactions.Count(),
        db.DecisionPositions.Count(),
        db.DecisionAmendments.Count()));
}
