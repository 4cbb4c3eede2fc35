using Workspace.Tests.Support;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Goals;

/// <summary>The goals list's state, without a renderer: the real events keep it current, and the viewer's filters survive a resync.</summary>
public sealed class GoalsListStateTests : ServiceTestBase
{
    private readonly string _ana;
    private readonly string _ben;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public GoalsListStateTests()
    {
        _ana = Db.AddPerson("Ana Costa");
        _ben = Db.AddPerson("Ben Okafor");
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator), (_ben, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Fewer young people reoffend");
    }

    private async Task<GoalsListState> LoadAsync(string viewer) =>
        new((await new GoalPageService(Db).LoadListAsync(viewer, _partnership, Ct)).Value!, viewer);

    private async Task<PartnershipEvent> LastPublishedByAsync(Func<Task> change)
    {
        await change();
        return Events.Published[^1];
    }

    [Fact]
    public async Task AStranger_GetsNotFound()
    {
        Assert.False((await new GoalPageService(Db).LoadListAsync(Db.AddPerson("Cara Stranger"), _partnership, Ct)).Succeeded);
    }

    [Fact]
    public async Task ANewGoalAndARename_Show_AndAnOlderPictureDoesNot()
    {
        var state = await LoadAsync(_ben);
        var goals = NewGoalService();
        var created = await LastPublishedByAsync(() => goals.CreateAsync(_ana, _partnership, new NewGoalInput { Title = "Safer evenings" }, Ct));
        var first = await LastPublishedByAsync(() => goals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title, "Fewer young people reoffend", "A third fewer", Ct));
        var second = await LastPublishedByAsync(() => goals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title, "A third fewer", "Half as many", Ct));

        Assert.True(state.Apply(created));
        Assert.True(state.Apply(second));
        Assert.False(state.Apply(first));

        Assert.Equal(["Half as many", "Safer evenings"], state.VisibleRows().Select(r => r.Goal.Title));
        Assert.Equal("2 goals the partners are working on together.", state.CountText);
    }

    [Fact]
    public async Task Filters_DecideTheRows_AndSurviveAResync()
    {
        Db.AddGoal(_partnership, "Safer evenings");
        var state = await LoadAsync(_ben);
        state.Search = "evenings";

        Assert.Equal("Safer evenings", Assert.Single(state.VisibleRows()).Goal.Title);
        Db.AddGoal(_partnership, "Brighter evenings");
        state.Resync((await new GoalPageService(Db).LoadListAsync(_ben, _partnership, Ct)).Value!);

        Assert.Equal("evenings", state.Search);
        Assert.Equal(["Brighter evenings", "Safer evenings"], state.VisibleRows().Select(r => r.Goal.Title));
        state.ClearFilters();
        Assert.Equal(3, state.VisibleRows().Count);
    }

    [Fact]
    public async Task TheViewerMadeObserver_CanNoLongerAddGoals_AnotherPersonsRoleIsNotShown()
    {
        var state = await LoadAsync(_ben);

        Assert.False(state.Apply(new MemberRoleChanged(_partnership, _ana, _ana, PartnershipRole.Observer)));
        var mine = await LastPublishedByAsync(() => NewMemberService().ChangeRoleAsync(_ana, _partnership, _ben, PartnershipRole.Observer, Ct));

        Assert.True(state.Apply(mine));
        Assert.False(state.CanEdit);
    }

    [Fact]
    public async Task PresenceElsewhere_ChangesNothing()
    {
        var state = await LoadAsync(_ben);

        Assert.False(state.Apply(new PresenceChanged(_partnership, "goal:" + _goal, [new PresenceEntry(_ana, "Ana Costa", null, null)])));
        Assert.True(state.Apply(new PresenceChanged(_partnership, GoalsListState.Location, [new PresenceEntry(_ana, "Ana Costa", null, null)])));
    }
}
