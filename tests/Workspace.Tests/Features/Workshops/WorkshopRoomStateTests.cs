using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>The workshop page's state, fed the events the services really publish: what each changes, and what it must leave alone.</summary>
public sealed class WorkshopRoomStateTests : WorkshopTestBase
{
    private async Task<WorkshopRoomState> LoadAsync(string userId, Guid workshop)
    {
        var page = await Workshops.GetPageAsync(userId, Partnership, workshop, Ct);
        Assert.True(page.Succeeded, page.Error?.Message);
        return new WorkshopRoomState(page.Value!, userId, Partnership);
    }

    private T Last<T>() where T : PartnershipEvent => Events.Published.OfType<T>().Last();

    private static List<string> IdeaTexts(WorkshopRoomState state) =>
        [.. state.Room.Item!.Ideas.Groups.SelectMany(g => g.Cards).Select(c => c.Idea.Text)];

    [Fact]
    public async Task GetPage_ChecksMembership_AndLoadsMembersAndGoals()
    {
        var (workshop, _, _) = await PlanAsync();

        var outsider = await Workshops.GetPageAsync(Nina, Partnership, workshop, Ct);
        var page = (await Workshops.GetPageAsync(Cara, Partnership, workshop, Ct)).Value!;

        Assert.False(outsider.Succeeded);
        Assert.Equal(PartnershipRole.Contributor, page.Detail.Role);
        Assert.Equal(4, page.Members.Count);
        Assert.Equal(2, page.Detail.Run.Items.Count);
    }

    [Fact]
    public async Task IdeaAdded_ShowsItsCard_AndKeepsTheOtherCardsModels()
    {
        var (workshop, item, _) = await LiveAsync();
        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Pool the stock lists", Ct);
        var state = await LoadAsync(Cara, workshop);
        var (first, agenda, timer) = (state.Room.Item!.Ideas.Groups[0].Cards[0], state.Room.Agenda, state.Room.Timer);

        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "A shared van", Ct);

        Assert.True(state.Apply(Last<IdeasChanged>()));
        Assert.Equal(["Pool the stock lists", "A shared van"], IdeaTexts(state));
        Assert.Same(first, state.Room.Item!.Ideas.Groups[0].Cards[0]);
        Assert.Same(agenda, state.Room.Agenda);
        Assert.Same(timer, state.Room.Timer);
    }

    [Fact]
    public async Task IdeaRemoved_TakesItsCardAway()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Pool the stock lists", Ct)).Value!;
        var state = await LoadAsync(Cara, workshop);

        Assert.True((await Ideas.RemoveIdeaAsync(Fran, Partnership, workshop, idea.Id, Ct)).Succeeded);

        Assert.True(state.Apply(Last<IdeasChanged>()));
        Assert.Empty(IdeaTexts(state));
        Assert.Equal("No ideas yet.", state.Room.Item!.Ideas.EmptyText);
    }

    [Fact]
    public async Task OlderPictureOfTheIdeas_ArrivingLate_IsIgnored()
    {
        var (workshop, item, _) = await LiveAsync();
        var state = await LoadAsync(Cara, workshop);
        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "First", Ct);
        var older = Last<IdeasChanged>();
        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Second", Ct);

        Assert.True(state.Apply(Last<IdeasChanged>()));
        Assert.False(state.Apply(older));
        Assert.Equal(["First", "Second"], IdeaTexts(state));
    }

    [Fact]
    public async Task OthersPrivateIdea_ShowsOnlyAsACount_UntilRevealed()
    {
        var (workshop, _, privateItem) = await LiveAsync();
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, privateItem, Ct);
        var state = await LoadAsync(Cara, workshop);

        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, privateItem, "Carl's private thought", Ct);

        Assert.True(state.Apply(Last<IdeasChanged>()));
        Assert.Equal(1, state.Room.Item!.Hidden!.Others);
        Assert.Empty(IdeaTexts(state));
        Assert.False(state.TakeFollowUps().Reload);

        await Ideas.RevealIdeasAsync(Fran, Partnership, workshop, privateItem, Ct);
        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.True(state.Apply(Last<IdeasChanged>()));
        Assert.Null(state.Room.Item!.Hidden);
        Assert.Equal(["Carl's private thought"], IdeaTexts(state));
    }

    [Fact]
    public async Task DotVote_BeforeTheReveal_ShowsNoCountToParticipants_AndAsksTheFacilitatorsPageToReadThem()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Sunday opening", Ct)).Value!;
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: false, Ct);
        var (cara, fran) = (await LoadAsync(Cara, workshop), await LoadAsync(Fran, workshop));

        Assert.Equal(1, (await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, add: true, Ct)).Value);
        var votes = Last<VotesChanged>();

        Assert.True(cara.Apply(votes));
        Assert.False(cara.Room.Item!.Ideas.Groups[0].Cards[0].ShowDots);
        Assert.Empty(cara.TakeFollowUps().Tallies);
        Assert.True(fran.Apply(votes));
        Assert.Equal([item], fran.TakeFollowUps().Tallies);
        Assert.True(fran.ApplyTally((await Voting.VoteCountsAsync(Fran, Partnership, workshop, item, Ct)).Value!));
        Assert.Equal(1, fran.Room.Item!.Ideas.Groups[0].Cards[0].Dots);

        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        Assert.True(cara.Apply(Last<WorkshopRunChanged>()));
        Assert.True(cara.Apply(Last<VotesChanged>()));
        Assert.Equal((true, 1), (cara.Room.Item!.Ideas.Groups[0].Cards[0].ShowDots, cara.Room.Item!.Ideas.Groups[0].Cards[0].Dots));
    }

    [Fact]
    public async Task MyDots_LowerTheDotsLeft()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Sunday opening", Ct)).Value!;
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: false, Ct);
        var state = await LoadAsync(Cara, workshop);
        Assert.Equal(3, state.Room.Item!.IdeasHeader.DotsLeft);

        state.MyDotsChanged(idea.Id, (await Voting.DotVoteAsync(Cara, Partnership, workshop, idea.Id, add: true, Ct)).Value);

        Assert.Equal(2, state.Room.Item!.IdeasHeader.DotsLeft);
        Assert.Equal(1, state.Room.Item!.Ideas.Groups[0].Cards[0].MyDots);
    }

    [Fact]
    public async Task PollCreatedAndVotedOn_ShowsOnItsItem_WithItsNumberOfVoters()
    {
        var (workshop, item, _) = await LiveAsync();
        var state = await LoadAsync(Cara, workshop);
        var ideas = state.Room.Item!.Ideas;

        var poll = (await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Meet weekly?", Options = ["Yes", "No"] }, Ct)).Value!;
        Assert.True(state.Apply(Last<PollSaved>()));
        await Voting.VotePollAsync(Carl, Partnership, workshop, poll.Id, [poll.Options[0].Id], Ct);
        Assert.True(state.Apply(Last<VotesChanged>()));

        var shown = Assert.Single(state.Room.Item!.Polls.Polls);
        Assert.Equal(("Meet weekly?", 1), (shown.Poll.Question, shown.Poll.VoterCount));
        Assert.Empty(shown.Poll.Counts);
        Assert.Same(ideas, state.Room.Item!.Ideas);
    }

    [Fact]
    public async Task AgendaItemMoved_ReordersThePlan()
    {
        var (workshop, _, second) = await PlanAsync();
        var state = await LoadAsync(Cara, workshop);

        await Workshops.MoveItemAsync(Fran, Partnership, workshop, second, -1, Ct);

        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.Equal(["Priorities", "What worked last winter"], state.Plan.Items.Select(i => i.Title));
    }

    [Fact]
    public async Task FacilitatorMovesOn_ParticipantFollows_UnlessRoaming_UntilBroughtBack()
    {
        var (workshop, first, second) = await LiveAsync();
        var state = await LoadAsync(Cara, workshop);
        Assert.Equal(first, state.Room.Item!.Header.Item.Id);

        await Workshops.GoToItemAsync(Fran, Partnership, workshop, second, Ct);
        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.Equal((second, second), (state.Room.Agenda.CurrentItemId, state.Room.Item!.Header.Item.Id));

        state.View(state.Run.Items[0]);
        Assert.Equal((first, true, "Priorities"), (state.Room.Item!.Header.Item.Id, state.Room.Item.Header.Roaming, state.Room.Item.Header.FacilitatorItemTitle));

        await Workshops.BringEveryoneAsync(Fran, Partnership, workshop, Ct);
        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.Equal((second, false), (state.Room.Item!.Header.Item.Id, state.Room.Item.Header.Roaming));
    }

    [Fact]
    public async Task TimerPaused_ChangesTheTimer_AndLeavesTheIdeasAndAgenda()
    {
        var (workshop, _, _) = await LiveAsync();
        var state = await LoadAsync(Cara, workshop);
        var (ideas, agenda) = (state.Room.Item!.Ideas, state.Room.Agenda);
        Assert.True(state.Room.Timer.Timer.Running);

        await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Pause, Ct);

        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.False(state.Room.Timer.Timer.Running);
        Assert.Same(ideas, state.Room.Item!.Ideas);
        Assert.Same(agenda, state.Room.Agenda);
    }

    [Fact]
    public async Task WorkshopStartedAndEnded_ChangesItsState_AndTheEndAsksForAReload()
    {
        var (workshop, _, _) = await PlanAsync();
        var state = await LoadAsync(Cara, workshop);
        Assert.Equal(WorkshopState.Planned, state.Header.State);

        await Workshops.StartAsync(Fran, Partnership, workshop, Ct);
        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.Equal(WorkshopState.Live, state.Header.State);
        Assert.False(state.TakeFollowUps().Reload);

        Assert.True((await Workshops.EndAsync(Fran, Partnership, workshop, Ct)).Succeeded);
        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.Equal(WorkshopState.Ended, state.Header.State);
        Assert.True(state.TakeFollowUps().Reload);
        state.Resync((await Workshops.GetPageAsync(Cara, Partnership, workshop, Ct)).Value!);
        Assert.Equal(2, state.Record.Items.Count);
        Assert.NotNull(state.Record.MinutesEntryId);
    }

    [Fact]
    public async Task MinutesWritten_ShowTheirLink_AndALoadStartedBeforeThemDoesNotHideIt()
    {
        var (workshop, _, _) = await LiveAsync();
        var state = await LoadAsync(Cara, workshop);
        var early = state.StartLoad();
        var before = (await Workshops.GetPageAsync(Cara, Partnership, workshop, Ct)).Value!;

        Assert.True((await Workshops.EndAsync(Fran, Partnership, workshop, Ct)).Succeeded);
        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.True(state.Apply(Last<WorkshopSaved>()));
        var minutes = state.Header.MinutesEntryId;
        var late = state.StartLoad();
        Assert.True(state.Resync((await Workshops.GetPageAsync(Cara, Partnership, workshop, Ct)).Value!, late));

        Assert.False(state.Resync(before, early));
        Assert.NotNull(minutes);
        Assert.Equal((WorkshopState.Ended, minutes), (state.Header.State, state.Header.MinutesEntryId));
    }

    [Fact]
    public async Task WorkshopCancelled_IsMarked()
    {
        var (workshop, _, _) = await PlanAsync();
        var state = await LoadAsync(Cara, workshop);

        Assert.True((await Workshops.DeleteAsync(Fran, Partnership, workshop, Ct)).Succeeded);

        Assert.True(state.Apply(Last<WorkshopSaved>()));
        Assert.True(state.Cancelled);
    }

    [Fact]
    public async Task MyRoleChanged_AsksForAReload_AnothersDoesNot()
    {
        var (workshop, _, _) = await LiveAsync();
        var state = await LoadAsync(Cara, workshop);
        var members = NewMemberService();

        Assert.True((await members.ChangeRoleAsync(Fran, Partnership, Carl, PartnershipRole.Observer, Ct)).Succeeded);
        Assert.False(state.Apply(Last<Workspace.Web.Features.Members.MemberRoleChanged>()));
        Assert.False(state.TakeFollowUps().Reload);

        Assert.True((await members.ChangeRoleAsync(Fran, Partnership, Cara, PartnershipRole.Observer, Ct)).Succeeded);
        Assert.True(state.Apply(Last<Workspace.Web.Features.Members.MemberRoleChanged>()));
        Assert.Equal(PartnershipRole.Observer, state.Room.Item!.Form.Role);
        Assert.True(state.TakeFollowUps().Reload);
    }

    [Fact]
    public async Task EventsOfAnotherWorkshopOrPartnership_ChangeNothing()
    {
        var (workshop, _, _) = await LiveAsync();
        var (other, otherItem, _) = await LiveAsync();
        var (elsewhere, elsewhereItem, _) = await LiveAsync(OtherPartnership, Nina);
        var state = await LoadAsync(Cara, workshop);
        var room = state.Room;

        await Ideas.AddIdeaAsync(Carl, Partnership, other, otherItem, "Another workshop's idea", Ct);
        Assert.False(state.Apply(Last<IdeasChanged>()));
        await Workshops.TimerAsync(Fran, Partnership, other, TimerCommand.Pause, Ct);
        Assert.False(state.Apply(Last<WorkshopRunChanged>()));
        await Ideas.AddIdeaAsync(Nina, OtherPartnership, elsewhere, elsewhereItem, "Another partnership's idea", Ct);
        Assert.False(state.Apply(Last<IdeasChanged>()));

        // The control: the same event for this workshop does change it.
        await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Pause, Ct);
        Assert.True(state.Apply(Last<WorkshopRunChanged>()));
        Assert.Same(room.Item, state.Room.Item);
        Assert.NotSame(room.Timer, state.Room.Timer);
    }

    [Fact]
    public async Task Resync_TakesTheFreshData_AndKeepsTheTypedIdeaAndThePlaceLookedAt()
    {
        var (workshop, item, second) = await LiveAsync();
        var state = await LoadAsync(Cara, workshop);
        state.SetIdeaText("Half a tho");
        state.View(state.Run.Items[1]);

        // Missed: an idea and the facilitator moving on.
        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Missed idea", Ct);
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, second, Ct);
        state.Resync((await Workshops.GetPageAsync(Cara, Partnership, workshop, Ct)).Value!);

        Assert.Equal("Half a tho", state.Room.Item!.Form.Text);
        Assert.Equal(second, state.Room.Agenda.CurrentItemId);
        Assert.Equal(second, state.Room.Item.Header.Item.Id);
        state.View(state.Run.Items[0]);
        Assert.Equal(["Missed idea"], IdeaTexts(state));
    }

    [Fact]
    public async Task Presence_ShowsWhoIsHere_ByOrganisation()
    {
        var (workshop, _, _) = await LiveAsync();
        var state = await LoadAsync(Fran, workshop);

        Assert.True(state.Apply(new PresenceChanged(Partnership, state.Location,
            [new PresenceEntry(Cara, "Cara Contributor", "Northside Food Bank", null), new PresenceEntry(Fran, "Fran Facilitator", "Riverside Council", null)])));
        Assert.False(state.Apply(new PresenceChanged(Partnership, "somewhere/else", [new PresenceEntry(Carl, "Carl Contributor", "FreshCo", null)])));

        Assert.Equal(2, state.Room.Present.People);
        Assert.Equal(["Northside Food Bank", "Riverside Council"], state.Room.Present.Organisations.Select(o => o.Name));
        Assert.True(state.TakeFollowUps().Equity);
    }
}
