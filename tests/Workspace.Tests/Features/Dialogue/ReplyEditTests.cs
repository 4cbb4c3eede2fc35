using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>Editing a reply: only its author, never silently over another window's edit, always in the history.</summary>
public sealed class ReplyEditTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _priya;
    private readonly string _grace;
    private readonly string _owen;
    private readonly Guid _partnership;
    private readonly Guid _entry;
    private readonly ReplyView _reply;

    public ReplyEditTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _priya = Db.AddPerson("Priya Shah");
        _grace = Db.AddPerson("Grace Mensah");
        _owen = Db.AddPerson("Owen Observer");
        _partnership = Db.AddPartnership("Safer Streets",
            (_fran, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor), (_grace, PartnershipRole.Contributor), (_owen, PartnershipRole.Observer));
        _entry = Db.AddLogEntry(_partnership, _fran, EntryKind.Question, "Signal data?");
        _reply = NewReplyService().ReplyAsync(_priya, _partnership, _entry, "We can send it Friday.", [_fran], Ct).GetAwaiter().GetResult().Value!;
        Events.Clear();
        Clock.Advance(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Author_EditsTheTextAndMentions_RecordedAndPublished()
    {
        var result = await NewReplyService().EditReplyAsync(_priya, _partnership, _entry, _reply.Id, "  We can send it Thursday.  ", [_grace], _reply.Version, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(("We can send it Thursday.", UtcNow), (result.Value!.Body, result.Value.EditedUtc));
        Assert.Equal(["Grace Mensah"], result.Value.Mentioned.Select(m => m.Name));
        var published = Assert.IsType<ReplyPosted>(Assert.Single(Events.Published));
        Assert.Equal("We can send it Thursday.", published.Reply.Body);
        var change = Db.Read(db => db.ChangeRecords.OrderBy(c => c.Id).Last());
        Assert.Equal(("Reply edited", "We can send it Friday.", "We can send it Thursday."), (change.Field, change.OldValue, change.NewValue));
        Assert.Equal("edited a reply", EntryChangeText.Describe((await NewLogService().HistoryAsync(_fran, _partnership, _entry, Ct)).Value![0]));

        // The newly mentioned person finds it under For me; the one no longer mentioned does not.
        Assert.Contains(_entry, (await NewLogService().ForMeAsync(_grace, _partnership, Ct)).Value!.Select(e => e.Id));
        Assert.DoesNotContain(_entry, (await NewLogService().ForMeAsync(_fran, _partnership, Ct)).Value!.Select(e => e.Id));
        var detail = await NewLogService().GetAsync(_fran, _partnership, _entry, Ct);
        Assert.Equal(("We can send it Thursday.", UtcNow), (detail.Value!.Replies.Single().Body, detail.Value.Replies.Single().EditedUtc));
    }

    [Theory]
    [InlineData("fran")]
    [InlineData("grace")]
    [InlineData("owen")]
    public async Task SomeoneElse_CannotEditTheReply_EvenAFacilitator(string who)
    {
        var userId = who switch { "fran" => _fran, "grace" => _grace, _ => _owen };

        var result = await NewReplyService().EditReplyAsync(userId, _partnership, _entry, _reply.Id, "Rewritten", [], _reply.Version, Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal("We can send it Friday.", Db.Read(db => db.LogReplies.Single().Body));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task ForgedIds_FromAnotherPartnership_AreNotFound()
    {
        var other = Db.AddPartnership("Other", (_priya, PartnershipRole.Contributor));
        var outsider = Db.AddPerson("Olly Outsider");

        var wrongPartnership = await NewReplyService().EditReplyAsync(_priya, other, _entry, _reply.Id, "Rewritten", [], _reply.Version, Ct);
        var wrongEntry = await NewReplyService().EditReplyAsync(_priya, _partnership, Guid.NewGuid(), _reply.Id, "Rewritten", [], _reply.Version, Ct);
        var notMember = await NewReplyService().EditReplyAsync(outsider, _partnership, _entry, _reply.Id, "Rewritten", [], _reply.Version, Ct);

        Assert.All([wrongPartnership, wrongEntry, notMember], r => Assert.Equal(ErrorKind.NotFound, r.Error?.Kind));
        Assert.Equal("We can send it Friday.", Db.Read(db => db.LogReplies.Single().Body));
    }

    [Fact]
    public async Task AnEditFromAnotherWindowMeanwhile_IsAConflict_AndNothingIsOverwritten()
    {
        var replies = NewReplyService();
        await replies.EditReplyAsync(_priya, _partnership, _entry, _reply.Id, "Thursday, from the laptop.", [], _reply.Version, Ct);

        var stale = await replies.EditReplyAsync(_priya, _partnership, _entry, _reply.Id, "Monday, from the phone.", [], _reply.Version, Ct);

        Assert.Equal(ErrorKind.Conflict, stale.Error?.Kind);
        Assert.Equal("Thursday, from the laptop.", Db.Read(db => db.LogReplies.Single().Body));
    }

    [Theory]
    [InlineData("", "Reply is required.")]
    [InlineData("   ", "Reply is required.")]
    public async Task EmptyText_IsRefusedWithAClearMessage(string text, string message)
    {
        var result = await NewReplyService().EditReplyAsync(_priya, _partnership, _entry, _reply.Id, text, [], _reply.Version, Ct);

        Assert.Equal(message, result.Error?.For("Body"));
        Assert.Equal("We can send it Friday.", Db.Read(db => db.LogReplies.Single().Body));
    }

    [Fact]
    public async Task OversizedTextOrANonMemberMention_IsRefused()
    {
        var outsider = Db.AddPerson("Olly Outsider");

        var tooLong = await NewReplyService().EditReplyAsync(_priya, _partnership, _entry, _reply.Id, new string('x', ReplyService.ReplyMaxLength + 1), [], _reply.Version, Ct);
        var stranger = await NewReplyService().EditReplyAsync(_priya, _partnership, _entry, _reply.Id, "Hello", [outsider], _reply.Version, Ct);

        Assert.NotNull(tooLong.Error?.For("Body"));
        Assert.NotNull(stranger.Error?.For("Mentions"));
        Assert.Equal("We can send it Friday.", Db.Read(db => db.LogReplies.Single().Body));
    }

    [Fact]
    public async Task ARemovedReply_CannotBeEdited()
    {
        var replies = NewReplyService();
        await replies.RemoveReplyAsync(_fran, _partnership, _entry, _reply.Id, Ct);
        var version = Db.Read(db => db.LogReplies.Single().Version);

        var result = await replies.EditReplyAsync(_priya, _partnership, _entry, _reply.Id, "Back again", [], version, Ct);

        Assert.Equal("This reply was removed, so it can no longer be edited.", result.Error?.For("Body"));
    }

    [Fact]
    public async Task ScriptInAnEditedReply_IsStoredAsTextAndRenderedInert()
    {
        var result = await NewReplyService().EditReplyAsync(_priya, _partnership, _entry, _reply.Id, "<script>alert(1)</script> [x](javascript:alert(1))", [], _reply.Version, Ct);

        var html = new MarkdownRenderer().ToSafeHtml(result.Value!.Body);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }
}
