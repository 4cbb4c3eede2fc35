using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>Posting, editing, replying to and removing entries: every change is recorded, and removal leaves a tombstone.</summary>
public sealed class LogEntryTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;

    public LogEntryTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _partnership = Db.AddPartnership("Safer Streets", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
    }

    [Fact]
    public async Task Posting_StoresTheEntryItsMentionsAndAChangeRecord()
    {
        var result = await NewLogService().PostAsync(_cara, _partnership,
            new EntryInput { Kind = EntryKind.Question, Title = " Who holds the CCTV data? ", Body = "@Fran do you know?\r\n", Mentions = [_fran, _fran] }, Ct);

        var entry = result.Value!;
        Assert.Equal((EntryKind.Question, "Who holds the CCTV data?", "@Fran do you know?", 1L), (entry.Kind, entry.Title, entry.Body, entry.Version));
        Assert.Equal(("Cara Contributor", TestData.DefaultOrganisationName), (entry.Author.Name, entry.Author.OrganisationName));
        Assert.Equal(["Fran Facilitator"], entry.Mentioned.Select(m => m.Name));
        var change = Db.Read(db => db.ChangeRecords.Single());
        Assert.Equal(("LogEntry", entry.Id.ToString(), "Posted", "Question: Who holds the CCTV data?"), (change.EntityType, change.EntityId, change.Field, change.NewValue));
        // The entry's picture, then the mentioned members' bells.
        Assert.Equal([typeof(LogEntrySaved), typeof(Workspace.Web.Features.Notifications.NotificationsAdded)], Events.Published.Select(e => e.GetType()));
        Assert.Equal(entry.Id, Assert.IsType<LogEntrySaved>(Events.Published[0]).Entry.Id);
    }

    [Fact]
    public async Task Editing_RecordsEachChangedFieldAndMovesTheVersion()
    {
        var note = Db.AddLogEntry(_partnership, _cara, EntryKind.Note, "Bus data", e => e.Body = "Arrived.");

        var result = await NewLogService().EditAsync(_cara, _partnership, note, new EntryInput { Title = "Bus data", Body = "Arrived on Monday.", Version = 1 }, Ct);

        Assert.Equal(2, result.Value!.Version);
        var change = Db.Read(db => db.ChangeRecords.Single());
        Assert.Equal(("Body", "Arrived.", "Arrived on Monday."), (change.Field, change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task EditingFromAnOldVersion_IsAConflictAndKeepsTheirText()
    {
        var note = Db.AddLogEntry(_partnership, _cara, EntryKind.Note, "Bus data");
        var log = NewLogService();
        await log.EditAsync(_fran, _partnership, note, new EntryInput { Title = "Bus data (Fran)", Version = 1 }, Ct);
        Events.Clear();

        var result = await log.EditAsync(_cara, _partnership, note, new EntryInput { Title = "Bus data (Cara)", Version = 1 }, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal("Bus data (Fran)", Db.Read(db => db.LogEntries.Single().Title));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task Removing_LeavesATombstoneAndKeepsTheHistory()
    {
        var log = NewLogService();
        var posted = await log.PostAsync(_cara, _partnership, new EntryInput { Title = "Wrong partnership", Body = "Posted here by mistake." }, Ct);
        Clock.Advance(TimeSpan.FromMinutes(5));

        var removed = await log.RemoveAsync(_fran, _partnership, posted.Value!.Id, Ct);
        var detail = await log.GetAsync(_cara, _partnership, posted.Value.Id, Ct);
        var list = await log.ListAsync(_cara, _partnership, new LogFilter(), cancellationToken: Ct);

        Assert.True(removed.Succeeded, removed.Error?.Message);
        var entry = detail.Value!.Entry;
        Assert.Equal((true, "Fran Facilitator", UtcNow, "", ""), (entry.IsRemoved, entry.RemovedByName, entry.RemovedUtc, entry.Title, entry.Body));
        Assert.Equal(("", ""), (list.Value!.Entries.Single().Title, list.Value.Entries.Single().Body));
        Assert.Equal(("Wrong partnership", "Posted here by mistake."), Db.Read(db => db.LogEntries.Select(e => new ValueTuple<string, string>(e.Title, e.Body)).Single()));
        Assert.Equal(["Posted", "Removed"], Db.Read(db => db.ChangeRecords.OrderBy(c => c.Id).Select(c => c.Field).ToList()));
    }

    [Fact]
    public async Task RemovingTwice_IsAConflict()
    {
        var note = Db.AddLogEntry(_partnership, _cara, EntryKind.Note, "Bus data");
        var log = NewLogService();
        await log.RemoveAsync(_cara, _partnership, note, Ct);

        var result = await log.RemoveAsync(_fran, _partnership, note, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal(1, Db.Read(db => db.ChangeRecords.Count()));
    }

    [Fact]
    public async Task RemovedEntry_TakesNoRepliesReactionsOrStateChanges()
    {
        var action = Db.AddLogEntry(_partnership, _cara, EntryKind.Action, "Share the data", e => e.RemovedUtc = UtcNow);
        var actions = NewActionService();

        var reply = await NewReplyService().ReplyAsync(_cara, _partnership, action, "Done?", [], Ct);
        var reaction = await NewReplyService().ToggleReactionAsync(_cara, _partnership, action, "thumbs-up", Ct);
        var state = await actions.SetActionStateAsync(_cara, _partnership, action, ActionState.Done, Ct);

        Assert.Equal("This entry was removed, so it takes no more replies.", reply.Error?.For("Body"));
        Assert.Equal(ErrorKind.NotFound, reaction.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, state.Error?.Kind);
        Assert.Equal(0, Db.Read(db => db.LogReplies.Count() + db.LogReactions.Count() + db.ChangeRecords.Count()));
    }

    [Fact]
    public async Task RemovedEntry_CannotBeEditedClosedOrAmended()
    {
        var note = Db.AddLogEntry(_partnership, _cara, EntryKind.Note, "Bus data", e => (e.RemovedUtc, e.RemovedByUserId) = (UtcNow, _fran));
        var open = Db.AddLogEntry(_partnership, _cara, EntryKind.Decision, "Pilot", e => (e.RemovedUtc, e.RemovedByUserId) = (UtcNow, _fran));
        var closed = Db.AddLogEntry(_partnership, _cara, EntryKind.Decision, "Meet monthly",
            e => (e.ClosedUtc, e.Outcome, e.RemovedUtc, e.RemovedByUserId) = (UtcNow, "Agreed.", UtcNow, _fran));
        var log = NewLogService();
        var decisions = NewDecisionService();

        Result[] results =
        [
            await log.EditAsync(_cara, _partnership, note, new EntryInput { Title = "Bus data, quietly changed", Version = 1 }, Ct),
            await decisions.CloseDecisionAsync(_fran, _partnership, open, "Agreed.", Ct),
            await decisions.AmendDecisionAsync(_fran, _partnership, closed, "Amended.", Ct),
        ];

        Assert.All(results, r => Assert.Equal(ErrorKind.Conflict, r.Error?.Kind));
        Assert.Equal(["Bus data", "Meet monthly", "Pilot"], Db.Read(db => db.LogEntries.OrderBy(e => e.Title).Select(e => e.Title).ToList()));
        Assert.Null(Db.Read(db => db.LogEntries.Single(e => e.Id == open).ClosedUtc));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count() + db.DecisionAmendments.Count()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task Replying_AddsToTheThreadWithItsMentions()
    {
        var question = Db.AddLogEntry(_partnership, _cara, EntryKind.Question, "Who holds the CCTV data?");
        var log = NewLogService();
        var replies = NewReplyService();

        var reply = await replies.ReplyAsync(_fran, _partnership, question, "  The council does; @Cara I will ask.  ", [_cara], Ct);
        var detail = await log.GetAsync(_cara, _partnership, question, Ct);

        Assert.Equal("The council does; @Cara I will ask.", reply.Value!.Body);
        var shown = Assert.Single(detail.Value!.Replies);
        Assert.Equal("Fran Facilitator", shown.Author.Name);
        Assert.Equal(["Cara Contributor"], shown.Mentioned.Select(m => m.Name));
        Assert.Equal(1, detail.Value.Entry.ReplyCount);
        Assert.Equal([typeof(ReplyPosted), typeof(Workspace.Web.Features.Notifications.NotificationsAdded)], Events.Published.Select(e => e.GetType()));
        var posted = Assert.IsType<ReplyPosted>(Events.Published[0]);
        Assert.Equal((question, 1), (posted.EntryId, posted.Entry.ReplyCount));
    }

    [Fact]
    public async Task ReactingTwice_TakesTheReactionBack()
    {
        var note = Db.AddLogEntry(_partnership, _cara, EntryKind.Note, "Bus data");
        var replies = NewReplyService();

        var first = await replies.ToggleReactionAsync(_fran, _partnership, note, "celebrate", Ct);
        var other = await replies.ToggleReactionAsync(_cara, _partnership, note, "celebrate", Ct);
        var second = await replies.ToggleReactionAsync(_fran, _partnership, note, "celebrate", Ct);
        var unknown = await replies.ToggleReactionAsync(_fran, _partnership, note, "poo", Ct);

        Assert.Equal(new ReactionCount("celebrate", 1, true), first.Value!.Single(r => r.Emoji == "celebrate"));
        Assert.Equal(new ReactionCount("celebrate", 2, true), other.Value!.Single(r => r.Emoji == "celebrate"));
        Assert.Equal(new ReactionCount("celebrate", 1, false), second.Value!.Single(r => r.Emoji == "celebrate"));
        Assert.Equal(ErrorKind.Validation, unknown.Error?.Kind);
    }

    [Fact]
    public async Task SettingTheActionState_RecordsTheChangeOnce()
    {
        var action = Db.AddLogEntry(_partnership, _fran, EntryKind.Action, "Share the data", e => e.AssigneeUserId = _cara);
        var actions = NewActionService();

        var done = await actions.SetActionStateAsync(_cara, _partnership, action, ActionState.Done, Ct);
        var again = await actions.SetActionStateAsync(_cara, _partnership, action, ActionState.Done, Ct);

        Assert.Equal(ActionState.Done, done.Value!.ActionState);
        Assert.True(again.Succeeded);
        var change = Db.Read(db => db.ChangeRecords.Single());
        Assert.Equal(("ActionState", "Open", "Done"), (change.Field, change.OldValue, change.NewValue));
        Assert.Single(Events.Published);
    }
}
