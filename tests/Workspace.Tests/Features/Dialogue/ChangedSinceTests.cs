using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>A partner returning after days sees which entries had activity, and what it was.</summary>
public sealed class ChangedSinceTests : ServiceTestBase
{
    private readonly string _ana;
    private readonly string _priya;
    private readonly Guid _partnership;

    public ChangedSinceTests()
    {
        _ana = Db.AddPerson("Ana Costa");
        _priya = Db.AddPerson("Priya Shah");
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor));
    }

    [Fact]
    public async Task EntriesWithActivitySinceTheVisit_AreListedWithTheirChanges_MostRecentFirst()
    {
        var log = NewLogService();
        var replies = NewReplyService();
        var decisions = NewDecisionService();
        var old = (await log.PostAsync(_ana, _partnership, new EntryInput { Kind = EntryKind.Note, Title = "Before the visit" }, Ct)).Value!;
        Clock.Advance(TimeSpan.FromDays(1));
        var visit = UtcNow;
        Clock.Advance(TimeSpan.FromHours(1));
        var decision = (await log.PostAsync(_ana, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Share release dates" }, Ct)).Value!;
        Clock.Advance(TimeSpan.FromHours(1));
        await decisions.TakePositionAsync(_priya, _partnership, decision.Id, Position.Concerns, "Privacy impact assessment first.", Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await replies.ReplyAsync(_priya, _partnership, old.Id, "Still relevant.", [], Ct);

        var result = await NewReadStateService().ChangedSinceAsync(_ana, _partnership, visit, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal([old.Id, decision.Id], result.Value!.Select(c => c.Entry.Id));
        var changed = result.Value!;
        Assert.Equal(["LogReply"], changed[0].Changes.Select(c => c.EntityType));
        Assert.Equal(["DecisionPosition", "LogEntry"], changed[1].Changes.Select(c => c.EntityType));
        Assert.Equal("Priya Shah", changed[1].Changes[0].ActorName);
    }

    [Fact]
    public async Task NonMember_GetsNotFound()
    {
        var outsider = Db.AddPerson("Olu Outsider");

        var result = await NewReadStateService().ChangedSinceAsync(outsider, _partnership, UtcNow.AddDays(-30), Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
    }
}
