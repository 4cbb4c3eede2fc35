using Microsoft.Extensions.Options;
using Workspace.Tests.Features.Workshops;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Common;

/// <summary>Floods from one person are held back with a clear message, whether they come from a form or a circuit.</summary>
public sealed class QuotaTests : ServiceTestBase
{
    private static readonly IOptions<QuotaLimits> Small = Options.Create(new QuotaLimits
    {
        PartnershipsPerPersonPerHour = 2,
        InvitationsPerPersonPerHour = 3,
        InvitationsPerPartnershipPerHour = 4,
        LogPostsPerPersonPerMinute = 3,
    });

    [Fact]
    public async Task APartnershipBeyondTheHourlyQuota_IsRefusedUntilTheHourHasPassed()
    {
        var ana = Db.AddPerson("Ana");
        var partnerships = new PartnershipService(Db, Events, Clock, Small);
        await partnerships.CreateAsync(ana, new PartnershipInput { Name = "One", Purpose = "p" }, Ct);
        Clock.Advance(TimeSpan.FromMinutes(20));
        await partnerships.CreateAsync(ana, new PartnershipInput { Name = "Two", Purpose = "p" }, Ct);

        var third = await partnerships.CreateAsync(ana, new PartnershipInput { Name = "Three", Purpose = "p" }, Ct);
        Clock.Advance(TimeSpan.FromMinutes(41));
        var later = await partnerships.CreateAsync(ana, new PartnershipInput { Name = "Three", Purpose = "p" }, Ct);

        Assert.Equal(ErrorKind.Conflict, third.Error?.Kind);
        Assert.Equal("You have created 2 partnerships in the last hour, the most allowed. You can create another in 40 minutes.", third.Error!.Message);
        Assert.True(later.Succeeded, later.Error?.Message);
        Assert.Equal(3, Db.Read(db => db.Partnerships.Count()));
    }

    [Fact]
    public async Task InvitationsBeyondTheHourlyQuota_AreRefusedAndSendNothing()
    {
        var ana = Db.AddPerson("Ana");
        var partnership = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator));
        var members = NewMembers(Small);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await members.InviteAsync(ana, partnership, new InviteInput { Email = $"p{i}@example.org" }, Ct)).Succeeded);
        }

        var fourth = await members.InviteAsync(ana, partnership, new InviteInput { Email = "p4@example.org" }, Ct);

        Assert.Contains("You have sent 3 invitations in the last hour, the most allowed.", fourth.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(3, Db.Read(db => db.Invitations.Count()));
    }

    [Fact]
    public async Task RenewingInvitations_CountsTowardsTheQuota()
    {
        var ana = Db.AddPerson("Ana");
        var partnership = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator));
        var members = NewMembers(Small);
        var invited = await members.InviteAsync(ana, partnership, new InviteInput { Email = "p@example.org" }, Ct);
        await members.RenewInvitationAsync(ana, partnership, invited.Value!.Invitation.Id, Ct);
        await members.RenewInvitationAsync(ana, partnership, invited.Value!.Invitation.Id, Ct);

        var renewed = await members.RenewInvitationAsync(ana, partnership, invited.Value!.Invitation.Id, Ct);

        Assert.Equal(ErrorKind.Conflict, renewed.Error?.Kind);
    }

    [Fact]
    public async Task APartnershipsInvitations_AreLimitedAcrossItsFacilitators()
    {
        var ana = Db.AddPerson("Ana");
        var bo = Db.AddPerson("Bo");
        var partnership = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator), (bo, PartnershipRole.Facilitator));
        var members = NewMembers(Small);
        for (var i = 0; i < 4; i++)
        {
            Assert.True((await members.InviteAsync(i < 2 ? ana : bo, partnership, new InviteInput { Email = $"p{i}@example.org" }, Ct)).Succeeded);
        }

        var fifth = await members.InviteAsync(ana, partnership, new InviteInput { Email = "p5@example.org" }, Ct);

        Assert.Contains("This partnership has sent 4 invitations in the last hour", fifth.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogPostsBeyondThePerMinuteQuota_AreRefused_RepliesIncluded()
    {
        var ana = Db.AddPerson("Ana");
        var partnership = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator));
        var log = new LogService(Db, Events, Clock, Small);
        var replies = new ReplyService(Db, Events, Clock, Small);
        var first = await log.PostAsync(ana, partnership, new EntryInput { Title = "One" }, Ct);
        await replies.ReplyAsync(ana, partnership, first.Value!.Id, "A reply", [], Ct);
        await log.PostAsync(ana, partnership, new EntryInput { Title = "Two" }, Ct);

        var entry = await log.PostAsync(ana, partnership, new EntryInput { Title = "Three" }, Ct);
        var reply = await replies.ReplyAsync(ana, partnership, first.Value!.Id, "Another", [], Ct);
        Clock.Advance(TimeSpan.FromSeconds(61));
        var later = await log.PostAsync(ana, partnership, new EntryInput { Title = "Three" }, Ct);

        Assert.Equal("You have posted 3 times in the last minute, the most allowed. You can post again in 60 seconds.", entry.Error?.Message);
        Assert.Equal(ErrorKind.Conflict, reply.Error?.Kind);
        Assert.True(later.Succeeded, later.Error?.Message);
        Assert.Equal(3, Db.Read(db => db.LogEntries.Count()));
    }

    [Fact]
    public async Task ARefusedPost_SaysWhenTheOldestCountedPostLeavesTheMinute()
    {
        var ana = Db.AddPerson("Ana");
        var partnership = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator));
        var log = new LogService(Db, Events, Clock, Small);
        await log.PostAsync(ana, partnership, new EntryInput { Title = "Outside the minute" }, Ct);
        Clock.Advance(TimeSpan.FromSeconds(70));
        await log.PostAsync(ana, partnership, new EntryInput { Title = "One" }, Ct);
        Clock.Advance(TimeSpan.FromSeconds(20));
        await log.PostAsync(ana, partnership, new EntryInput { Title = "Two" }, Ct);
        await log.PostAsync(ana, partnership, new EntryInput { Title = "Three" }, Ct);

        var refused = await log.PostAsync(ana, partnership, new EntryInput { Title = "Four" }, Ct);
        Clock.Advance(TimeSpan.FromSeconds(41));
        var later = await log.PostAsync(ana, partnership, new EntryInput { Title = "Four" }, Ct);

        Assert.Equal("You have posted 3 times in the last minute, the most allowed. You can post again in 40 seconds.", refused.Error?.Message);
        Assert.True(later.Succeeded, later.Error?.Message);
    }

    private Workspace.Web.Features.Members.MemberService NewMembers(IOptions<QuotaLimits> quotas) =>
        new(Db, Events, Email, Options.Create(new InvitationOptions()), new Workspace.Web.Hosting.PublicOrigin(AppBaseUri), Clock, quotas);
}

/// <summary>Ideas per person per agenda item.</summary>
public sealed class IdeaQuotaTests : WorkshopTestBase
{
    [Fact]
    public async Task IdeasBeyondThePerItemQuota_AreRefused()
    {
        var (workshop, item, _) = await LiveAsync();
        var limited = new Workspace.Web.Features.Workshops.IdeaService(Db, Events, Clock,
            Options.Create(new QuotaLimits { IdeasPerPersonPerItem = 2 }));
        await limited.AddIdeaAsync(Cara, Partnership, workshop, item, "One", Ct);
        await limited.AddIdeaAsync(Cara, Partnership, workshop, item, "Two", Ct);

        var third = await limited.AddIdeaAsync(Cara, Partnership, workshop, item, "Three", Ct);
        var othersIdea = await limited.AddIdeaAsync(Carl, Partnership, workshop, item, "Carl's", Ct);

        Assert.Equal("You have added 2 ideas to this agenda item, the most one person may. Group or build on the ones there.", third.Error?.Message);
        Assert.True(othersIdea.Succeeded, othersIdea.Error?.Message);
        Assert.Equal(3, Db.Read(db => db.WorkshopIdeas.Count()));
    }
}
