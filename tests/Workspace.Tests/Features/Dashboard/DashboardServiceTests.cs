using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dashboard;

/// <summary>The dashboard loads with a fixed set of queries, stays current from events alone, and is for members only.</summary>
public sealed class DashboardServiceTests : ServiceTestBase
{
    private readonly string _anna;
    private readonly string _ben;
    private readonly string _olga;
    private readonly Guid _tidewater;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly Guid _indicator;

    public DashboardServiceTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _tidewater = Db.AddOrganisation("Tidewater Trust", Sector.CivilSociety);
        _ben = Db.AddPerson("Ben Baker", organisationId: _tidewater);
        _olga = Db.AddPerson("Olga Observer");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Contributor), (_olga, PartnershipRole.Observer));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
        _indicator = Db.AddIndicator(_goal, "Fish counted", 10, 50);
    }

    private DashboardService NewDashboardService() => new(Db, Clock, NullLogger<DashboardService>.Instance);

    [Fact]
    public async Task NonMember_GetsNotFound_ForARealPartnershipAndAForgedId()
    {
        var stranger = Db.AddPerson("Sam Stranger");

        Assert.Equal(ErrorKind.NotFound, (await NewDashboardService().LoadAsync(stranger, _partnership, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewDashboardService().LoadAsync(_olga, Guid.NewGuid(), Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewDashboardService().LoadAsync(null, _partnership, Ct)).Error?.Kind);
    }

    [Fact]
    public async Task Load_ShowsCheckInsConfidencesActionsAndPositions()
    {
        var indicators = NewIndicatorService();
        await indicators.RecordCheckInAsync(_anna, _partnership, _indicator, new CheckInInput { Value = 20, AsOf = new DateOnly(2026, 1, 1) }, Ct);
        await indicators.RecordCheckInAsync(_anna, _partnership, _indicator, new CheckInInput { Value = 30, AsOf = new DateOnly(2026, 2, 1) }, Ct);
        await indicators.RecordConfidenceAsync(_anna, _partnership, _indicator, 5, null, Ct);
        await indicators.RecordConfidenceAsync(_ben, _partnership, _indicator, 2, null, Ct);
        Db.AddLogEntry(_partnership, _ben, EntryKind.Action, "Late report", e => e.DueDate = new DateOnly(2026, 2, 1));
        Db.AddLogEntry(_partnership, _ben, EntryKind.Action, "Done already", e => (e.DueDate, e.ActionState) = (new DateOnly(2026, 2, 1), ActionState.Done));
        var decision = Db.AddLogEntry(_partnership, _anna, EntryKind.Decision, "Share the data");
        await NewDecisionService().TakePositionAsync(_ben, _partnership, decision, Position.Objects, "Not yet", Ct);

        var view = (await NewDashboardService().LoadAsync(_olga, _partnership, Ct)).Value!.View(new DateOnly(2026, 3, 2));

        var indicator = Assert.Single(view.Indicators);
        Assert.Equal((30.0, 0.5, 2), (indicator.Latest!.Value, indicator.Progress!.Value, indicator.CheckInCount));
        Assert.True(indicator.Disagreement);
        Assert.Equal(1, view.Disagreements);
        Assert.Equal(0.5, Assert.Single(view.Goals).Progress!.Value, 3);
        Assert.Equal(["Late report"], view.OverdueActions.Select(a => a.Title));
        Assert.Equal(1, view.OpenActions);
        var line = Assert.Single(view.RecentDecisions);
        Assert.Equal("Tidewater Trust", Assert.Single(line.Dissent).OrganisationName);
        var trust = view.Balance.Single(b => b.Sector == Sector.CivilSociety).Organisations.Single();
        Assert.Equal(new BalanceRow("Tidewater Trust", Sector.CivilSociety, 0, 0, 1, 1, 1), trust);
        Assert.Equal(PartnershipRole.Observer, view.MyRole);
    }

    [Fact]
    public async Task Events_UpdateTheFiguresWithoutReadingTheDatabase()
    {
        var state = (await NewDashboardService().LoadAsync(_olga, _partnership, Ct)).Value!;
        await NewIndicatorService().RecordCheckInAsync(_anna, _partnership, _indicator, new CheckInInput { Value = 50, AsOf = new DateOnly(2026, 2, 1) }, Ct);
        await NewGoalService().SaveFieldAsync(_anna, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OffTrack), Ct);
        await NewLogService().PostAsync(_ben, _partnership, new EntryInput { Kind = EntryKind.Risk, Title = "Drought", Likelihood = 4, Impact = 5 }, Ct);
        Db.Commands.Reset();

        foreach (var change in Events.Published)
        {
            Assert.True(state.Apply(change, _olga));
        }

        var view = state.View(new DateOnly(2026, 3, 2));
        Assert.Equal(0, Db.Commands.Count);
        Assert.Equal(1.0, Assert.Single(view.Indicators).Progress);
        Assert.Equal(GoalStatus.OffTrack, view.RollUp);
        Assert.Equal("Drought", Assert.Single(view.OpenRisks).Title);
    }

    [Fact]
    public async Task ClosingAnActionOrRemovingADecision_TakesThemOffTheDashboard()
    {
        var action = Db.AddLogEntry(_partnership, _ben, EntryKind.Action, "Late report", e => e.DueDate = new DateOnly(2026, 2, 1));
        var decision = Db.AddLogEntry(_partnership, _ben, EntryKind.Decision, "Share the data");
        var state = (await NewDashboardService().LoadAsync(_olga, _partnership, Ct)).Value!;

        await NewActionService().SetActionStateAsync(_ben, _partnership, action, ActionState.Done, Ct);
        await NewLogService().RemoveAsync(_ben, _partnership, decision, Ct);
        foreach (var change in Events.Published)
        {
            state.Apply(change, _olga);
        }

        var view = state.View(new DateOnly(2026, 3, 2));
        Assert.Empty(view.OverdueActions);
        Assert.Equal(0, view.OpenActions);
        Assert.Empty(view.RecentDecisions);
    }

    [Fact]
    public async Task AnOlderPictureOfADecision_ArrivingLate_DoesNotUndoANewerOne()
    {
        var decision = Db.AddLogEntry(_partnership, _anna, EntryKind.Decision, "Share the data");
        var state = (await NewDashboardService().LoadAsync(_olga, _partnership, Ct)).Value!;
        await NewDecisionService().TakePositionAsync(_ben, _partnership, decision, Position.Objects, "Not yet", Ct);
        await NewDecisionService().TakePositionAsync(_anna, _partnership, decision, Position.Agree, null, Ct);
        var (bens, annas) = (Events.Published.OfType<PositionsChanged>().First(), Events.Published.OfType<PositionsChanged>().Last());

        Assert.True(state.Apply(annas, _olga));
        Assert.False(state.Apply(bens, _olga));

        var line = Assert.Single(state.View(new DateOnly(2026, 3, 2)).RecentDecisions);
        Assert.Equal(new Tally(1, 0, 1, 0), line.Entry.Tally);
    }

    [Fact]
    public async Task AnOlderPictureOfAnIndicator_ArrivingLate_DoesNotUndoANewerCheckIn()
    {
        var state = (await NewDashboardService().LoadAsync(_olga, _partnership, Ct)).Value!;
        var indicators = NewIndicatorService();
        await indicators.RecordCheckInAsync(_anna, _partnership, _indicator, new CheckInInput { Value = 20, AsOf = new DateOnly(2026, 1, 1) }, Ct);
        await indicators.RecordCheckInAsync(_ben, _partnership, _indicator, new CheckInInput { Value = 30, AsOf = new DateOnly(2026, 2, 1) }, Ct);
        var (older, newer) = (Events.Published.OfType<IndicatorSaved>().First(), Events.Published.OfType<IndicatorSaved>().Last());

        Assert.True(state.Apply(newer, _olga));
        Assert.False(state.Apply(older, _olga));

        var view = state.View(new DateOnly(2026, 3, 2));
        Assert.Equal(newer.Goal.Progress, Assert.Single(view.Goals).Progress);
    }

    [Fact]
    public async Task EventOfAnotherPartnership_ChangesNothing()
    {
        var other = Db.AddPartnership("Other", (_anna, PartnershipRole.Contributor));
        var state = (await NewDashboardService().LoadAsync(_olga, _partnership, Ct)).Value!;
        await NewGoalService().CreateAsync(_anna, other, new NewGoalInput { Title = "Elsewhere" }, Ct);

        Assert.False(state.Apply(Assert.Single(Events.Published), _olga));
        Assert.Single(state.View(new DateOnly(2026, 3, 2)).Goals);
    }

    [Fact]
    public async Task Load_UsesTheSameNumberOfQueries_ForOneGoalAndForFifty()
    {
        Db.AddLogEntry(_partnership, _ben, EntryKind.Action, "First action", e => e.DueDate = new DateOnly(2026, 1, 1));
        Db.Commands.Reset();
        await NewDashboardService().LoadAsync(_olga, _partnership, Ct);
        var small = Db.Commands.Count;
        for (var i = 0; i < 49; i++)
        {
            var goal = Db.AddGoal(_partnership, $"Goal {i}");
            Db.AddIndicator(goal, $"Indicator {i}", 0, 10);
            Db.AddLogEntry(_partnership, _ben, EntryKind.Action, $"Action {i}", e => e.DueDate = new DateOnly(2026, 1, 1));
        }

        Db.Commands.Reset();
        var view = (await NewDashboardService().LoadAsync(_olga, _partnership, Ct)).Value!.View(new DateOnly(2026, 3, 2));

        Assert.Equal(50, view.Goals.Count);
        Assert.Equal(small, Db.Commands.Count);
    }

    [Fact]
    public async Task Portfolio_ListsOnlyTheMembersPartnerships_WithTheirRollUp()
    {
        var other = Db.AddPartnership("Active Travel", (_olga, PartnershipRole.Observer));
        var late = Db.AddGoal(other, "Late goal");
        Db.AddGoal(Db.AddPartnership("Not Olga's", (_anna, PartnershipRole.Facilitator)), "Hidden");
        await NewGoalService().SaveFieldAsync(_anna, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.AtRisk), Ct);
        using (var db = Db.CreateDbContext())
        {
            var goal = db.Goals.Single(g => g.Id == late);
            (goal.DueDate, goal.Status) = (new DateOnly(2026, 1, 1), GoalStatus.OnTrack);
            db.SaveChanges();
        }

        var lines = await NewDashboardService().PortfolioAsync(_olga, Ct);

        Assert.Equal(["Active Travel", "Clean Rivers"], lines.Select(l => l.Name));
        Assert.Equal((GoalStatus.OnTrack, 1), (lines[0].RollUp, lines[0].OverdueGoals));
        Assert.Equal((GoalStatus.AtRisk, 0), (lines[1].RollUp, lines[1].OverdueGoals));
        Assert.Empty(await NewDashboardService().PortfolioAsync(Db.AddPerson("Nobody"), Ct));
    }
}
