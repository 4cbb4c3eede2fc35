using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Members;

public enum MemberAction
{
    Invite,
    RenewInvitation,
    RevokeInvitation,
    ListInvitations,
    ChangeRole,
    RemoveAnotherMember,
    ListMembers,
}

/// <summary>Who may do what with a partnership's members and invitations; checked from the database on every call.</summary>
public sealed class MemberPermissionTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _tom;
    private readonly string _actor;
    private readonly Guid _partnership;
    private readonly Guid _invitation;

    public MemberPermissionTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _tom = Db.AddPerson("Tom Contributor");
        _actor = Db.AddPerson("Alex Actor");
        _partnership = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator), (_tom, PartnershipRole.Contributor));
        _invitation = Db.AddInvitation(_partnership, "pending@example.org", PartnershipRole.Observer, _fran, UtcNow).Id;
    }

    public static TheoryData<MemberAction> FacilitatorOnlyActions =>
        [.. Enum.GetValues<MemberAction>().Where(a => a != MemberAction.ListMembers)];

    public static TheoryData<PartnershipRole, MemberAction> MembersBelowFacilitatorWithFacilitatorOnlyActions
    {
        get
        {
            var data = new TheoryData<PartnershipRole, MemberAction>();
            foreach (var role in new[] { PartnershipRole.Contributor, PartnershipRole.Observer })
            {
                foreach (var action in FacilitatorOnlyActions)
                {
                    data.Add(role, action.Data);
                }
            }

            return data;
        }
    }

    public static TheoryData<MemberAction> AllActions => [.. Enum.GetValues<MemberAction>()];

    public static TheoryData<PartnershipRole> AllRoles => [.. Enum.GetValues<PartnershipRole>()];

    [Theory]
    [MemberData(nameof(FacilitatorOnlyActions))]
    public async Task Facilitator_MayDoEveryMemberAction(MemberAction action)
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Facilitator);

        var result = await RunAsync(action);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Theory]
    [MemberData(nameof(MembersBelowFacilitatorWithFacilitatorOnlyActions))]
    public async Task ContributorOrObserver_IsForbiddenAndNothingChanges(PartnershipRole role, MemberAction action)
    {
        Db.AddMember(_partnership, _actor, role);
        var before = Snapshot();

        var result = await RunAsync(action);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Contains("Only facilitators can", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.Empty(Events.Published);
        Assert.Empty(Email.Sent);
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task NonMember_GetsNotFoundAndNothingChanges(MemberAction action)
    {
        var before = Snapshot();

        var result = await RunAsync(action);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Equal(before, Snapshot());
        Assert.Empty(Events.Published);
        Assert.Empty(Email.Sent);
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task AnyMember_MayListTheMembers(PartnershipRole role)
    {
        Db.AddMember(_partnership, _actor, role);

        var result = await NewMemberService().ListAsync(_actor, _partnership, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(["Alex Actor", "Fran Facilitator", "Tom Contributor"], result.Value!.Select(m => m.DisplayName));
    }

    [Theory]
    [InlineData(MemberAction.Invite, typeof(InvitationChanged))]
    [InlineData(MemberAction.RenewInvitation, typeof(InvitationChanged))]
    [InlineData(MemberAction.RevokeInvitation, typeof(InvitationChanged))]
    [InlineData(MemberAction.ChangeRole, typeof(MemberRoleChanged))]
    [InlineData(MemberAction.RemoveAnotherMember, typeof(MemberRemoved))]
    public async Task FacilitatorChange_PublishesOneEventForThePartnership(MemberAction action, Type eventType)
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Facilitator);

        await RunAsync(action);

        var published = Assert.Single(Events.Published);
        Assert.IsType(eventType, published);
        Assert.Equal(_partnership, published.PartnershipId);
        Assert.Equal(_actor, published.ActorUserId);
    }

    [Theory]
    [InlineData(MemberAction.ListInvitations)]
    [InlineData(MemberAction.ListMembers)]
    public async Task Reading_PublishesNothing(MemberAction action)
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Facilitator);

        await RunAsync(action);

        Assert.Empty(Events.Published);
    }

    private async Task<Result> RunAsync(MemberAction action)
    {
        var members = NewMemberService();
        return action switch
        {
            MemberAction.Invite => await members.InviteAsync(_actor, _partnership,
                new InviteInput { Email = "sam@example.org", Role = PartnershipRole.Contributor }, Ct),
            MemberAction.RenewInvitation => await members.RenewInvitationAsync(_actor, _partnership, _invitation, Ct),
            MemberAction.RevokeInvitation => await members.RevokeInvitationAsync(_actor, _partnership, _invitation, Ct),
            MemberAction.ListInvitations => await members.ListInvitationsAsync(_actor, _partnership, Ct),
            MemberAction.ChangeRole => await members.ChangeRoleAsync(_actor, _partnership, _tom, PartnershipRole.Observer, Ct),
            MemberAction.RemoveAnotherMember => await members.RemoveAsync(_actor, _partnership, _tom, Ct),
            MemberAction.ListMembers => await members.ListAsync(_actor, _partnership, Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    private string Snapshot() => Db.Read(db => string.Join(" | ",
        string.Join(",", db.Memberships.OrderBy(m => m.UserId).Select(m => m.UserId + ":" + m.Role + ":" + m.Version)),
        string.Join(",", db.Invitations.OrderBy(i => i.Email).Select(i => i.Email + ":" + i.TokenHash + ":" + i.RevokedUtc + ":" + i.Version)),
        db.ChangeRecords.Count()));
}
