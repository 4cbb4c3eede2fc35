using Workspace.Tests.Support;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Activity;

public sealed class ActivityServiceTests : ServiceTestBase
{
    [Fact]
    public async Task MembershipChanges_AreListedNewestFirst_InPlainWords()
    {
        var ana = Db.AddPerson("Ana Costa");
        var ben = Db.AddPerson("Ben Carter");
        var partnershipId = (await NewPartnershipService().CreateAsync(ana, new PartnershipInput { Name = "Safer Streets", Purpose = "Fewer repeat offences." }, Ct)).Value;
        Db.AddMember(partnershipId, ben, PartnershipRole.Contributor);
        await NewMemberService().InviteAsync(ana, partnershipId, new InviteInput { Email = "kim@council.example", Role = PartnershipRole.Observer }, Ct);
        await NewMemberService().ChangeRoleAsync(ana, partnershipId, ben, PartnershipRole.Facilitator, Ct);

        var result = await new ActivityService(Db).ListAsync(ben, partnershipId, cancellationToken: Ct);

        Assert.True(result.Succeeded);
        var lines = result.Value!.Select(e => $"{e.ActorName} {e.Text}").ToList();
        Assert.Equal("Ana Costa changed Ben Carter’s role from contributor to facilitator", lines[0]);
        Assert.Equal("Ana Costa invited kim@council.example as Observer", lines[1]);
        Assert.Contains("Ana Costa created the partnership “Safer Streets”", lines);
        Assert.Contains("Ana Costa joined as facilitator", lines);
    }

    [Fact]
    public async Task NonMember_GetsNotFound_ForExistingAndMissingPartnerships()
    {
        var ana = Db.AddPerson("Ana Costa");
        var outsider = Db.AddPerson("Olu Outsider");
        var partnershipId = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator));
        var service = new ActivityService(Db);

        var existing = await service.ListAsync(outsider, partnershipId, cancellationToken: Ct);
        var missing = await service.ListAsync(outsider, Guid.NewGuid(), cancellationToken: Ct);

        Assert.Equal(ErrorKind.NotFound, existing.Error?.Kind);
        Assert.Equal(existing.Error, missing.Error);
    }
}
