using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>Removing a reply leaves a tombstone in the thread; only its author or a facilitator may.</summary>
public sealed class ReplyRemovalTests : ServiceTestBase
{
    private readonly string _ana;
    private readonly string _priya;
    private readonly string _grace;
    private readonly Guid _partnership;
    private readonly Guid _entry;

    public ReplyRemovalTests()
    {
        _ana = Db.AddPerson("Ana Costa");
        _priya = Db.AddPerson("Priya Shah");
        _grace = Db.AddPerson("Grace Mensah");
        _partnership = Db.AddPartnership("Safer Streets",
            (_ana, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor), (_grace, PartnershipRole.Contributor));
        _entry = Db.AddLogEntry(_partnership, _ana, EntryKind.Question, "Who has a room in Northfield?");
    }

    [Fact]
    public async Task Author_RemovesTheirReply_AndEveryoneSeesATombstone()
    {
        var log = NewLogService();
        var replies = NewReplyService();
        var reply = (await replies.ReplyAsync(_priya, _partnership, _entry, "We do, on Tuesdays.", [], Ct)).Value!;

        var removed = await replies.RemoveReplyAsync(_priya, _partnership, _entry, reply.Id, Ct);

        Assert.True(removed.Succeeded);
        var detail = (await log.GetAsync(_grace, _partnership, _entry, Ct)).Value!;
        var tombstone = Assert.Single(detail.Replies);
        Assert.NotNull(tombstone.RemovedUtc);
        Assert.Equal("Priya Shah", tombstone.RemovedByName);
        Assert.Equal("", tombstone.Body);
        Assert.Equal(0, detail.Entry.ReplyCount);
        using var db = Db.CreateDbContext();
        Assert.Contains(db.ChangeRecords, c => c.EntityType == nameof(LogReply) && c.Field == "Removed" && c.OldValue == "We do, on Tuesdays.");
    }

    [Fact]
    public async Task AnotherContributor_CannotRemoveSomeoneElsesReply_ButAFacilitatorCan()
    {
        var replies = NewReplyService();
        var reply = (await replies.ReplyAsync(_priya, _partnership, _entry, "We do, on Tuesdays.", [], Ct)).Value!;

        var byGrace = await replies.RemoveReplyAsync(_grace, _partnership, _entry, reply.Id, Ct);
        var byAna = await replies.RemoveReplyAsync(_ana, _partnership, _entry, reply.Id, Ct);

        Assert.Equal(ErrorKind.Forbidden, byGrace.Error?.Kind);
        Assert.True(byAna.Succeeded);
    }

    [Fact]
    public async Task ReplyIdUnderAnotherPartnership_IsNotFound()
    {
        var replies = NewReplyService();
        var reply = (await replies.ReplyAsync(_priya, _partnership, _entry, "We do, on Tuesdays.", [], Ct)).Value!;
        var other = Db.AddPartnership("Other", (_ana, PartnershipRole.Facilitator));

        var result = await replies.RemoveReplyAsync(_ana, other, _entry, reply.Id, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
    }
}
