using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Activity;

/// <summary>
/// The invitation list is the facilitators', so are the invitations' lines in the activity trail: an
/// address and the role it was invited as. Everyone else sees the rest of the trail, with full pages.
/// </summary>
public sealed class InvitationActivityTests : ServiceTestBase
{
    private const string InvitedAddress = "kim@council.example";

    private readonly string _ana;
    private readonly string _ben;
    private readonly string _olu;
    private readonly Guid _partnership;

    public InvitationActivityTests()
    {
        _ana = Db.AddPerson("Ana Costa");
        _ben = Db.AddPerson("Ben Carter");
        _olu = Db.AddPerson("Olu Observer");
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator), (_ben, PartnershipRole.Contributor), (_olu, PartnershipRole.Observer));
    }

    private async Task InviteRenewAndRevokeAsync()
    {
        var members = NewMemberService();
        var issued = await members.InviteAsync(_ana, _partnership, new InviteInput { Email = InvitedAddress, Role = PartnershipRole.Observer }, Ct);
        Assert.True(issued.Succeeded, issued.Error?.Message);
        await members.RenewInvitationAsync(_ana, _partnership, issued.Value!.Invitation.Id, Ct);
        await members.RevokeInvitationAsync(_ana, _partnership, issued.Value!.Invitation.Id, Ct);
        await members.ChangeRoleAsync(_ana, _partnership, _olu, PartnershipRole.Contributor, Ct);
    }

    private async Task<List<string>> LinesForAsync(string userId)
    {
        var result = await new ActivityService(Db).ListAsync(userId, _partnership, cancellationToken: Ct);
        Assert.True(result.Succeeded, result.Error?.Message);
        return [.. result.Value!.Select(e => $"{e.ActorName} {e.Text} {e.Detail}".TrimEnd())];
    }

    [Theory]
    [InlineData("contributor")]
    [InlineData("observer")]
    public async Task InvitationRecords_AreNotListed_ForContributorsAndObservers(string who)
    {
        await InviteRenewAndRevokeAsync();
        await NewMemberService().ChangeRoleAsync(_ana, _partnership, _olu, PartnershipRole.Observer, Ct);

        var lines = await LinesForAsync(who == "contributor" ? _ben : _olu);

        Assert.DoesNotContain(lines, l => l.Contains(InvitedAddress, StringComparison.Ordinal) || l.Contains("invit", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Ana Costa changed Olu Observer’s role from observer to contributor", lines);
    }

    [Fact]
    public async Task InvitationRecords_AreListed_ForFacilitators()
    {
        await InviteRenewAndRevokeAsync();

        var lines = await LinesForAsync(_ana);

        Assert.Contains($"Ana Costa invited {InvitedAddress} as Observer", lines);
        Assert.Contains($"Ana Costa renewed the invitation for {InvitedAddress}", lines);
        Assert.Contains($"Ana Costa revoked the invitation for {InvitedAddress}", lines);
    }

    [Fact]
    public async Task TheViewersRole_IsReadFromTheDatabase_OnEveryCall()
    {
        await InviteRenewAndRevokeAsync();
        var members = NewMemberService();

        var asContributor = await LinesForAsync(_ben);
        await members.ChangeRoleAsync(_ana, _partnership, _ben, PartnershipRole.Facilitator, Ct);
        var asFacilitator = await LinesForAsync(_ben);
        await members.ChangeRoleAsync(_ana, _partnership, _ben, PartnershipRole.Contributor, Ct);
        var asContributorAgain = await LinesForAsync(_ben);

        Assert.DoesNotContain(asContributor, l => l.Contains(InvitedAddress, StringComparison.Ordinal));
        Assert.Equal(3, asFacilitator.Count(l => l.Contains(InvitedAddress, StringComparison.Ordinal)));
        Assert.DoesNotContain(asContributorAgain, l => l.Contains(InvitedAddress, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_AreFullOfWhatTheViewerMaySee_WhenInvitationsAreInterleaved()
    {
        using (var db = Db.CreateDbContext())
        {
            for (var i = 0; i < 60; i++)
            {
                db.Record(_partnership, _ana, UtcNow, nameof(Partnership), _partnership, nameof(Partnership.Name), $"Name {i}", $"Name {i + 1}");
                db.Record(_partnership, _ana, UtcNow, nameof(Invitation), Guid.NewGuid(), "Invited", null, $"person{i}@example.org as Contributor");
            }

            db.SaveChanges();
        }

        var service = new ActivityService(Db);
        var first = (await service.ListAsync(_ben, _partnership, cancellationToken: Ct)).Value!;
        var second = (await service.ListAsync(_ben, _partnership, first[^1].Id, Ct)).Value!;
        var facilitators = (await service.ListAsync(_ana, _partnership, cancellationToken: Ct)).Value!;

        Assert.Equal(ActivityService.PageSize, first.Count);
        Assert.Equal(60 - ActivityService.PageSize, second.Count(e => e.Text.StartsWith("changed the name", StringComparison.Ordinal)));
        Assert.DoesNotContain(first.Concat(second), e => e.Text.Contains("@example.org", StringComparison.Ordinal));
        Assert.Contains(facilitators, e => e.Text.Contains("@example.org", StringComparison.Ordinal));
    }
}
