using System.Text.Json;
using Workspace.Tests.Support;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Members;

/// <summary>
/// Every circuit of a partnership gets its events, and the invitation list is the facilitators': an
/// invitation's event names neither the address nor the role; facilitators read the list.
/// </summary>
public sealed class InvitationEventTests : ServiceTestBase
{
    private const string InvitedAddress = "kim@council.example";

    [Fact]
    public async Task InvitationEvents_CarryNoAddressOrRole_ThroughIssueRenewRevokeAndAccept()
    {
        var ana = Db.AddPerson("Ana Costa");
        var kim = Db.AddPerson("Kim Lee", InvitedAddress);
        var partnership = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator));
        var members = NewMemberService();

        var issued = (await members.InviteAsync(ana, partnership, new InviteInput { Email = InvitedAddress, Role = PartnershipRole.Observer }, Ct)).Value!;
        var renewed = (await members.RenewInvitationAsync(ana, partnership, issued.Invitation.Id, Ct)).Value!;
        var second = (await members.InviteAsync(ana, partnership, new InviteInput { Email = "lee@council.example", Role = PartnershipRole.Contributor }, Ct)).Value!;
        await members.RevokeInvitationAsync(ana, partnership, second.Invitation.Id, Ct);
        var accepted = await members.AcceptInvitationAsync(kim, renewed.Token, Ct);

        Assert.True(accepted.Succeeded, accepted.Error?.Message);
        var changes = Events.Published.OfType<InvitationChanged>().ToList();
        Assert.Equal([issued.Invitation.Id, issued.Invitation.Id, second.Invitation.Id, second.Invitation.Id, issued.Invitation.Id], changes.Select(c => c.InvitationId));
        Assert.All(changes, c => Assert.DoesNotContain("council.example", JsonSerializer.Serialize(c), StringComparison.Ordinal));
        Assert.All(changes, c => Assert.DoesNotContain("Observer", JsonSerializer.Serialize(c), StringComparison.Ordinal));
        var list = (await members.ListInvitationsAsync(ana, partnership, Ct)).Value!;
        Assert.Equal("lee@council.example", Assert.Single(list).Email);
    }
}
