using Workspace.Tests.Support;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Goals;

/// <summary>
/// The goal page's state, without a renderer: loaded by one call, kept current by the events the
/// services really publish, deaf to what it does not show, and reloaded whole after a gap.
/// </summary>
public sealed class GoalPageStateTests : ServiceTestBase
{
    private readonly string _ana;
    private readonly string _ben;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public GoalPageStateTests()
    {
        _ana = Db.AddPerson("Ana Costa");
        _ben = Db.AddPerson("Ben Okafor");
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator), (_ben, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Fewer young people reoffend");
    }

    private async Task<GoalPageState> LoadAsync(string viewer)
    {
        var model = await new GoalPageService(Db).LoadAsync(viewer, _partnership, _goal, Ct);
        Assert.True(model.Succeeded);
        return new GoalPageState(model.Value!, viewer);
    }

    /// <summary>Runs a change through the real service and returns the events it published.</summary>
    private async Task<IReadOnlyList<PartnershipEvent>> PublishedByAsync(Func<Task> change)
    {
        var before = Events.Published.Count;
        await change();
        return [.. Events.Published.Skip(before)];
    }

    [Fact]
    public async Task Loads_InOneCall_WithTheViewersRoleAndTheMembers()
    {
        var state = await LoadAsync(_ben);

        Assert.Equal("Fewer young people reoffend", state.Summary.Title);
        Assert.Equal(PartnershipRole.Contributor, state.Role);
        Assert.True(state.CanEdit);
        Assert.Equal(["Ana Costa", "Ben Okafor"], state.Members.Select(m => m.DisplayName).Order());
        Assert.Contains(state.Goals, g => g.Id == _goal);
    }

    [Fact]
    public async Task AStranger_GetsNotFound_AndAGoalOfAnotherPartnershipToo()
    {
        var stranger = Db.AddPerson("Cara Stranger");
        var other = Db.AddPartnership("Other", (stranger, PartnershipRole.Facilitator));
        var theirGoal = Db.AddGoal(other, "Theirs");

        Assert.False((await new GoalPageService(Db).LoadAsync(stranger, _partnership, _goal, Ct)).Succeeded);
        Assert.False((await new GoalPageService(Db).LoadAsync(_ana, _partnership, theirGoal, Ct)).Succeeded);
    }

    [Fact]
    public async Task ATitleSavedElsewhere_Changes_AndAnOlderPictureArrivingLate_ChangesNothing()
    {
        var state = await LoadAsync(_ben);
        var goals = NewGoalService();
        var first = await PublishedByAsync(() => goals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title, "Fewer young people reoffend", "A third fewer", Ct));
        var second = await PublishedByAsync(() => goals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title, "A third fewer", "Half as many", Ct));

        Assert.True(state.Apply(Assert.Single(second)));
        Assert.False(state.Apply(Assert.Single(first)));
        Assert.Equal("Half as many", state.Summary.Title);
    }

    [Fact]
    public async Task ADescriptionRestoredElsewhere_Shows_AndMarksTheHistory()
    {
        var state = await LoadAsync(_ben);

        var saved = await PublishedByAsync(() => NewGoalService().SaveFieldAsync(_ana, _partnership, _goal, GoalField.Description, "", "Youth workers in every ward.", Ct));

        Assert.True(state.Apply(Assert.Single(saved)));
        Assert.Equal("Youth workers in every ward.", state.Description);
        Assert.True(state.HistoryChanged);
    }

    [Fact]
    public async Task ACoTypedDescription_IsMarkedStale_AndAnOlderReadArrivingLate_ChangesNothing()
    {
        var state = await LoadAsync(_ben);
        var service = new CoTypingService(Db, Events, Clock);
        var text = (await service.OpenGoalDescriptionAsync(_ana, _partnership, _goal, Ct)).Value!;
        var typed = await PublishedByAsync(() => service.SubmitAsync(_ana, text.TextId, 0, new TextOperation().Insert("Mentors").ToJson(), "ana", 1, Ct));
        var elsewhere = new CoTextChanged(_partnership, _ana, Guid.NewGuid(), CoText.GoalDescription, Guid.NewGuid(), 1, "[\"x\"]", "ana", 1);

        Assert.False(state.Apply(elsewhere));
        Assert.False(state.DescriptionStale);
        Assert.False(state.Apply(Assert.Single(typed)));
        Assert.True(state.DescriptionStale);
        Assert.Equal(text.TextId, state.DescriptionTextId);
        Assert.False(state.HistoryChanged);

        Assert.True(state.TakeCoTypedDescription("Mentors for all  \n", 2));
        Assert.Equal("Mentors for all", state.Description);
        Assert.False(state.TakeCoTypedDescription("Mentors", 1));
        Assert.Equal("Mentors for all", state.Description);
    }

    [Fact]
    public async Task AnIndicatorAdded_Shows_AndTheListIsANewValue()
    {
        var state = await LoadAsync(_ben);
        var before = state.Indicators;

        var added = await PublishedByAsync(() => NewIndicatorService().AddAsync(_ana, _partnership, _goal,
            new IndicatorInput { Name = "Reoffending rate", Unit = "%", Baseline = 30, Target = 20, Direction = IndicatorDirection.Decrease }, Ct));

        Assert.True(state.Apply(Assert.Single(added.OfType<IndicatorSaved>())));
        Assert.Equal("Reoffending rate", Assert.Single(state.Indicators).Name);
        Assert.NotEqual(before, state.Indicators);
    }

    [Fact]
    public async Task AContributionSet_Shows()
    {
        var state = await LoadAsync(_ben);
        var council = Db.AddOrganisation("Riverside Council");

        var set = await PublishedByAsync(() => NewGoalService().SetContributionAsync(_ana, _partnership, _goal, council, "Two youth workers", Ct));

        Assert.True(state.Apply(Assert.Single(set.OfType<GoalContributionsChanged>())));
        Assert.Equal("Two youth workers", Assert.Single(state.Contributions).Commitment);
    }

    [Fact]
    public async Task TheViewersRoleChanged_TakesAwayEditing()
    {
        var state = await LoadAsync(_ben);

        var changed = await PublishedByAsync(() => NewMemberService().ChangeRoleAsync(_ana, _partnership, _ben, PartnershipRole.Observer, Ct));

        Assert.True(state.Apply(Assert.Single(changed.OfType<MemberRoleChanged>())));
        Assert.False(state.CanEdit);
    }

    [Fact]
    public async Task EventsItDoesNotShow_ChangeNothing()
    {
        var state = await LoadAsync(_ben);
        var summary = state.Summary;

        Assert.False(state.Apply(new PresenceChanged(_partnership, "goal:" + Guid.NewGuid(), [new PresenceEntry(_ana, "Ana Costa", null, null)])));
        var entry = await PublishedByAsync(() => NewLogService().PostAsync(_ana, _partnership,
            new Workspace.Web.Features.Dialogue.EntryInput { Title = "Kick-off" }, Ct));
        Assert.All(entry, e => Assert.False(state.Apply(e)));
        Assert.Same(summary, state.Summary);
    }

    [Fact]
    public async Task TheSamePeopleAgain_IsNoChange_ButSomeoneEditing_Is()
    {
        var state = await LoadAsync(_ben);
        PresenceEntry[] here = [new(_ana, "Ana Costa", null, null)];
        Assert.True(state.Apply(new PresenceChanged(_partnership, state.Location, here)));

        Assert.False(state.Apply(new PresenceChanged(_partnership, state.Location, [new(_ana, "Ana Costa", null, null)])));
        Assert.True(state.Apply(new PresenceChanged(_partnership, state.Location, [new(_ana, "Ana Costa", null, "Title")])));
    }

    [Fact]
    public async Task AnotherGoalRenamed_UpdatesTheParentsTitle()
    {
        var parent = Db.AddGoal(_partnership, "Safer evenings");
        await NewGoalService().SaveFieldAsync(_ana, _partnership, _goal, GoalField.Parent, null, parent.ToString(), Ct);
        var state = await LoadAsync(_ben);

        var renamed = await PublishedByAsync(() => NewGoalService().SaveFieldAsync(_ana, _partnership, parent, GoalField.Title, "Safer evenings", "Safer nights", Ct));

        Assert.True(state.Apply(Assert.Single(renamed)));
        Assert.Equal("Safer nights", state.ParentTitle);
    }

    [Fact]
    public async Task Resync_TakesWhatWasMissed_AndKeepsWhatTheViewerIsDoing()
    {
        var state = await LoadAsync(_ben);
        state.EditingDescription = true;
        await NewGoalService().SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title, "Fewer young people reoffend", "Missed rename", Ct);

        state.Resync((await new GoalPageService(Db).LoadAsync(_ben, _partnership, _goal, Ct)).Value!);

        Assert.Equal("Missed rename", state.Summary.Title);
        Assert.True(state.EditingDescription);
    }

    [Fact]
    public async Task AResyncLoadedBeforeACoTypedReadShown_ShowsItsText_ThenReadsTheCoTypedTextAgain()
    {
        var state = await LoadAsync(_ben);
        var service = new CoTypingService(Db, Events, Clock);
        var text = (await service.OpenGoalDescriptionAsync(_ana, _partnership, _goal, Ct)).Value!;
        var typed = await PublishedByAsync(() => service.SubmitAsync(_ana, text.TextId, 0, new TextOperation().Insert("Mentors").ToJson(), "ana", 1, Ct));
        // The events went missing: the page loads again; that load began before the newest co-typed read came back.
        var loadedEarlier = (await new GoalPageService(Db).LoadAsync(_ben, _partnership, _goal, Ct)).Value!;
        state.Apply(Assert.Single(typed));
        Assert.True(state.TakeCoTypedDescription("Mentors at the gate", 2));
        state.DescriptionStale = false;

        state.Resync(loadedEarlier);

        // Its older text shows for a moment, and the page reads the co-typed text again, at any revision.
        Assert.Equal("Mentors", state.Description);
        Assert.True(state.DescriptionStale);
        Assert.True(state.TakeCoTypedDescription("Mentors at the gate", 2));
        Assert.Equal("Mentors at the gate", state.Description);
    }

    [Fact]
    public async Task AResync_WithNoCoTypedTextSeen_HasNothingToReadAgain()
    {
        var state = await LoadAsync(_ben);

        state.Resync((await new GoalPageService(Db).LoadAsync(_ben, _partnership, _goal, Ct)).Value!);

        Assert.False(state.DescriptionStale);
    }

    [Fact]
    public async Task ADraftEqualToWhatIsSaved_IsNotOffered_NorADescriptionDraft()
    {
        var drafts = NewDraftService();
        await drafts.SaveAsync(_ben, _partnership, _goal, GoalField.Title, "Fewer young people reoffend", "Fewer young people reoffend", Ct);
        await drafts.SaveAsync(_ben, _partnership, _goal, GoalField.Description, "Half typed", "", Ct);

        var state = await LoadAsync(_ben);

        // The description is co-typed, saved keystroke by keystroke: an old draft of it has nothing to restore.
        Assert.Empty(state.Drafts);
    }
}
