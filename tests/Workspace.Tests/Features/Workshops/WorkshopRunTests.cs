using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Workshops;

/// <summary>Running a workshop: the shared timer, moving through the agenda, ideas, reveal and outputs.</summary>
public sealed class WorkshopRunTests : WorkshopTestBase
{
    [Fact]
    public async Task Start_TakesUpTheFirstItem_AndRunsItsTimeBox()
    {
        var (workshop, item, _) = await PlanAsync();

        var run = (await Workshops.StartAsync(Fran, Partnership, workshop, Ct)).Value!;

        Assert.Equal(WorkshopState.Live, run.State);
        Assert.Equal(item, run.CurrentItemId);
        Assert.True(run.Timer.Running);
        Assert.Equal(600, run.Timer.SecondsLeftAt(UtcNow));
        var published = Assert.Single(Events.Published.OfType<WorkshopRunChanged>(), e => e.Run.State == WorkshopState.Live);
        Assert.True(published.BringEveryone);
    }

    [Fact]
    public async Task Timer_PauseExtendResume_IsComputedFromTheServerClock()
    {
        var (workshop, _, _) = await LiveAsync();

        Clock.Advance(TimeSpan.FromSeconds(90));
        var paused = (await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Pause, Ct)).Value!;
        Clock.Advance(TimeSpan.FromMinutes(5));
        var extended = (await Workshops.ExtendTimerAsync(Fran, Partnership, workshop, 2, Ct)).Value!;
        var resumed = (await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Start, Ct)).Value!;
        Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.False(paused.Timer.Running);
        Assert.Equal(510, paused.Timer.RemainingSeconds);
        Assert.Equal(630, extended.Timer.RemainingSeconds);
        Assert.Equal(UtcNow.AddSeconds(600), resumed.Timer.EndsUtc);
        Assert.Equal(600, resumed.Timer.SecondsLeftAt(UtcNow));
        var stored = Db.Read(db => db.Workshops.Single());
        Assert.Equal(resumed.Timer.EndsUtc, stored.TimerEndsUtc);
    }

    [Fact]
    public async Task Timer_Reset_ReturnsToTheTimeBox_AndStops()
    {
        var (workshop, _, _) = await LiveAsync();
        Clock.Advance(TimeSpan.FromSeconds(200));

        var reset = (await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Reset, Ct)).Value!;

        Assert.False(reset.Timer.Running);
        Assert.Equal(600, reset.Timer.RemainingSeconds);
    }

    [Fact]
    public async Task Timer_ExtendingBeyondAnHour_IsRefused()
    {
        var (workshop, _, _) = await LiveAsync();

        var result = await Workshops.ExtendTimerAsync(Fran, Partnership, workshop, 61, Ct);

        Assert.Equal("Add between 1 and 60 minutes at a time.", result.Error?.Message);
    }

    [Fact]
    public async Task GoToItem_RecordsActualTime_AndStartsTheNextTimeBox()
    {
        var (workshop, first, second) = await LiveAsync();
        Clock.Advance(TimeSpan.FromMinutes(12));

        var run = (await Workshops.GoToItemAsync(Fran, Partnership, workshop, second, Ct)).Value!;

        Assert.Equal(second, run.CurrentItemId);
        Assert.Equal(720, run.Items.Single(i => i.Id == first).ActualSeconds);
        Assert.Equal(1200, run.Timer.SecondsLeftAt(UtcNow));
        Assert.True(Events.Published.OfType<WorkshopRunChanged>().Last().BringEveryone);
    }

    [Fact]
    public async Task Events_ArePublishedAfterCommit()
    {
        var (workshop, _, _) = await LiveAsync();
        var openTransaction = false;
        Events.OnPublish = _ => openTransaction |= Db.HasOpenTransaction;

        await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Pause, Ct);

        Assert.False(openTransaction);
    }

    [Fact]
    public async Task PrivateIdeas_AreNotReturnedToOthers_OrPublished_BeforeReveal()
    {
        var (workshop, _, privateItem) = await LiveAsync();
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, privateItem, Ct);
        Events.Clear();

        var caras = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, privateItem, "Cara's secret idea", Ct)).Value!;
        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, privateItem, "Carl's secret idea", Ct);

        var forCarl = (await Workshops.GetAsync(Carl, Partnership, workshop, Ct)).Value!;
        var forFran = (await Workshops.GetAsync(Fran, Partnership, workshop, Ct)).Value!;
        var forOlly = (await Workshops.GetAsync(Olly, Partnership, workshop, Ct)).Value!;
        Assert.Equal(["Carl's secret idea"], forCarl.Ideas.Select(i => i.Text));
        Assert.Equal(1, forCarl.HiddenIdeaCounts[privateItem]);
        Assert.Empty(forFran.Ideas);
        Assert.Equal(2, forFran.HiddenIdeaCounts[privateItem]);
        Assert.Empty(forOlly.Ideas);
        var changes = Events.Published.OfType<IdeasChanged>().ToList();
        Assert.All(changes, e => Assert.Empty(e.Ideas));
        Assert.Equal(2, changes[^1].HiddenCount);
        Assert.DoesNotContain(Events.Published, e => e.ToString()!.Contains("secret", StringComparison.Ordinal));

        // Others cannot act on an idea they may not see.
        Assert.Equal(Workspace.Web.Features.Common.ErrorKind.NotFound, (await Ideas.RemoveIdeaAsync(Fran, Partnership, workshop, caras.Id, Ct)).Error?.Kind);

        await Ideas.RevealIdeasAsync(Fran, Partnership, workshop, privateItem, Ct);

        var revealed = (await Workshops.GetAsync(Olly, Partnership, workshop, Ct)).Value!;
        Assert.Equal(2, revealed.Ideas.Count);
        Assert.Equal(2, Events.Published.OfType<IdeasChanged>().Last().Ideas.Count);
    }

    [Fact]
    public async Task Ideas_CanBeGrouped_ByTheFacilitator()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Longer opening hours", Ct)).Value!;

        var grouped = await Ideas.GroupIdeaAsync(Fran, Partnership, workshop, idea.Id, "Access", Ct);
        var byContributor = await Ideas.GroupIdeaAsync(Cara, Partnership, workshop, idea.Id, "Mine", Ct);

        Assert.True(grouped.Succeeded);
        Assert.Equal(Workspace.Web.Features.Common.ErrorKind.Forbidden, byContributor.Error?.Kind);
        Assert.Equal("Access", Events.Published.OfType<IdeasChanged>().Last().Ideas.Single().Group);
    }

    [Fact]
    public async Task DotVotes_CountWithinTheBudget_AndHideResultsFromParticipantsUntilRevealed()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Sunday opening", Ct)).Value!;
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 2, anonymous: false, Ct);

        Assert.True((await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, true, Ct)).Succeeded);
        Assert.True((await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, true, Ct)).Succeeded);
        var third = await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, true, Ct);

        Assert.Equal("You have used all 2 of your dots. Take one back to move it.", third.Error?.Message);
        Assert.False((await Workshops.GetAsync(Cara, Partnership, workshop, Ct)).Value!.DotCounts.ContainsKey(item));
        Assert.Equal(2, (await Workshops.GetAsync(Fran, Partnership, workshop, Ct)).Value!.DotCounts[item].Single().Count);
        var unrevealed = Events.Published.OfType<VotesChanged>().Last();
        Assert.Null(unrevealed.ActorUserId);
        Assert.Null(unrevealed.Counts);

        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        Assert.Equal(2, (await Workshops.GetAsync(Cara, Partnership, workshop, Ct)).Value!.DotCounts[item].Single().Count);
        var named = Events.Published.OfType<VotesChanged>().Last();
        Assert.Equal(["Carl Contributor"], named.Counts!.Single().Voters);
        Assert.Equal(1, (await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, false, Ct)).Value);
    }

    [Fact]
    public async Task Poll_SingleChoice_ReplacesTheEarlierChoice()
    {
        var (workshop, item, _) = await LiveAsync();
        var poll = (await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Which day?", Options = ["Mon", "Tue", "Wed"] }, Ct)).Value!;

        await Voting.VotePollAsync(Cara, Partnership, workshop, poll.Id, [poll.Options[0].Id], Ct);
        await Voting.VotePollAsync(Cara, Partnership, workshop, poll.Id, [poll.Options[2].Id], Ct);
        var two = await Voting.VotePollAsync(Cara, Partnership, workshop, poll.Id, [poll.Options[0].Id, poll.Options[1].Id], Ct);

        Assert.Equal("Choose one option.", two.Error?.Message);
        var counts = (await Workshops.GetAsync(Fran, Partnership, workshop, Ct)).Value!.Polls.Single().Counts;
        Assert.Equal(poll.Options[2].Id, Assert.Single(counts).Id);
    }

    [Fact]
    public async Task AnonymousVotes_NeverCarryTheVoter_InEventsLogOrMinutes()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Sunday opening", Ct)).Value!;
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: true, Ct);
        var poll = (await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Meet weekly?", Options = ["Yes", "No"], Anonymous = true }, Ct)).Value!;
        Events.Clear();

        await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, true, Ct);
        await Voting.VotePollAsync(Carl, Partnership, workshop, poll.Id, [poll.Options[0].Id], Ct);
        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        await Voting.SetPollAsync(Fran, Partnership, workshop, poll.Id, VotingState.Closed, reveal: true, Ct);
        await Workshops.EndAsync(Fran, Partnership, workshop, Ct);

        var votes = Events.Published.OfType<VotesChanged>().ToList();
        Assert.Equal(3, votes.Count);
        Assert.All(votes, e => Assert.Null(e.ActorUserId));
        Assert.All(votes.SelectMany(e => e.Counts ?? []), c => Assert.Null(c.Voters));
        Assert.Equal(1, votes[^1].Counts!.Single().Count);
        Assert.DoesNotContain(Events.Published, e => e.ToString()!.Contains("Carl", StringComparison.Ordinal) || e.ToString()!.Contains(Carl, StringComparison.Ordinal));
        var detail = (await Workshops.GetAsync(Cara, Partnership, workshop, Ct)).Value!;
        Assert.All(detail.DotCounts[item].Concat(detail.Polls.Single().Counts), c => Assert.Null(c.Voters));
        Assert.Equal(1, detail.DotCounts[item].Single().Count);
        var logText = Db.Read(db => string.Join("\n", db.LogEntries.Select(e => e.Title + e.Body))
            + string.Join("\n", db.ChangeRecords.Select(c => c.UserId + c.OldValue + c.NewValue)));
        Assert.DoesNotContain("Carl", logText, StringComparison.Ordinal);
        Assert.DoesNotContain(Carl, logText, StringComparison.Ordinal);
        Assert.Contains("Sunday opening", logText, StringComparison.Ordinal);
        Assert.Contains("- Yes: 1", logText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CapturedIdea_BecomesADecisionInTheLog_WithTheWorkshopAsSource_AndAppearsInTheMinutes()
    {
        var (workshop, item, _) = await LiveAsync();
        await Workshops.JoinAsync(Cara, Partnership, workshop, Ct);
        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Open the hall on Sundays", Ct)).Value!;

        var entry = await Outputs.CaptureIdeaAsync(Fran, Partnership, workshop, idea.Id, new CaptureInput { Kind = EntryKind.Decision, Title = "Open the hall on Sundays from January" }, Ct);
        var again = await Outputs.CaptureIdeaAsync(Fran, Partnership, workshop, idea.Id, new CaptureInput { Kind = EntryKind.Action }, Ct);
        var ended = (await Workshops.EndAsync(Fran, Partnership, workshop, Ct)).Value!;

        Assert.True(entry.Succeeded, entry.Error?.Message);
        Assert.Equal(workshop, entry.Value!.SourceWorkshopId);
        Assert.Equal("This idea is already in the log.", again.Error?.Message);
        Assert.Equal(WorkshopState.Ended, ended.State);
        var minutes = (await Outputs.MinutesAsync(Olly, Partnership, workshop, Ct)).Value;
        Assert.Contains("**Decision:** Open the hall on Sundays from January", minutes.Markdown, StringComparison.Ordinal);
        Assert.Contains("**Northside Food Bank** (Civil society): Cara Contributor", minutes.Markdown, StringComparison.Ordinal);
        Assert.Contains("| 1 | What worked last winter | 10 min |", minutes.Markdown, StringComparison.Ordinal);
        var stored = Db.Read(db => db.LogEntries.Single(e => e.Id == ended.MinutesEntryId));
        Assert.Equal("Minutes: Winter food plan", stored.Title);
        Assert.Equal(workshop, stored.SourceWorkshopId);
    }

    [Fact]
    public async Task CalendarFile_DescribesTheWorkshop()
    {
        var (workshop, _, _) = await PlanAsync();

        var file = (await Outputs.CalendarFileAsync(Olly, Partnership, workshop, new Uri("https://workspace.example.org/w/1"), Ct)).Value;

        Assert.Equal("winter-food-plan.ics", file.FileName);
        Assert.Contains("BEGIN:VEVENT", file.Content, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Winter food plan", file.Content, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20260305T090000Z", file.Content, StringComparison.Ordinal);
        Assert.Contains("DTEND:20260305T093000Z", file.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Equity_CountsIdeasAndNamedVotesByOrganisation()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Sunday opening", Ct)).Value!;
        await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Delivery van", Ct);
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: false, Ct);
        await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, true, Ct);

        var equity = (await Outputs.EquityAsync(Fran, Partnership, workshop, Ct)).Value!;

        var foodBank = equity.Organisations.Single(r => r.Organisation == "Northside Food Bank");
        Assert.Equal(2, foodBank.Ideas);
        Assert.Equal(1, equity.Organisations.Single(r => r.Organisation == "FreshCo").Votes);
        Assert.Equal(1, equity.Organisations.Single(r => r.Organisation == "Riverside Council").Present);
    }

    [Fact]
    public async Task Equity_CountsEditsToGoalsAndTheLogDuringTheSession_NotBeforeAndNotTheRunningOfIt()
    {
        var goal = Db.AddGoal(Partnership, "Winter food plan");
        var goals = new GoalService(Db, Events, Clock, new(Db, Events, Clock));
        await goals.SaveFieldAsync(Carl, Partnership, goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack), Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var (workshop, _, second) = await LiveAsync();
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, second, Ct);

        await goals.SaveFieldAsync(Carl, Partnership, goal, GoalField.Status, nameof(GoalStatus.OnTrack), nameof(GoalStatus.AtRisk), Ct);
        await new LogService(Db, Events, Clock).PostAsync(Cara, Partnership, new EntryInput { Title = "Open on Sundays" }, Ct);

        var equity = (await Outputs.EquityAsync(Fran, Partnership, workshop, Ct)).Value!;

        Assert.Equal(1, equity.Organisations.Single(r => r.Organisation == "FreshCo").Edits);
        Assert.Equal(1, equity.Organisations.Single(r => r.Organisation == "Northside Food Bank").Edits);
        Assert.Equal(0, equity.Organisations.Single(r => r.Organisation == "Riverside Council").Edits);
    }
}
