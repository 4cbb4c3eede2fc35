using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>An entry's page in memory: loaded by one call, then kept current by the events the log publishes.</summary>
public sealed class EntryPageStateTests : ServiceTestBase
{
    private readonly string _ana;
    private readonly string _priya;
    private readonly string _grace;
    private readonly Guid _partnership;

    public EntryPageStateTests()
    {
        _ana = Db.AddPerson("Ana Costa");
        _priya = Db.AddPerson("Priya Shah");
        _grace = Db.AddPerson("Grace Mensah");
        _partnership = Db.AddPartnership("Safer Streets",
            (_ana, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor), (_grace, PartnershipRole.Contributor));
    }

    [Fact]
    public async Task Load_ShowsTheEntryWithItsRepliesAndReactions_ForMembersOnly()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        await NewReplyService().ReplyAsync(_grace, _partnership, question, "Streetlight does.", [], Ct);
        await NewReplyService().ToggleReactionAsync(_ana, _partnership, question, "heart", Ct);

        var state = await LoadAsync(_ana, question);
        var outsider = await NewLogService().GetEntryPageAsync(Db.AddPerson("Olly Outsider"), _partnership, question, Ct);

        Assert.Equal("Who covers route 12?", state.Detail.Entry.Title);
        Assert.Equal(["Streetlight does."], state.Detail.Replies.Select(r => r.Body));
        Assert.Equal(new ReactionCount("heart", 1, true), state.Detail.Reactions.Single(r => r.Emoji == "heart"));
        Assert.Equal((PartnershipRole.Facilitator, 3, true), (state.Role, state.Members.Count, state.CanChange));
        Assert.Null(state.Decision);
        Assert.Equal(ErrorKind.NotFound, outsider.Error?.Kind);
    }

    [Fact]
    public async Task AReplyAddedEditedAndRemovedElsewhere_FollowsInPlace()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        var state = await LoadAsync(_ana, question);
        var replies = NewReplyService();

        var reply = (await replies.ReplyAsync(_grace, _partnership, question, "Streetlight does.", [], Ct)).Value!;
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal(["Streetlight does."], state.Detail.Replies.Select(r => r.Body));
        Assert.Equal(1, state.Detail.Entry.ReplyCount);

        await replies.EditReplyAsync(_grace, _partnership, question, reply.Id, "Streetlight does, until 2am.", [], reply.Version, Ct);
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal(["Streetlight does, until 2am."], state.Detail.Replies.Select(r => r.Body));

        await replies.RemoveReplyAsync(_ana, _partnership, question, reply.Id, Ct);
        Assert.True(state.Apply(Events.Published[^1]));
        var tombstone = Assert.Single(state.Detail.Replies);
        Assert.Equal(("Ana Costa", 0), (tombstone.RemovedByName, state.Detail.Entry.ReplyCount));
    }

    [Fact]
    public async Task AReactionElsewhere_ChangesTheCounts_AndKnowsWhichAreTheViewers()
    {
        var note = await PostAsync(_priya, new EntryInput { Title = "Bus data arrived" });
        var state = await LoadAsync(_ana, note);
        var replies = NewReplyService();

        await replies.ToggleReactionAsync(_grace, _partnership, note, "celebrate", Ct);
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal(new ReactionCount("celebrate", 1, false), state.Detail.Reactions.Single(r => r.Emoji == "celebrate"));

        await replies.ToggleReactionAsync(_ana, _partnership, note, "celebrate", Ct);
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal(new ReactionCount("celebrate", 2, true), state.Detail.Reactions.Single(r => r.Emoji == "celebrate"));
    }

    [Fact]
    public async Task APositionRecordedElsewhere_ChangesTheTallyAndTheVerdict()
    {
        var decision = await PostAsync(_ana, new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app on route 12", DecisionRule = DecisionRule.Consent });
        var state = await LoadAsync(_ana, decision);
        Assert.True(state.Decision!.Verdict!.Met);

        await NewDecisionService().TakePositionAsync(_priya, _partnership, decision, Position.Objects, "No signal after 11pm.", Ct);

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.False(state.Decision!.Verdict!.Met);
        Assert.Equal(1, state.Decision.Entry.Tally.Objects);
        Assert.Equal(["No signal after 11pm."], state.Decision.Positions.Select(p => p.Reason));
        Assert.Equal(3, state.Decision.MemberCount);
    }

    [Fact]
    public async Task ADecisionClosedElsewhere_ShowsItsOutcome()
    {
        var decision = await PostAsync(_ana, new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app on route 12" });
        var state = await LoadAsync(_priya, decision);

        var closed = await NewDecisionService().CloseDecisionAsync(_ana, _partnership, decision, "We pilot it from May.", Ct);

        Assert.True(closed.Succeeded, closed.Error?.Message);
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.NotNull(state.Decision!.Entry.ClosedUtc);
        Assert.Equal("We pilot it from May.", state.Decision.Entry.Outcome);
    }

    [Fact]
    public async Task ADecisionAmendedElsewhere_ShowsTheAmendment_AndAnOlderPictureArrivingLateTakesNoneAway()
    {
        var decision = await PostAsync(_ana, new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app on route 12" });
        var decisions = NewDecisionService();
        await decisions.CloseDecisionAsync(_ana, _partnership, decision, "We pilot it from May.", Ct);
        var state = await LoadAsync(_priya, decision);

        var first = await decisions.AmendDecisionAsync(_ana, _partnership, decision, "The pilot starts in June.", Ct);
        var firstPicture = Events.Published[^1];
        await decisions.AmendDecisionAsync(_ana, _partnership, decision, "Route 14 joins in July.", Ct);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal(["The pilot starts in June.", "Route 14 joins in July."], state.Decision!.Amendments.Select(a => a.Text));
        Assert.Equal("Ana Costa", state.Decision.Amendments[0].ByName);
        Assert.False(state.Apply(firstPicture));
        Assert.Equal(2, state.Decision.Amendments.Count);
    }

    [Fact]
    public async Task AReactionElsewhere_ChangesTheReactionsPart_NotTheRepliesPart()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        var replies = NewReplyService();
        await replies.ReplyAsync(_grace, _partnership, question, "Streetlight does.", [_ana], Ct);
        var state = await LoadAsync(_ana, question);
        var (repliesBefore, reactionsBefore) = (state.Replies(busy: false), state.Reactions);

        await replies.ToggleReactionAsync(_grace, _partnership, question, "eyes", Ct);

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.NotEqual(reactionsBefore, state.Reactions);
        Assert.Equal(repliesBefore, state.Replies(busy: false));
        Assert.Equal(["Ana Costa"], Assert.Single(state.Replies(busy: false).Replies).MentionedNames);
    }

    [Fact]
    public async Task TheEntryEditedByAnother_LeavesTheViewersReplyEditAsTyped()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        var reply = (await NewReplyService().ReplyAsync(_ana, _partnership, question, "Not sure.", [], Ct)).Value!;
        var state = await LoadAsync(_ana, question);
        state.StartEditReply(state.Detail.Replies.Single());
        state.EditText = "Streetlight does, I checked.";

        var edited = await NewLogService().EditAsync(_priya, _partnership, question,
            new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12 at night?", Version = state.Detail.Entry.Version }, Ct);

        Assert.True(edited.Succeeded, edited.Error?.Message);
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal("Who covers route 12 at night?", state.Detail.Entry.Title);
        Assert.Equal((reply.Id, "Streetlight does, I checked.", reply.Version), (state.EditingReplyId, state.EditText, state.EditVersion));
    }

    [Fact]
    public async Task TheRepliesBeingEditedRemovedElsewhere_SaysSo_AndKeepsTheText()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        var reply = (await NewReplyService().ReplyAsync(_priya, _partnership, question, "Not sure.", [], Ct)).Value!;
        var state = await LoadAsync(_priya, question);
        state.StartEditReply(state.Detail.Replies.Single());
        state.EditText = "Streetlight does.";

        await NewReplyService().RemoveReplyAsync(_ana, _partnership, question, reply.Id, Ct);

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.StartsWith("Ana Costa removed this reply meanwhile.", state.EditError, StringComparison.Ordinal);
        Assert.Equal("Streetlight does.", state.EditText);
    }

    [Fact]
    public async Task AnotherEntrysEvents_AreIgnored()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        var other = await PostAsync(_priya, new EntryInput { Title = "Bus data arrived" });
        var state = await LoadAsync(_ana, question);
        var replies = NewReplyService();

        await replies.ReplyAsync(_grace, _partnership, other, "Thanks!", [], Ct);
        await replies.ToggleReactionAsync(_grace, _partnership, other, "heart", Ct);
        await replies.ReplyAsync(_grace, _partnership, question, "Streetlight does.", [], Ct);

        Assert.False(state.Apply(Events.Published[^3]));
        Assert.False(state.Apply(Events.Published[^2]));
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Equal(["Streetlight does."], state.Detail.Replies.Select(r => r.Body));
    }

    [Fact]
    public async Task AnOlderPictureOfTheEntry_ArrivingLate_IsIgnored()
    {
        var note = await PostAsync(_priya, new EntryInput { Title = "Route 12 at night" });
        var state = await LoadAsync(_ana, note);
        var log = NewLogService();
        await log.EditAsync(_priya, _partnership, note, new EntryInput { Title = "Route 12 after 11pm", Version = 1 }, Ct);
        var older = Events.Published[^1];
        await log.EditAsync(_priya, _partnership, note, new EntryInput { Title = "Route 12 after midnight", Version = 2 }, Ct);
        Assert.True(state.Apply(Events.Published[^1]));

        Assert.False(state.Apply(older));

        Assert.Equal("Route 12 after midnight", state.Detail.Entry.Title);
    }

    [Fact]
    public async Task AnOpenHistory_IsMarkedForReading_WhenTheEntryChanges()
    {
        var action = await PostAsync(_ana, new EntryInput { Kind = EntryKind.Action, Title = "Map the signal gaps", AssigneeUserId = _priya });
        var state = await LoadAsync(_ana, action);
        state.ShowHistory((await NewLogService().HistoryAsync(_ana, _partnership, action, Ct)).Value!);

        await NewActionService().SetActionStateAsync(_priya, _partnership, action, ActionState.InProgress, Ct);

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.True(state.HistoryStale);
    }

    [Fact]
    public async Task Resync_TakesWhatWasMissed_AndKeepsTheReplyBeingEdited()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        await NewReplyService().ReplyAsync(_ana, _partnership, question, "Not sure.", [], Ct);
        var state = await LoadAsync(_ana, question);
        state.StartEditReply(state.Detail.Replies.Single());
        state.EditText = "Streetlight does.";
        await NewReplyService().ReplyAsync(_grace, _partnership, question, "Streetlight, yes.", [], Ct);

        state.Resync((await NewLogService().GetEntryPageAsync(_ana, _partnership, question, Ct)).Value!);

        Assert.Equal(["Not sure.", "Streetlight, yes."], state.Detail.Replies.Select(r => r.Body));
        Assert.Equal("Streetlight does.", state.EditText);
        Assert.NotNull(state.EditingReplyId);
    }

    private async Task<EntryPageState> LoadAsync(string userId, Guid entryId)
    {
        var page = await NewLogService().GetEntryPageAsync(userId, _partnership, entryId, Ct);
        return new EntryPageState(_partnership, userId, page.Value!);
    }

    private async Task<Guid> PostAsync(string userId, EntryInput input)
    {
        var posted = await NewLogService().PostAsync(userId, _partnership, input, Ct);
        return posted.Succeeded ? posted.Value!.Id : throw new InvalidOperationException(posted.Error!.Message);
    }
}
