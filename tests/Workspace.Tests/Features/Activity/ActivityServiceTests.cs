using Microsoft.EntityFrameworkCore;
using Workspace.Tests.Support;
using Workspace.Web.Data;
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

    [Fact]
    public async Task Opening_TellsFacilitatorsOnlyThatTheyMayVerifyTheRecord()
    {
        var ana = Db.AddPerson("Ana Costa");
        var ben = Db.AddPerson("Ben Carter");
        var partnershipId = (await NewPartnershipService().CreateAsync(ana, new PartnershipInput { Name = "Safer Streets", Purpose = "Fewer repeat offences." }, Ct)).Value;
        Db.AddMember(partnershipId, ben, PartnershipRole.Contributor);
        var service = new ActivityService(Db);

        var facilitator = await service.OpenAsync(ana, partnershipId, Ct);
        var contributor = await service.OpenAsync(ben, partnershipId, Ct);

        Assert.True(facilitator.Value!.CanVerify);
        Assert.False(contributor.Value!.CanVerify);
        Assert.Equal(facilitator.Value.Entries, contributor.Value.Entries);
        Assert.Contains(facilitator.Value.Entries, e => e.Text == "created the partnership “Safer Streets”");
    }

    [Fact]
    public async Task AFacilitator_VerifiesTheRecord_AndIsToldOfAChangedRecord()
    {
        var ana = Db.AddPerson("Ana Costa");
        var partnershipId = (await NewPartnershipService().CreateAsync(ana, new PartnershipInput { Name = "Safer Streets", Purpose = "Fewer repeat offences." }, Ct)).Value;
        var service = new ActivityService(Db);
        var intact = await service.VerifyAsync(ana, partnershipId, Ct);

        Db.DropAuditTriggers();
        using (var db = Db.CreateDbContext())
        {
            db.Database.ExecuteSqlRaw("UPDATE \"ChangeRecords\" SET \"NewValue\" = 'Another name' WHERE \"Sequence\" = 1");
        }

        var broken = await service.VerifyAsync(ana, partnershipId, Ct);

        Assert.True(intact.Value!.IsIntact);
        Assert.True(intact.Value.Records >= 2);
        Assert.Equal((AuditVerifier.HashMismatch, 1L), (broken.Value!.Problem, broken.Value.Sequence));
    }

    [Fact]
    public async Task VerifyingTheRecord_IsForFacilitatorsOnly()
    {
        var ana = Db.AddPerson("Ana Costa");
        var ben = Db.AddPerson("Ben Carter");
        var outsider = Db.AddPerson("Olu Outsider");
        var partnershipId = (await NewPartnershipService().CreateAsync(ana, new PartnershipInput { Name = "Safer Streets", Purpose = "Fewer repeat offences." }, Ct)).Value;
        Db.AddMember(partnershipId, ben, PartnershipRole.Contributor);
        var service = new ActivityService(Db);

        var facilitator = await service.VerifyAsync(ana, partnershipId, Ct);
        var contributor = await service.VerifyAsync(ben, partnershipId, Ct);
        var stranger = await service.VerifyAsync(outsider, partnershipId, Ct);

        Assert.True(facilitator.Succeeded);
        Assert.Equal(ErrorKind.Forbidden, contributor.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, stranger.Error?.Kind);
    }
}
