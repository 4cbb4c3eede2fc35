using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Members;

/// <summary>An invitation link works once, for the invited address, until it expires or is revoked.</summary>
public sealed class InvitationTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _sam;
    private readonly Guid _partnership;

    public InvitationTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _sam = Db.AddPerson("Sam Newcomer", "sam@example.org");
        _partnership = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator));
    }

    [Fact]
    public async Task Invite_StoresAHashedTokenAndEmailsTheLink()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);

        var stored = Db.Read(db => db.Invitations.Single());
        Assert.Equal("sam@example.org", stored.Email);
        Assert.Equal(InvitationTokens.Hash(issued.Token), stored.TokenHash);
        Assert.NotEqual(issued.Token, stored.TokenHash);
        Assert.Equal(UtcNow.AddDays(7), stored.ExpiresUtc);
        var mail = Assert.Single(Email.Sent);
        Assert.Equal("sam@example.org", mail.To);
        Assert.Contains($"href=\"{AppBaseUri}invite/{issued.Token}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal($"{AppBaseUri}invite/{issued.Token}", issued.Link);
        Assert.True(issued.Emailed);
    }

    [Fact]
    public async Task Accept_CreatesMembershipWithTheInvitedRole()
    {
        var issued = await InviteSamAsync(PartnershipRole.Observer);

        var result = await NewMemberService().AcceptInvitationAsync(_sam, issued.Token, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(_partnership, result.Value);
        Assert.Equal(PartnershipRole.Observer, Db.RoleOf(_partnership, _sam));
        Assert.Equal(InvitationState.Accepted, Db.Read(db => db.Invitations.Single()).StateAt(UtcNow));
    }

    [Fact]
    public async Task Accept_PublishesMemberJoinedAfterCommit()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);
        Events.Clear();
        var committedWhenPublished = new List<bool>();
        Events.OnPublish = change =>
        {
            if (change is MemberJoined)
            {
                committedWhenPublished.Add(!Db.HasOpenTransaction && Db.RoleOf(_partnership, _sam) is not null);
            }
        };

        await NewMemberService().AcceptInvitationAsync(_sam, issued.Token, Ct);

        var joined = Assert.Single(Events.Published.OfType<MemberJoined>());
        Assert.Equal(_partnership, joined.PartnershipId);
        Assert.Equal(_sam, joined.Member.UserId);
        Assert.Equal(PartnershipRole.Contributor, joined.Member.Role);
        Assert.Equal([true], committedWhenPublished);
    }

    [Fact]
    public async Task AcceptAfterSevenDays_FailsWithExpiredMessageAndPreviewShowsExpired()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);
        Events.Clear();
        Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        var members = NewMemberService();

        var result = await members.AcceptInvitationAsync(_sam, issued.Token, Ct);
        var preview = await members.PreviewInvitationAsync(issued.Token, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal("This invitation has expired. Ask a facilitator to renew it.", result.Error!.Message);
        Assert.Equal(InvitationState.Expired, preview?.State);
        Assert.Null(Db.RoleOf(_partnership, _sam));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task AcceptJustBeforeExpiry_Succeeds()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);
        Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));

        var result = await NewMemberService().AcceptInvitationAsync(_sam, issued.Token, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Fact]
    public async Task RenewedExpiredInvitation_WorksWithTheNewLinkOnly()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);
        Clock.Advance(TimeSpan.FromDays(8));
        var members = NewMemberService();

        var renewed = await members.RenewInvitationAsync(_fran, _partnership, issued.Invitation.Id, Ct);
        var oldLink = await members.AcceptInvitationAsync(_sam, issued.Token, Ct);
        var newLink = await members.AcceptInvitationAsync(_sam, renewed.Value!.Token, Ct);

        Assert.Equal(ErrorKind.NotFound, oldLink.Error?.Kind);
        Assert.True(newLink.Succeeded, newLink.Error?.Message);
    }

    [Fact]
    public async Task RevokedLink_FailsAndPreviewShowsRevoked()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);
        var members = NewMemberService();
        await members.RevokeInvitationAsync(_fran, _partnership, issued.Invitation.Id, Ct);
        Events.Clear();

        var result = await members.AcceptInvitationAsync(_sam, issued.Token, Ct);
        var preview = await members.PreviewInvitationAsync(issued.Token, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Contains("withdrawn", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(InvitationState.Revoked, preview?.State);
        Assert.Null(Db.RoleOf(_partnership, _sam));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task SecondAccept_FailsBecauseTheLinkWasUsed()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);
        var members = NewMemberService();
        await members.AcceptInvitationAsync(_sam, issued.Token, Ct);
        Events.Clear();

        var again = await members.AcceptInvitationAsync(_sam, issued.Token, Ct);

        Assert.Equal(ErrorKind.Conflict, again.Error?.Kind);
        Assert.Contains("already been used", again.Error!.Message, StringComparison.Ordinal);
        Assert.Single(Db.Read(db => db.Memberships.Where(m => m.UserId == _sam).ToList()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task UsedLink_CannotAdmitSomeoneElseEither()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);
        var members = NewMemberService();
        await members.AcceptInvitationAsync(_sam, issued.Token, Ct);
        var other = Db.AddPerson("Olly Other", "sam.other@example.org");

        var result = await members.AcceptInvitationAsync(other, issued.Token, Ct);

        Assert.False(result.Succeeded);
        Assert.Null(Db.RoleOf(_partnership, other));
    }

    [Fact]
    public async Task SignedInWithDifferentEmail_IsRefusedWithBothAddressesNamed()
    {
        var issued = await InviteSamAsync(PartnershipRole.Contributor);
        Events.Clear();
        var olly = Db.AddPerson("Olly Other", "olly@example.org");

        var result = await NewMemberService().AcceptInvitationAsync(olly, issued.Token, Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Contains("sam@example.org", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("olly@example.org", result.Error.Message, StringComparison.Ordinal);
        Assert.Null(Db.RoleOf(_partnership, olly));
        Assert.Equal(InvitationState.Pending, Db.Read(db => db.Invitations.Single()).StateAt(UtcNow));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task InvitedAddressInDifferentCase_IsAccepted()
    {
        var issued = (await NewMemberService().InviteAsync(_fran, _partnership,
            new InviteInput { Email = "  Sam@Example.ORG ", Role = PartnershipRole.Contributor }, Ct)).Value!;

        var result = await NewMemberService().AcceptInvitationAsync(_sam, issued.Token, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-real-token")]
    public async Task UnknownLink_IsNotFoundAndHasNoPreview(string token)
    {
        var members = NewMemberService();

        var result = await members.AcceptInvitationAsync(_sam, token, Ct);
        var preview = await members.PreviewInvitationAsync(token, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Null(preview);
    }

    [Fact]
    public async Task Preview_ShowsPartnershipRoleAndInviterWithoutSignIn()
    {
        var issued = await InviteSamAsync(PartnershipRole.Observer);

        var preview = await NewMemberService().PreviewInvitationAsync(issued.Token, Ct);

        Assert.NotNull(preview);
        Assert.Equal("Clean Rivers", preview.PartnershipName);
        Assert.Equal(PartnershipRole.Observer, preview.Role);
        Assert.Equal("Fran Facilitator", preview.InvitedByName);
        Assert.Equal(TestData.DefaultOrganisationName, preview.InvitedByOrganisation);
        Assert.Equal(InvitationState.Pending, preview.State);
    }

    [Fact]
    public async Task ListInvitations_ShowsExpiredOnesAsExpired()
    {
        await InviteSamAsync(PartnershipRole.Contributor);
        Clock.Advance(TimeSpan.FromDays(10));

        var list = await NewMemberService().ListInvitationsAsync(_fran, _partnership, Ct);

        Assert.Equal(InvitationState.Expired, Assert.Single(list.Value!).State);
    }

    private async Task<IssuedInvitation> InviteSamAsync(PartnershipRole role)
    {
        var result = await NewMemberService().InviteAsync(_fran, _partnership,
            new InviteInput { Email = "sam@example.org", Role = role }, Ct);
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }
}
