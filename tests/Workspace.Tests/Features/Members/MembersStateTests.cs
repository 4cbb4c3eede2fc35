using Workspace.Tests.Support;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Members;

/// <summary>The members page's state, without a renderer, fed by the events the services really publish.</summary>
public sealed class MembersStateTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _tom;
    private readonly Guid _partnership;

    public MembersStateTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _tom = Db.AddPerson("Tom Contributor");
        _partnership = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator), (_tom, PartnershipRole.Contributor));
    }

    private async Task<MembersState> LoadAsync(string viewer) =>
        new((await new MembersPageService(Db, Clock).LoadAsync(viewer, _partnership, Ct)).Value!, viewer);

    [Fact]
    public async Task OnlyAFacilitator_LoadsTheInvitations_AndAStrangerNothing()
    {
        await NewMemberService().InviteAsync(_fran, _partnership, new InviteInput { Email = "new@example.org" }, Ct);

        Assert.Single((await LoadAsync(_fran)).Invitations);
        Assert.Empty((await LoadAsync(_tom)).Invitations);
        Assert.False((await new MembersPageService(Db, Clock).LoadAsync(Db.AddPerson("Stranger"), _partnership, Ct)).Succeeded);
    }

    [Fact]
    public async Task ARoleChange_Shows_AndTheViewerMadeFacilitator_NeedsTheInvitations()
    {
        var state = await LoadAsync(_tom);

        await NewMemberService().ChangeRoleAsync(_fran, _partnership, _tom, PartnershipRole.Facilitator, Ct);

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal(PartnershipRole.Facilitator, state.Members.Single(m => m.UserId == _tom).Role);
        Assert.True(state.IsFacilitator);
        Assert.True(state.InvitationsStale);
    }

    [Fact]
    public async Task AnInvitationSent_MarksAFacilitatorsListStale_NotAContributors()
    {
        var fran = await LoadAsync(_fran);
        var tom = await LoadAsync(_tom);

        await NewMemberService().InviteAsync(_fran, _partnership, new InviteInput { Email = "new@example.org" }, Ct);
        var sent = Assert.Single(Events.Published.OfType<InvitationChanged>());

        Assert.True(fran.Apply(sent));
        Assert.True(fran.InvitationsStale);
        Assert.False(tom.Apply(sent));
        Assert.False(tom.InvitationsStale);
    }

    [Fact]
    public async Task AMemberRemoved_Leaves_AndAnotherPartnershipsEvent_ChangesNothing()
    {
        var state = await LoadAsync(_fran);

        await NewMemberService().RemoveAsync(_fran, _partnership, _tom, Ct);

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.DoesNotContain(state.Members, m => m.UserId == _tom);
        Assert.False(state.Apply(new Workspace.Web.Features.Goals.GoalSaved(Guid.NewGuid(), _fran, null!, null, null)));
    }
}
