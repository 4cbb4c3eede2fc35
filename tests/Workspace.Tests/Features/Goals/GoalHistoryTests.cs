using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

/// <summary>Every saved field shows in the goal's history, newest first, and any earlier value can be put back.</summary>
public sealed class GoalHistoryTests : ServiceTestBase
{
    private readonly string _anna;
    private readonly string _ben;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public GoalHistoryTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _ben = Db.AddPerson("Ben Baker");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Facilitator));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
    }

    [Fact]
    public async Task History_ListsChangesNewestFirstFromOldToNew()
    {
        var goals = NewGoalService();
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, "Halve river pollution", "Cut river pollution by half", Ct);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await goals.SaveFieldAsync(_ben, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack), Ct);

        var history = await goals.HistoryAsync(_anna, _partnership, _goal, Ct);

        Assert.Equal(
            [
                ("Ben Baker", "Status", (string?)"Not started", (string?)"On track", UtcNow, true),
                ("Anna Archer", "Title", "Halve river pollution", "Cut river pollution by half", UtcNow.AddMinutes(-5), true),
            ],
            history.Value!.Select(h => (h.ActorName, h.Field, h.OldValue, h.NewValue, h.AtUtc, h.CanRestore)));
    }

    [Fact]
    public async Task Restore_PutsBackTheOldValueAsANewRecordedChange()
    {
        var goals = NewGoalService();
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, "Halve river pollution", "Cut river pollution by half", Ct);
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, "Cut river pollution by half", "Clean up the river", Ct);
        var firstChange = (await goals.HistoryAsync(_anna, _partnership, _goal, Ct)).Value![^1].Id;
        Events.Clear();

        var result = await goals.RestoreAsync(_ben, _partnership, _goal, firstChange, Ct);

        Assert.True(result.Value!.Saved);
        Assert.Equal("Halve river pollution", Db.Read(db => db.Goals.Single().Title));
        var history = (await goals.HistoryAsync(_anna, _partnership, _goal, Ct)).Value!;
        Assert.Equal(3, history.Count);
        Assert.Equal(("Ben Baker", "Title", (string?)"Clean up the river", (string?)"Halve river pollution"),
            (history[0].ActorName, history[0].Field, history[0].OldValue, history[0].NewValue));
        Assert.Equal(GoalField.Title, Assert.IsType<GoalSaved>(Assert.Single(Events.Published)).Field);
    }

    [Fact]
    public async Task RestoreOfAStatusChange_PutsBackTheEarlierStatus()
    {
        var goals = NewGoalService();
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.AtRisk), Ct);
        var change = Assert.Single((await goals.HistoryAsync(_anna, _partnership, _goal, Ct)).Value!).Id;

        await goals.RestoreAsync(_anna, _partnership, _goal, change, Ct);

        Assert.Equal(GoalStatus.NotStarted, Db.Read(db => db.Goals.Single().Status));
    }

    [Fact]
    public async Task RestoreByARecordOfAnotherGoal_IsNotFoundAndChangesNothing()
    {
        var goals = NewGoalService();
        var otherGoal = Db.AddGoal(_partnership, "Restore wetlands");
        await goals.SaveFieldAsync(_anna, _partnership, otherGoal, GoalField.Title, "Restore wetlands", "Restore all wetlands", Ct);
        var changeOfOtherGoal = Assert.Single((await goals.HistoryAsync(_anna, _partnership, otherGoal, Ct)).Value!).Id;
        Events.Clear();

        var result = await goals.RestoreAsync(_anna, _partnership, _goal, changeOfOtherGoal, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Equal("Halve river pollution", Db.Read(db => db.Goals.Single(g => g.Id == _goal).Title));
        Assert.Equal(1, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task RestoreOfAnIndicatorChange_IsNotFound()
    {
        var indicator = Db.AddIndicator(_goal, "Nitrate level", baseline: 40, target: 20, IndicatorDirection.Decrease);
        await NewIndicatorService().RecordCheckInAsync(_anna, _partnership, indicator, new CheckInInput { Value = 35, AsOf = new DateOnly(2026, 3, 1) }, Ct);
        var checkIn = Assert.Single((await NewGoalService().HistoryAsync(_anna, _partnership, _goal, Ct)).Value!);
        Events.Clear();

        var result = await NewGoalService().RestoreAsync(_anna, _partnership, _goal, checkIn.Id, Ct);

        Assert.False(checkIn.CanRestore);
        Assert.Equal(("CheckIn", "Nitrate level"), (checkIn.EntityType, checkIn.EntityLabel));
        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task RestoreWhenTheValueWasSavedAgainSince_IsANoOp()
    {
        var goals = NewGoalService();
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, "Halve river pollution", "Cut river pollution by half", Ct);
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, "Cut river pollution by half", "Halve river pollution", Ct);
        var firstChange = (await goals.HistoryAsync(_anna, _partnership, _goal, Ct)).Value![^1].Id;
        Events.Clear();

        var result = await goals.RestoreAsync(_anna, _partnership, _goal, firstChange, Ct);

        Assert.True(result.Value!.Saved);
        Assert.Equal(2, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }
}
