using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Dashboard;

/// <summary>The portfolio's state: what an event carries changes in memory, what can move a count asks for one read, the rest costs nothing.</summary>
public sealed class PortfolioStateTests : ServiceTestBase
{
    private readonly string _olga;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public PortfolioStateTests()
    {
        _olga = Db.AddPerson("Olga Observer");
        var fran = Db.AddPerson("Fran Facilitator");
        _partnership = Db.AddPartnership("Clean Rivers", (fran, PartnershipRole.Facilitator), (_olga, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Swimmable rivers");
        Fran = fran;
    }

    private string Fran { get; }

    private async Task<PortfolioState> LoadAsync() =>
        new(await new DashboardService(Db, Clock, NullLogger<DashboardService>.Instance).PortfolioAsync(_olga, Ct), _olga);

    [Fact]
    public async Task ARenameOfThePartnership_ChangesTheLineInMemory()
    {
        var state = await LoadAsync();

        Assert.True(state.Apply(new PartnershipDetailsChanged(_partnership, Fran, "Clean Rivers Trust", "", PartnershipStatus.Active, 2)));

        Assert.Equal("Clean Rivers Trust", Assert.Single(state.Lines).Name);
        Assert.False(state.Stale);
    }

    [Fact]
    public async Task AStatusChange_AsksForARead_ATitleChangeDoesNot()
    {
        var state = await LoadAsync();
        var goals = NewGoalService();

        await goals.SaveFieldAsync(Fran, _partnership, _goal, GoalField.Title, "Swimmable rivers", "Swimmable rivers by 2030", Ct);
        state.Apply(Events.Published[^1]);
        Assert.False(state.Stale);

        await goals.SaveFieldAsync(Fran, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.AtRisk), Ct);
        state.Apply(Events.Published[^1]);
        Assert.True(state.Stale);

        state.Resync(await new DashboardService(Db, Clock, NullLogger<DashboardService>.Instance).PortfolioAsync(_olga, Ct));
        Assert.False(state.Stale);
        Assert.Equal(GoalStatus.AtRisk, Assert.Single(state.Lines).RollUp);
    }

    [Fact]
    public async Task AnActionPosted_AsksForARead_ANoteDoesNot()
    {
        var state = await LoadAsync();
        var log = NewLogService();

        await log.PostAsync(Fran, _partnership, new EntryInput { Title = "Minutes" }, Ct);
        state.Apply(Events.Published.OfType<LogEntrySaved>().Last());
        Assert.False(state.Stale);

        var action = await log.PostAsync(Fran, _partnership,
            new EntryInput { Kind = EntryKind.Action, Title = "Test the water", AssigneeUserId = _olga, DueDate = DateOnly.FromDateTime(UtcNow).AddDays(7) }, Ct);
        Assert.True(action.Succeeded, action.Error?.Message);
        state.Apply(Events.Published.OfType<LogEntrySaved>().Last());
        Assert.True(state.Stale);
    }

    [Fact]
    public async Task TheViewerRemoved_LosesTheLine_PresenceChangesNothing()
    {
        var state = await LoadAsync();

        Assert.False(state.Apply(new PresenceChanged(_partnership, "goals", [])));
        Assert.True(state.Apply(new Workspace.Web.Features.Members.MemberRemoved(_partnership, Fran, _olga, "Olga Observer")));

        Assert.Empty(state.Lines);
    }
}
