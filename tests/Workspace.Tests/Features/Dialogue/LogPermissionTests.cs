using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

public enum LogAction
{
    Post,
    Edit,
    Remove,
    Reply,
    React,
    TakePosition,
    Close,
    Amend,
    SetActionState,
}

/// <summary>
/// Contributors and facilitators take part in the log; authors and facilitators edit and remove entries;
/// only facilitators close and amend decisions; observers only read; non-members see nothing.
/// </summary>
public sealed class LogPermissionTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly string _actor;
    private readonly Guid _partnership;
    private readonly Guid _note;
    private readonly Guid _openDecision;
    private readonly Guid _closedDecision;
    private readonly Guid _action;
    private readonly string _initial;

    public LogPermissionTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _actor = Db.AddPerson("Alex Actor");
        _partnership = Db.AddPartnership("Safer Streets", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        _note = Db.AddLogEntry(_partnership, _cara, EntryKind.Note, "Bus route data arrived");
        _openDecision = Db.AddLogEntry(_partnership, _cara, EntryKind.Decision, "Pilot the app on route 12");
        _closedDecision = Db.AddLogEntry(_partnership, _cara, EntryKind.Decision, "Meet monthly",
            e => (e.ClosedUtc, e.ClosedByUserId, e.Outcome) = (UtcNow, _fran, "Agreed: first Tuesday of the month."));
        _action = Db.AddLogEntry(_partnership, _cara, EntryKind.Action, "Share the route data", e => e.AssigneeUserId = _cara);
        _initial = Snapshot();
    }

    /// <summary>What each role may do to an entry someone else wrote.</summary>
    public static TheoryData<PartnershipRole, LogAction> Permitted
    {
        get
        {
            var data = new TheoryData<PartnershipRole, LogAction>();
            foreach (var action in Enum.GetValues<LogAction>())
            {
                data.Add(PartnershipRole.Facilitator, action);
                if (action is not (LogAction.Edit or LogAction.Remove or LogAction.Close or LogAction.Amend))
                {
                    data.Add(PartnershipRole.Contributor, action);
                }
            }

            return data;
        }
    }

    public static TheoryData<LogAction> AllActions => [.. Enum.GetValues<LogAction>()];

    [Theory]
    [MemberData(nameof(Permitted))]
    public async Task PermittedRole_MayAct(PartnershipRole role, LogAction action)
    {
        Db.AddMember(_partnership, _actor, role);

        var result = await RunAsync(action);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.NotEqual(_initial, Snapshot());
    }

    [Theory]
    [InlineData(LogAction.Edit)]
    [InlineData(LogAction.Remove)]
    public async Task ContributorWhoWroteTheEntry_MayEditAndRemoveIt(LogAction action)
    {
        var result = await RunAsync(action, actor: _cara);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.NotEqual(_initial, Snapshot());
    }

    [Theory]
    [InlineData(LogAction.Edit, "Only the author of an entry or a facilitator can edit entries.")]
    [InlineData(LogAction.Remove, "Only the author of an entry or a facilitator can remove entries.")]
    [InlineData(LogAction.Close, "Only facilitators can close decisions.")]
    [InlineData(LogAction.Amend, "Only facilitators can amend decisions.")]
    public async Task AnotherContributor_IsForbiddenAndNothingChanges(LogAction action, string message)
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Contributor);

        var result = await RunAsync(action);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal(message, result.Error!.Message);
        Assert.Equal(_initial, Snapshot());
        Assert.Empty(Events.Published);
    }

    [Theory]
    [InlineData(LogAction.Close)]
    [InlineData(LogAction.Amend)]
    public async Task ContributorWhoProposedTheDecision_CannotCloseOrAmendIt(LogAction action)
    {
        var result = await RunAsync(action, actor: _cara);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal(_initial, Snapshot());
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task Observer_IsForbiddenAndNothingChanges(LogAction action)
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Observer);

        var result = await RunAsync(action);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal(_initial, Snapshot());
        Assert.Empty(Events.Published);
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task NonMember_GetsNotFoundAndNothingChanges(LogAction action)
    {
        var result = await RunAsync(action);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Equal(_initial, Snapshot());
        Assert.Empty(Events.Published);
    }

    [Theory]
    [InlineData(PartnershipRole.Observer)]
    [InlineData(PartnershipRole.Contributor)]
    public async Task AnyMember_MayReadTheLog(PartnershipRole role)
    {
        Db.AddMember(_partnership, _actor, role);
        var log = NewLogService();

        var list = await log.ListAsync(_actor, _partnership, new LogFilter(), cancellationToken: Ct);
        var detail = await log.GetAsync(_actor, _partnership, _closedDecision, Ct);
        var forMe = await log.ForMeAsync(_actor, _partnership, Ct);

        Assert.Equal(4, list.Value!.Total);
        Assert.Equal("Agreed: first Tuesday of the month.", detail.Value!.Entry.Outcome);
        Assert.Empty(forMe.Value!);
    }

    [Fact]
    public async Task NonMember_CannotReadTheLog()
    {
        var log = NewLogService();

        Result[] results =
        [
            await log.ListAsync(_actor, _partnership, new LogFilter(), cancellationToken: Ct),
            await log.GetAsync(_actor, _partnership, _note, Ct),
            await log.ForMeAsync(_actor, _partnership, Ct),
            await log.ListAsync(null, _partnership, new LogFilter(), cancellationToken: Ct),
        ];

        Assert.All(results, r => Assert.Equal(ErrorKind.NotFound, r.Error?.Kind));
    }

    [Theory]
    [InlineData(LogAction.Post, typeof(LogEntrySaved))]
    [InlineData(LogAction.Edit, typeof(LogEntrySaved))]
    [InlineData(LogAction.Remove, typeof(LogEntrySaved))]
    [InlineData(LogAction.Reply, typeof(ReplyPosted))]
    [InlineData(LogAction.TakePosition, typeof(PositionsChanged))]
    [InlineData(LogAction.Close, typeof(LogEntrySaved))]
    [InlineData(LogAction.Amend, typeof(LogEntrySaved))]
    [InlineData(LogAction.SetActionState, typeof(LogEntrySaved))]
    public async Task Change_PublishesOneEventAfterCommit(LogAction action, Type eventType)
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Facilitator);
        var committedWhenPublished = new List<bool>();
        Events.OnPublish = _ => committedWhenPublished.Add(!Db.HasOpenTransaction && Snapshot() != _initial);

        await RunAsync(action);

        var published = Assert.Single(Events.Published);
        Assert.IsType(eventType, published);
        Assert.Equal((_partnership, _actor), (published.PartnershipId, published.ActorUserId));
        Assert.Equal([true], committedWhenPublished);
    }

    [Fact]
    public async Task Reacting_PublishesEveryReactionOfTheEntry_SoOpenPagesCountThem()
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Contributor);

        var result = await RunAsync(LogAction.React);

        Assert.True(result.Succeeded);
        var published = Assert.IsType<ReactionsChanged>(Assert.Single(Events.Published));
        Assert.Equal((_note, new ReactionFact("thumbs-up", _actor)), (published.EntryId, Assert.Single(published.Reactions)));
    }

    private async Task<Result> RunAsync(LogAction action, string? actor = null)
    {
        var log = NewLogService();
        var replies = NewReplyService();
        var decisions = NewDecisionService();
        var actions = NewActionService();
        var who = actor ?? _actor;
        return action switch
        {
            LogAction.Post => await log.PostAsync(who, _partnership, new EntryInput { Kind = EntryKind.Question, Title = "Who holds the CCTV data?" }, Ct),
            LogAction.Edit => await log.EditAsync(who, _partnership, _note, new EntryInput { Title = "Bus route data arrived late", Version = 1 }, Ct),
            LogAction.Remove => await log.RemoveAsync(who, _partnership, _note, Ct),
            LogAction.Reply => await replies.ReplyAsync(who, _partnership, _note, "Thanks, I will look today.", [], Ct),
            LogAction.React => await replies.ToggleReactionAsync(who, _partnership, _note, "thumbs-up", Ct),
            LogAction.TakePosition => await decisions.TakePositionAsync(who, _partnership, _openDecision, Position.Agree, null, Ct),
            LogAction.Close => await decisions.CloseDecisionAsync(who, _partnership, _openDecision, "Agreed without objection.", Ct),
            LogAction.Amend => await decisions.AmendDecisionAsync(who, _partnership, _closedDecision, "Moved to the first Wednesday.", Ct),
            LogAction.SetActionState => await actions.SetActionStateAsync(who, _partnership, _action, ActionState.InProgress, Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    private string Snapshot() => Db.Read(db => string.Join(" | ",
        string.Join(",", db.LogEntries.OrderBy(e => e.Title).Select(e => e.Title + ":" + e.Version + ":" + e.RemovedUtc + ":" + e.ClosedUtc + ":" + e.ActionState)),
        db.LogReplies.Count(),
        db.LogReactions.Count(),
        db.DecisionPositions.Count(),
        db.DecisionAmendments.Count(),
        db.LogMentions.Count(),
        db.ChangeRecords.Count()));
}
