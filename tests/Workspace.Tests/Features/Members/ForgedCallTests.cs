using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Members;

/// <summary>
/// A facilitator of partnership A cannot reach into partnership B by sending B's ids, whatever the UI
/// rendered: every such call is "not found" and changes nothing.
/// </summary>
public sealed class ForgedCallTests : ServiceTestBase
{
    private readonly string _annaFacilitatorOfA;
    private readonly string _bobFacilitatorOfB;
    private readonly string _bethMemberOfB;
    private readonly Guid _partnershipA;
    private readonly Guid _partnershipB;
    private readonly Guid _invitationOfB;

    public ForgedCallTests()
    {
        _annaFacilitatorOfA = Db.AddPerson("Anna Alpha");
        _bobFacilitatorOfB = Db.AddPerson("Bob Beta");
        _bethMemberOfB = Db.AddPerson("Beth Beta");
        _partnershipA = Db.AddPartnership("Alpha", (_annaFacilitatorOfA, PartnershipRole.Facilitator));
        _partnershipB = Db.AddPartnership("Beta", (_bobFacilitatorOfB, PartnershipRole.Facilitator), (_bethMemberOfB, PartnershipRole.Contributor));
        _invitationOfB = Db.AddInvitation(_partnershipB, "guest@example.org", PartnershipRole.Observer, _bobFacilitatorOfB, UtcNow).Id;
    }

    [Fact]
    public async Task PartnershipIdOfB_IsNotFoundForEveryAction()
    {
        var members = NewMemberService();
        var anna = _annaFacilitatorOfA;

        Result[] results =
        [
            await members.ListAsync(anna, _partnershipB, Ct),
            await members.ListInvitationsAsync(anna, _partnershipB, Ct),
            await members.InviteAsync(anna, _partnershipB, new InviteInput { Email = "spy@example.org" }, Ct),
            await members.RenewInvitationAsync(anna, _partnershipB, _invitationOfB, Ct),
            await members.RevokeInvitationAsync(anna, _partnershipB, _invitationOfB, Ct),
            await members.ChangeRoleAsync(anna, _partnershipB, _bethMemberOfB, PartnershipRole.Observer, Ct),
            await members.RemoveAsync(anna, _partnershipB, _bethMemberOfB, Ct),
        ];

        Assert.All(results, r => Assert.Equal(ErrorKind.NotFound, r.Error?.Kind));
        AssertBUnchanged();
    }

    [Fact]
    public async Task RenewingBsInvitationWhileNamingA_IsNotFound()
    {
        var result = await NewMemberService().RenewInvitationAsync(_annaFacilitatorOfA, _partnershipA, _invitationOfB, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        AssertBUnchanged();
    }

    [Fact]
    public async Task RevokingBsInvitationWhileNamingA_IsNotFound()
    {
        var result = await NewMemberService().RevokeInvitationAsync(_annaFacilitatorOfA, _partnershipA, _invitationOfB, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        AssertBUnchanged();
    }

    [Fact]
    public async Task ChangingRoleOfBsMemberWhileNamingA_IsNotFound()
    {
        var result = await NewMemberService().ChangeRoleAsync(_annaFacilitatorOfA, _partnershipA, _bethMemberOfB, PartnershipRole.Facilitator, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        AssertBUnchanged();
    }

    [Fact]
    public async Task RemovingBsMemberWhileNamingA_IsNotFound()
    {
        var result = await NewMemberService().RemoveAsync(_annaFacilitatorOfA, _partnershipA, _bethMemberOfB, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        AssertBUnchanged();
    }

    private void AssertBUnchanged()
    {
        Assert.Equal(PartnershipRole.Contributor, Db.RoleOf(_partnershipB, _bethMemberOfB));
        Assert.Equal(PartnershipRole.Facilitator, Db.RoleOf(_partnershipB, _bobFacilitatorOfB));
        var invitations = Db.Read(db => db.Invitations.ToList());
        var invitation = Assert.Single(invitations);
        Assert.Equal(InvitationState.Pending, invitation.StateAt(UtcNow));
        Assert.Equal(1, invitation.Version);
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
        Assert.Empty(Email.Sent);
    }
}
