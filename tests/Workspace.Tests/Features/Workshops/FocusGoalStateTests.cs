using Workspace.Tests.Support;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>The workshop's goal panel fed the events the goal services really publish.</summary>
public sealed class FocusGoalStateTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly GoalService _goals;

    public FocusGoalStateTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator));
        _goal = Db.AddGoal(_partnership, "No child goes hungry");
        _goals = NewGoalService();
    }

    private async Task<FocusGoalState> LoadAsync() => new(_partnership, (await _goals.GetAsync(_fran, _partnership, _goal, Ct)).Value!);

    [Fact]
    public async Task AStatusChange_IsShown_AndADescriptionEditIsNot()
    {
        var state = await LoadAsync();

        await _goals.SaveFieldAsync(_fran, _partnership, _goal, GoalField.Description, "", "Every child fed at school", Ct);
        Assert.False(state.Apply(Assert.IsType<GoalSaved>(Events.Published[^1])));
        await _goals.SaveFieldAsync(_fran, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.AtRisk), Ct);

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal(GoalStatus.AtRisk, state.Goal.Status);
    }

    [Fact]
    public async Task AnIndicatorAdded_IsShown_AndAnotherGoalsIsNot()
    {
        var other = Db.AddGoal(_partnership, "Warmer homes");
        var state = await LoadAsync();
        var indicators = NewIndicatorService();

        await indicators.AddAsync(_fran, _partnership, other, new IndicatorInput { Name = "Homes insulated", Baseline = 0, Target = 100 }, Ct);
        Assert.False(state.Apply(Events.Published.OfType<IndicatorSaved>().Last()));
        await indicators.AddAsync(_fran, _partnership, _goal, new IndicatorInput { Name = "Meals served", Baseline = 0, Target = 500 }, Ct);

        Assert.True(state.Apply(Events.Published.OfType<IndicatorSaved>().Last()));
        Assert.Equal("Meals served", Assert.Single(state.Indicators).Name);
    }

    [Fact]
    public async Task AnOlderPictureOfTheGoal_OrPresence_ChangeNothing()
    {
        var state = await LoadAsync();
        await _goals.SaveFieldAsync(_fran, _partnership, _goal, GoalField.Title, "No child goes hungry", "Fed children", Ct);
        var older = Events.Published[^1];
        await _goals.SaveFieldAsync(_fran, _partnership, _goal, GoalField.Title, "Fed children", "Every child fed", Ct);

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.False(state.Apply(older));
        Assert.False(state.Apply(new PresenceChanged(_partnership, "goals", [new PresenceEntry(_fran, "Fran Facilitator", null, null)])));
        Assert.Equal("Every child fed", state.Goal.Title);
    }
}
