using Workspace.Tests.Support;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Partnerships;

/// <summary>The overview page's state fed the events the partnership and member services really publish.</summary>
public sealed class PartnershipOverviewStateTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly PartnershipService _partnerships;

    public PartnershipOverviewStateTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        _partnerships = NewPartnershipService();
    }

    private async Task<PartnershipOverviewState> LoadAsync(string userId) =>
        new(userId, (await _partnerships.GetOverviewAsync(userId, _partnership, Ct)).Value!);

    private async Task<PartnershipDetailsChanged> RenameAsync(string name)
    {
        var version = (await _partnerships.GetOverviewAsync(_fran, _partnership, Ct)).Value!.Version;
        var saved = await _partnerships.UpdateAsync(_fran, _partnership, new PartnershipInput { Name = name, Purpose = "Feed every family", Version = version }, Ct);
        Assert.True(saved.Succeeded, saved.Error?.Message);
        return saved.Value!;
    }

    [Fact]
    public async Task DetailsSavedElsewhere_ChangeTheOverview_AndAnOlderSaveArrivingLateDoesNot()
    {
        var state = await LoadAsync(_cara);

        var first = await RenameAsync("Food Security Now");
        var second = await RenameAsync("Food Security Together");

        Assert.True(state.Apply(second));
        Assert.Equal("Food Security Together", state.Overview.Name);
        Assert.False(state.Apply(first));
        Assert.False(state.Apply(second));
        Assert.Equal("Food Security Together", state.Overview.Name);
    }

    [Fact]
    public async Task TheViewersRoleChanged_ChangesTheMemberAndMyRole()
    {
        var state = await LoadAsync(_cara);

        await NewMemberService().ChangeRoleAsync(_fran, _partnership, _cara, PartnershipRole.Observer, Ct);

        Assert.True(state.Apply(Assert.IsType<MemberRoleChanged>(Events.Published[^1])));
        Assert.Equal(PartnershipRole.Observer, state.Overview.MyRole);
        Assert.Equal(PartnershipRole.Observer, state.Overview.Members.Single(m => m.UserId == _cara).Role);
    }

    [Fact]
    public async Task AMemberRemoved_LeavesTheOverview()
    {
        var state = await LoadAsync(_fran);

        var removed = await NewMemberService().RemoveAsync(_fran, _partnership, _cara, Ct);

        Assert.True(removed.Succeeded, removed.Error?.Message);
        Assert.True(state.Apply(Events.Published.OfType<MemberRemoved>().Single()));
        Assert.Equal([_fran], state.Overview.Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task PresenceAnotherPartnershipOrAGoal_ChangeNothing()
    {
        var other = Db.AddPartnership("Clean Air", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        var state = await LoadAsync(_cara);
        var before = state.Overview;

        await NewMemberService().ChangeRoleAsync(_fran, other, _cara, PartnershipRole.Observer, Ct);
        var elsewhere = Assert.IsType<MemberRoleChanged>(Events.Published[^1]);
        await NewGoalService().CreateAsync(_fran, _partnership, new Workspace.Web.Features.Goals.NewGoalInput { Title = "Cleaner water" }, Ct);

        Assert.False(state.Apply(elsewhere));
        Assert.False(state.Apply(Events.Published[^1]));
        Assert.False(state.Apply(new PresenceChanged(_partnership, "overview", [new PresenceEntry(_fran, "Fran Facilitator", null, null)])));
        Assert.Same(before, state.Overview);
        Assert.True(state.Apply(elsewhere with { PartnershipId = _partnership }));
    }

    [Fact]
    public async Task Resync_TakesWhatChangedMeanwhile()
    {
        var state = await LoadAsync(_cara);
        await RenameAsync("Food Security Now");

        state.Resync((await _partnerships.GetOverviewAsync(_cara, _partnership, Ct)).Value!);

        Assert.Equal("Food Security Now", state.Overview.Name);
    }
}
