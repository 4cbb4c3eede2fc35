using Workspace.Tests.Features.Workshops;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Exports;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Hostile;

/// <summary>
/// Fran facilitates partnership A (the highest role, so no refusal below is about her role) and sends ids
/// that belong to partnership B: once naming A, once naming B. Every call is "not found", nothing is stored,
/// nothing is published. The same call made by B's own facilitator is not "not found", so the ids are real.
/// </summary>
public sealed class ForgedIdTests : WorkshopTestBase
{
    private const string NamingA = "naming A";
    private const string NamingB = "naming B";

    private static readonly Dictionary<string, Func<ForgedIdTests, string, Guid, Task<Result>>> Calls = new()
    {
        ["goal get"] = async (t, u, p) => await t.NewGoalService().GetAsync(u, p, t._goal, Ct),
        ["goal history"] = async (t, u, p) => await t.NewGoalService().HistoryAsync(u, p, t._goal, Ct),
        ["goal save field"] = async (t, u, p) => await t.NewGoalService().SaveFieldAsync(u, p, t._goal, GoalField.Title, "Cleaner air", "Taken over", Ct),
        ["goal restore"] = async (t, u, p) => await t.NewGoalService().RestoreAsync(u, p, t._goal, t._change, Ct),
        ["contribution set"] = async (t, u, p) => await t.NewGoalService().SetContributionAsync(u, p, t._goal, t._organisation, "Hijacked.", Ct),
        ["contribution remove"] = async (t, u, p) => await t.NewGoalService().RemoveContributionAsync(u, p, t._goal, t._organisation, Ct),
        ["draft save"] = async (t, u, p) => await t.NewDraftService().SaveAsync(u, p, t._goal, GoalField.Description, "Draft", "", Ct),
        ["indicator add"] = async (t, u, p) => await t.NewIndicatorService().AddAsync(u, p, t._goal, new IndicatorInput { Name = "Spy", Baseline = 0, Target = 1 }, Ct),
        ["indicator update"] = async (t, u, p) => await t.NewIndicatorService().UpdateAsync(u, p, t._indicator, new IndicatorInput { Name = "Spy", Baseline = 0, Target = 1, Version = 1 }, Ct),
        ["check-in"] = async (t, u, p) => await t.NewIndicatorService().RecordCheckInAsync(u, p, t._indicator, new CheckInInput { Value = 5, AsOf = DateOnly.FromDateTime(t.UtcNow) }, Ct),
        ["confidence"] = async (t, u, p) => await t.NewIndicatorService().RecordConfidenceAsync(u, p, t._indicator, 1, "", Ct),
        ["entry get"] = async (t, u, p) => await t.NewLogService().GetAsync(u, p, t._decision, Ct),
        ["entry history"] = async (t, u, p) => await t.NewLogService().HistoryAsync(u, p, t._decision, Ct),
        ["entry edit"] = async (t, u, p) => await t.NewLogService().EditAsync(u, p, t._decision, new EntryInput { Kind = EntryKind.Decision, Title = "Taken over" }, Ct),
        ["entry remove"] = async (t, u, p) => await t.NewLogService().RemoveAsync(u, p, t._decision, Ct),
        ["reply"] = async (t, u, p) => await t.NewReplyService().ReplyAsync(u, p, t._decision, "Psst", [], Ct),
        ["reply edit"] = async (t, u, p) => await t.NewReplyService().EditReplyAsync(u, p, t._decision, t._reply, "Taken over", [], 1, Ct),
        ["reply remove"] = async (t, u, p) => await t.NewReplyService().RemoveReplyAsync(u, p, t._decision, t._reply, Ct),
        ["reaction"] = async (t, u, p) => await t.NewReplyService().ToggleReactionAsync(u, p, t._decision, "👍", Ct),
        ["position"] = async (t, u, p) => await t.NewDecisionService().TakePositionAsync(u, p, t._decision, Position.Objects, "No", Ct),
        ["decision close"] = async (t, u, p) => await t.NewDecisionService().CloseDecisionAsync(u, p, t._decision, "Rejected", Ct),
        ["decision amend"] = async (t, u, p) => await t.NewDecisionService().AmendDecisionAsync(u, p, t._decision, "Amended", Ct),
        ["action state"] = async (t, u, p) => await t.NewActionService().SetActionStateAsync(u, p, t._action, ActionState.Done, Ct),
        ["workshop get"] = async (t, u, p) => await t.Workshops.GetAsync(u, p, t._workshop, Ct),
        ["workshop room"] = async (t, u, p) => await t.Workshops.RoomAsync(u, p, t._workshop, Ct),
        ["workshop edit"] = async (t, u, p) => await t.Workshops.EditAsync(u, p, t._workshop, new WorkshopInput { Title = "Taken over", StartsUtc = t.UtcNow.AddDays(1) }, Ct),
        ["workshop delete"] = async (t, u, p) => await t.Workshops.DeleteAsync(u, p, t._workshop, Ct),
        ["workshop end"] = async (t, u, p) => await t.Workshops.EndAsync(u, p, t._workshop, Ct),
        ["workshop timer"] = async (t, u, p) => await t.Workshops.TimerAsync(u, p, t._workshop, TimerCommand.Pause, Ct),
        ["workshop extend timer"] = async (t, u, p) => await t.Workshops.ExtendTimerAsync(u, p, t._workshop, 5, Ct),
        ["workshop bring everyone"] = async (t, u, p) => await t.Workshops.BringEveryoneAsync(u, p, t._workshop, Ct),
        ["workshop minutes"] = async (t, u, p) => await t.Outputs.MinutesAsync(u, p, t._workshop, Ct),
        ["workshop equity"] = async (t, u, p) => await t.Outputs.EquityAsync(u, p, t._workshop, Ct),
        ["workshop calendar"] = async (t, u, p) => await t.Outputs.CalendarFileAsync(u, p, t._workshop, new Uri("https://x.example/"), Ct),
        ["agenda add"] = async (t, u, p) => await t.Workshops.AddItemAsync(u, p, t._workshop, new AgendaItemInput { Title = "Spy", TimeBoxMinutes = 5 }, Ct),
        ["agenda edit"] = async (t, u, p) => await t.Workshops.EditItemAsync(u, p, t._workshop, t._item, new AgendaItemInput { Title = "Spy", TimeBoxMinutes = 5 }, Ct),
        ["agenda remove"] = async (t, u, p) => await t.Workshops.RemoveItemAsync(u, p, t._workshop, t._secondItem, Ct),
        ["agenda move"] = async (t, u, p) => await t.Workshops.MoveItemAsync(u, p, t._workshop, t._secondItem, -1, Ct),
        ["agenda go to"] = async (t, u, p) => await t.Workshops.GoToItemAsync(u, p, t._workshop, t._secondItem, Ct),
        ["idea add"] = async (t, u, p) => await t.Ideas.AddIdeaAsync(u, p, t._workshop, t._item, "Spy", Ct),
        ["idea remove"] = async (t, u, p) => await t.Ideas.RemoveIdeaAsync(u, p, t._workshop, t._idea, Ct),
        ["idea group"] = async (t, u, p) => await t.Ideas.GroupIdeaAsync(u, p, t._workshop, t._idea, "Spies", Ct),
        ["ideas reveal"] = async (t, u, p) => await t.Ideas.RevealIdeasAsync(u, p, t._workshop, t._secondItem, Ct),
        ["ideas private"] = async (t, u, p) => await t.Ideas.SetIdeasPrivateAsync(u, p, t._workshop, t._item, true, Ct),
        ["idea capture"] = async (t, u, p) => await t.Outputs.CaptureIdeaAsync(u, p, t._workshop, t._idea, new CaptureInput { Kind = EntryKind.Decision }, Ct),
        ["dot vote open"] = async (t, u, p) => await t.Voting.OpenDotVoteAsync(u, p, t._workshop, t._secondItem, 3, false, Ct),
        ["dot vote close"] = async (t, u, p) => await t.Voting.CloseDotVoteAsync(u, p, t._workshop, t._item, Ct),
        ["dot vote reveal"] = async (t, u, p) => await t.Voting.RevealDotVotesAsync(u, p, t._workshop, t._item, Ct),
        ["dot vote"] = async (t, u, p) => await t.Voting.DotVoteAsync(u, p, t._workshop, t._idea, true, Ct),
        ["vote counts"] = async (t, u, p) => await t.Voting.VoteCountsAsync(u, p, t._workshop, t._item, Ct),
        ["poll create"] = async (t, u, p) => await t.Voting.CreatePollAsync(u, p, t._workshop, t._item, new PollInput { Question = "Spy?", Options = ["Yes", "No"] }, Ct),
        ["poll set"] = async (t, u, p) => await t.Voting.SetPollAsync(u, p, t._workshop, t._poll, VotingState.Closed, reveal: true, Ct),
        ["poll vote"] = async (t, u, p) => await t.Voting.VotePollAsync(u, p, t._workshop, t._poll, [t._pollOption], Ct),
        ["invitation renew"] = async (t, u, p) => await t.NewMemberService().RenewInvitationAsync(u, p, t._invitation, Ct),
        ["invitation revoke"] = async (t, u, p) => await t.NewMemberService().RevokeInvitationAsync(u, p, t._invitation, Ct),
        ["member role"] = async (t, u, p) => await t.NewMemberService().ChangeRoleAsync(u, p, t._bob, PartnershipRole.Observer, Ct),
        ["member remove"] = async (t, u, p) => await t.NewMemberService().RemoveAsync(u, p, t._bob, Ct),
    };

    /// <summary>Calls that take only a partnership id: forging means naming B.</summary>
    private static readonly Dictionary<string, Func<ForgedIdTests, string, Guid, Task<Result>>> PartnershipCalls = new()
    {
        ["activity open"] = async (t, u, p) => await new ActivityService(t.Db).OpenAsync(u, p, Ct),
        ["activity list"] = async (t, u, p) => await new ActivityService(t.Db).ListAsync(u, p, null, Ct),
        ["activity verify"] = async (t, u, p) => await new ActivityService(t.Db).VerifyAsync(u, p, Ct),
        ["dashboard"] = async (t, u, p) => await new DashboardService(t.Db, t.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<DashboardService>.Instance).LoadAsync(u, p, Ct),
        ["export"] = async (t, u, p) => await new ExportService(t.Db, t.Clock).ExportAsync(u, p, null, Ct),
        ["log list"] = async (t, u, p) => await t.NewLogService().ListAsync(u, p, new LogFilter(), 0, 20, Ct),
        ["workshop list"] = async (t, u, p) => await t.Workshops.ListAsync(u, p, Ct),
        ["member list"] = async (t, u, p) => await t.NewMemberService().ListAsync(u, p, Ct),
        ["invitation list"] = async (t, u, p) => await t.NewMemberService().ListInvitationsAsync(u, p, Ct),
        ["partnership update"] = async (t, u, p) => await t.NewPartnershipService().UpdateAsync(u, p, new PartnershipInput { Name = "Taken over", Purpose = "Ours now." }, Ct),
    };

    private Guid _goal;
    private Guid _indicator;
    private Guid _organisation;
    private long _change;
    private Guid _decision;
    private Guid _action;
    private Guid _reply;
    private Guid _workshop;
    private Guid _item;
    private Guid _secondItem;
    private Guid _idea;
    private Guid _poll;
    private Guid _pollOption;
    private Guid _invitation;
    private string _bob = "";

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var name in Calls.Keys)
            {
                data.Add(name, NamingA);
                data.Add(name, NamingB);
            }

            foreach (var name in PartnershipCalls.Keys)
            {
                data.Add(name, NamingB);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IdsOfAnotherPartnership_AreNotFound_AndNothingChanges(string call, string naming)
    {
        // Arrange
        await ArrangePartnershipBAsync();
        var act = Calls.TryGetValue(call, out var withIds) ? withIds : PartnershipCalls[call];
        var before = SnapshotOfB();
        Events.Clear();

        // Act
        var result = await act(this, Fran, naming == NamingA ? Partnership : OtherPartnership);

        // Assert
        Assert.False(result.Succeeded, $"{call} {naming} succeeded");
        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Equal(ServiceError.NotFound.Message, result.Error.Message);
        Assert.Empty(Events.Published);
        Assert.Equal(before, SnapshotOfB());

        // The ids are real: B's own facilitator reaches them (minutes exist only once a workshop has ended).
        if (call != "workshop minutes")
        {
            var owner = await act(this, Nina, OtherPartnership);
            Assert.NotEqual(ErrorKind.NotFound, owner.Error?.Kind);
        }
    }

    private async Task ArrangePartnershipBAsync()
    {
        _bob = Db.AddPerson("Bob Beta", "bob@beta.example");
        Db.AddMember(OtherPartnership, _bob, PartnershipRole.Contributor);
        _organisation = Db.AddOrganisation("Tidewater Trust");
        _goal = Db.AddGoal(OtherPartnership, "Cleaner air");
        _indicator = Db.AddIndicator(_goal, "Clean days", baseline: 0, target: 10);
        Db.Write(db =>
        {
            db.GoalContributions.Add(new GoalContribution { Id = Guid.NewGuid(), GoalId = _goal, OrganisationId = _organisation, Commitment = "Data." });
            db.Record(OtherPartnership, Nina, UtcNow, nameof(Goal), _goal, nameof(GoalField.Title), "Air", "Cleaner air", _goal);
        });
        _change = Db.Read(db => db.ChangeRecords.Single(c => c.PartnershipId == OtherPartnership).Id);
        _decision = Db.AddLogEntry(OtherPartnership, Nina, EntryKind.Decision, "Ban idling");
        _action = Db.AddLogEntry(OtherPartnership, Nina, EntryKind.Action, "Count cars");
        _reply = (await NewReplyService().ReplyAsync(Nina, OtherPartnership, _decision, "Agreed in principle", [], Ct)).Value!.Id;
        var planned = await LiveAsync(OtherPartnership, Nina);
        (_workshop, _item, _secondItem) = planned;
        _idea = (await Ideas.AddIdeaAsync(Nina, OtherPartnership, _workshop, _item, "Plant trees", Ct)).Value!.Id;
        await Voting.OpenDotVoteAsync(Nina, OtherPartnership, _workshop, _item, 3, false, Ct);
        var poll = (await Voting.CreatePollAsync(Nina, OtherPartnership, _workshop, _item, new PollInput { Question = "Weekly?", Options = ["Yes", "No"] }, Ct)).Value!;
        _poll = poll.Id;
        _pollOption = Db.Read(db => db.WorkshopPollOptions.First(o => o.PollId == _poll).Id);
        _invitation = Db.AddInvitation(OtherPartnership, "carol@beta.example", PartnershipRole.Contributor, Nina, UtcNow).Id;
    }

    private string SnapshotOfB() => StoredState.Of(Db);
}
