using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dashboard;

/// <summary>
/// Each part of the dashboard takes one model from <see cref="DashboardState.Parts"/>, and that model
/// changes only when what the part shows changed: the events applied are those the services publish.
/// </summary>
public sealed class DashboardStateTests : ServiceTestBase
{
    private readonly string _anna;
    private readonly string _olga;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly Guid _indicator;
    private readonly DateOnly _today;

    public DashboardStateTests()
    {
        _anna = Db.AddPerson("Anna Archer", organisationId: Db.AddOrganisation("Tidewater Trust", Sector.CivilSociety));
        _olga = Db.AddPerson("Olga Observer");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Facilitator), (_olga, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
        _indicator = Db.AddIndicator(_goal, "Fish counted", 10, 50);
        Db.AddLogEntry(_partnership, _anna, EntryKind.Decision, "Meet monthly", createdUtc: UtcNow.AddDays(-1));
        _today = DateOnly.FromDateTime(UtcNow);
    }

    private async Task<DashboardState> LoadAsync() =>
        (await new DashboardService(Db, Clock, NullLogger<DashboardService>.Instance).LoadAsync(_olga, _partnership, Ct)).Value!;

    /// <summary>Applies what a service call published, as the live path delivers it.</summary>
    private async Task<bool> ApplyAsync(DashboardState state, Func<Task> change)
    {
        Events.Clear();
        await change();
        Assert.NotEmpty(Events.Published);
        return Events.Published.Aggregate(false, (changed, e) => state.Apply(e, _olga) | changed);
    }

    [Fact]
    public async Task CheckIn_ChangesTheIndicatorsAndGoalsParts_NotTheDecisionsActionsRisksBalanceOrStatus()
    {
        var state = await LoadAsync();
        var before = state.Parts(_today);

        Assert.True(await ApplyAsync(state, () => NewIndicatorService().RecordCheckInAsync(_anna, _partnership, _indicator,
            new CheckInInput { Value = 30, AsOf = _today }, Ct)));
        var after = state.Parts(_today);

        Assert.Equal(30, Assert.Single(after.Indicators.Rows).Indicator.Latest?.Value);
        Assert.NotEqual(before.Indicators, after.Indicators);
        Assert.NotEqual(before.Goals, after.Goals);
        Assert.Equal(
            (before.Header, before.Status, before.Health, before.Actions, before.Decisions, before.Risks, before.Balance),
            (after.Header, after.Status, after.Health, after.Actions, after.Decisions, after.Risks, after.Balance));
    }

    [Fact]
    public async Task DecisionRecorded_ChangesOnlyTheDecisionsPart_AndKeepsTheOtherRowsEqual()
    {
        var state = await LoadAsync();
        var before = state.Parts(_today);

        Assert.True(await ApplyAsync(state, () => NewLogService().PostAsync(_anna, _partnership,
            new EntryInput { Kind = EntryKind.Decision, Title = "Share the data" }, Ct)));
        var after = state.Parts(_today);

        Assert.Equal(["Share the data", "Meet monthly"], after.Decisions.Rows.Select(r => r.Line.Entry.Title));
        Assert.Equal(before.Decisions.Rows[0], after.Decisions.Rows[1]);
        Assert.NotEqual(before.Decisions, after.Decisions);
        Assert.Equal(before with { Decisions = after.Decisions }, after);
    }

    [Fact]
    public async Task OverdueActionRecorded_ChangesTheActionsStatusAndBalance_NotTheGoalsIndicatorsOrDecisions()
    {
        var state = await LoadAsync();
        var later = _today.AddDays(10);
        var before = state.Parts(later);

        Assert.True(await ApplyAsync(state, () => NewLogService().PostAsync(_anna, _partnership,
            new EntryInput { Kind = EntryKind.Action, Title = "Sample the outfalls", AssigneeUserId = _anna, DueDate = _today.AddDays(1) }, Ct)));
        var after = state.Parts(later);

        Assert.Equal("Sample the outfalls", Assert.Single(after.Actions.Overdue).Title);
        Assert.Equal(1, after.Status.OverdueActions);
        Assert.NotEqual(before.Balance, after.Balance);
        Assert.Equal((before.Goals, before.Indicators, before.Decisions, before.Risks), (after.Goals, after.Indicators, after.Decisions, after.Risks));
    }

    [Fact]
    public async Task StatusChanged_ChangesTheStatusAndGoalsParts_AndTheWallsGoals_NotTheDecisions()
    {
        var state = await LoadAsync();
        var before = state.Parts(_today);
        var wallBefore = state.GoalsNeedingAttention(_today);
        Assert.Empty(wallBefore.Goals);

        Assert.True(await ApplyAsync(state, () => NewGoalService().SaveFieldAsync(_anna, _partnership, _goal, GoalField.Status,
            nameof(GoalStatus.NotStarted), nameof(GoalStatus.AtRisk), Ct)));
        var after = state.Parts(_today);

        Assert.Equal(1, after.Status.StatusCounts.Single(c => c.Status == GoalStatus.AtRisk).Count);
        Assert.NotEqual(before.Status, after.Status);
        Assert.NotEqual(before.Goals, after.Goals);
        Assert.Equal(_goal, Assert.Single(state.GoalsNeedingAttention(_today).Goals).Id);
        Assert.Equal((before.Decisions, before.Indicators, before.Balance), (after.Decisions, after.Indicators, after.Balance));
    }

    [Fact]
    public async Task WallModels_StayTheSame_WhenAnEventChangedNeitherGoalsNorIndicators()
    {
        var state = await LoadAsync();
        var (goals, indicators) = (state.GoalsNeedingAttention(_today), state.IndicatorsToWatch(_today));

        Assert.True(await ApplyAsync(state, () => NewLogService().PostAsync(_anna, _partnership,
            new EntryInput { Kind = EntryKind.Decision, Title = "Share the data" }, Ct)));

        Assert.Same(goals, state.GoalsNeedingAttention(_today));
        Assert.Same(indicators, state.IndicatorsToWatch(_today));
        Assert.False(goals.Virtualized);
        Assert.Equal(_indicator, Assert.Single(indicators.Rows).Indicator.Id);
    }

    [Fact]
    public async Task ViewersRoleChanged_IsApplied_ButChangesNoPart()
    {
        var state = await LoadAsync();
        var before = state.Parts(_today);

        Assert.True(await ApplyAsync(state, () => NewMemberService().ChangeRoleAsync(_anna, _partnership, _olga, PartnershipRole.Observer, Ct)));

        Assert.Equal(PartnershipRole.Observer, state.MyRole);
        Assert.Equal(before, state.Parts(_today));
    }

    [Fact]
    public async Task EventOfAnotherPartnership_ChangesNothing()
    {
        var other = Db.AddPartnership("Dry Valleys", (_anna, PartnershipRole.Facilitator));
        var state = await LoadAsync();
        var before = state.Parts(_today);

        Assert.False(await ApplyAsync(state, () => NewLogService().PostAsync(_anna, other,
            new EntryInput { Kind = EntryKind.Decision, Title = "Elsewhere" }, Ct)));

        Assert.Same(before, state.Parts(_today));
    }

    [Fact]
    public async Task ANewDay_ChangesTheDatedParts_NotTheDecisionsRisksOrBalance()
    {
        var state = await LoadAsync();
        var today = state.Parts(_today);

        var tomorrow = state.Parts(_today.AddDays(1));

        Assert.NotEqual(today.Goals, tomorrow.Goals);
        Assert.NotEqual(today.Actions, tomorrow.Actions);
        Assert.Equal((today.Decisions, today.Risks, today.Balance, today.Status), (tomorrow.Decisions, tomorrow.Risks, tomorrow.Balance, tomorrow.Status));
    }
}
