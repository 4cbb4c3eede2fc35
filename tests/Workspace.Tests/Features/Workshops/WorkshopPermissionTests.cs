using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Workshops;

/// <summary>Facilitators plan, start, advance, reveal and capture; contributors add ideas and vote; observers watch; outsiders see nothing.</summary>
public sealed class WorkshopPermissionTests : WorkshopTestBase
{
    public static TheoryData<string, string, ErrorKind?> Cases
    {
        get
        {
            var data = new TheoryData<string, string, ErrorKind?>();
            string[] facilitatorOnly = ["plan", "start", "advance", "timer", "reveal", "open-vote", "poll", "capture", "end", "equity"];
            string[] participants = ["idea", "vote", "poll-vote"];
            foreach (var action in facilitatorOnly.Concat(participants))
            {
                data.Add("facilitator", action, null);
                data.Add("contributor", action, participants.Contains(action) ? null : ErrorKind.Forbidden);
                data.Add("observer", action, ErrorKind.Forbidden);
                data.Add("outsider", action, ErrorKind.NotFound);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachRole_MayDoOnlyWhatItsRoleAllows(string who, string action, ErrorKind? expected)
    {
        var planned = await PlanAsync();
        var (workshop, item, _) = planned;
        if (action != "start")
        {
            await Workshops.StartAsync(Fran, Partnership, workshop, Ct);
        }

        var idea = (await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Open the hall on Sundays", Ct)).Value?.Id ?? Guid.Empty;
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: false, Ct);
        var poll = (await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Meet weekly?", Options = ["Yes", "No"] }, Ct)).Value?.Id ?? Guid.Empty;
        var user = UserFor(who);

        Result result = action switch
        {
            "plan" => await Workshops.AddItemAsync(user, Partnership, workshop, new AgendaItemInput { Title = "Next steps", TimeBoxMinutes = 5 }, Ct),
            "start" => await Workshops.StartAsync(user, Partnership, workshop, Ct),
            "advance" => await Workshops.GoToItemAsync(user, Partnership, workshop, planned.SecondItem, Ct),
            "timer" => await Workshops.TimerAsync(user, Partnership, workshop, TimerCommand.Pause, Ct),
            "reveal" => await Ideas.RevealIdeasAsync(user, Partnership, workshop, planned.SecondItem, Ct),
            "open-vote" => await Voting.OpenDotVoteAsync(user, Partnership, workshop, planned.SecondItem, 2, anonymous: true, Ct),
            "poll" => await Voting.CreatePollAsync(user, Partnership, workshop, item, new PollInput { Question = "Which day?", Options = ["Mon", "Tue"] }, Ct),
            "capture" => await Outputs.CaptureIdeaAsync(user, Partnership, workshop, idea, new CaptureInput { Kind = EntryKind.Decision }, Ct),
            "end" => await Workshops.EndAsync(user, Partnership, workshop, Ct),
            "equity" => await Outputs.EquityAsync(user, Partnership, workshop, Ct),
            "idea" => await Ideas.AddIdeaAsync(user, Partnership, workshop, item, "Share the van", Ct),
            "vote" => await Voting.DotVoteAsync(user, Partnership, workshop, idea, add: true, Ct),
            "poll-vote" => await Voting.VotePollAsync(user, Partnership, workshop, poll, [], Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        Assert.Equal(expected, result.Error?.Kind);
    }

    [Fact]
    public async Task Outsider_CannotReadTheWorkshopOrItsCalendarFile()
    {
        var (workshop, _, _) = await PlanAsync();

        Assert.Equal(ErrorKind.NotFound, (await Workshops.GetAsync(Nina, Partnership, workshop, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Workshops.ListAsync(Nina, Partnership, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Outputs.CalendarFileAsync(Nina, Partnership, workshop, new Uri("https://x.example/"), Ct)).Error?.Kind);
    }

    [Fact]
    public async Task Observer_ReadsTheWorkshop()
    {
        var (workshop, _, _) = await LiveAsync();

        var detail = await Workshops.GetAsync(Olly, Partnership, workshop, Ct);

        Assert.True(detail.Succeeded);
        Assert.Equal(WorkshopState.Live, detail.Value!.Run.State);
    }

    [Fact]
    public async Task ForgedIds_FromAnotherPartnership_FindNothing()
    {
        var mine = await LiveAsync();
        var theirs = await LiveAsync(OtherPartnership, Nina);
        var theirIdea = (await Ideas.AddIdeaAsync(Nina, OtherPartnership, theirs.Workshop, theirs.Item, "Plant trees", Ct)).Value!;
        await Voting.OpenDotVoteAsync(Nina, OtherPartnership, theirs.Workshop, theirs.Item, 3, false, Ct);
        Events.Clear();

        // Their workshop under my partnership's id, their item or idea under my workshop.
        Assert.Equal(ErrorKind.NotFound, (await Workshops.GetAsync(Fran, Partnership, theirs.Workshop, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Workshops.GoToItemAsync(Fran, Partnership, theirs.Workshop, theirs.Item, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Workshops.GoToItemAsync(Fran, Partnership, mine.Workshop, theirs.Item, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Ideas.AddIdeaAsync(Cara, Partnership, mine.Workshop, theirs.Item, "x", Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Voting.DotVoteAsync(Cara, Partnership, mine.Workshop, theirIdea.Id, true, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Outputs.CaptureIdeaAsync(Fran, Partnership, mine.Workshop, theirIdea.Id, new CaptureInput(), Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Ideas.RevealIdeasAsync(Fran, Partnership, mine.Workshop, theirs.SecondItem, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Workshops.TimerAsync(Fran, Partnership, theirs.Workshop, TimerCommand.Pause, Ct)).Error?.Kind);
        Assert.Empty(Events.Published);
        Assert.Equal(1, Db.Read(db => db.WorkshopIdeas.Count()));
    }

    [Fact]
    public async Task ForgedGoal_FromAnotherPartnership_IsRefused()
    {
        var (workshop, _, _) = await PlanAsync();
        var theirGoal = Db.AddGoal(OtherPartnership, "Cleaner air");

        var result = await Workshops.AddItemAsync(Fran, Partnership, workshop, new AgendaItemInput { Title = "Air", TimeBoxMinutes = 5, GoalId = theirGoal }, Ct);

        Assert.Equal("Choose a goal of this partnership.", result.Error?.For(nameof(AgendaItemInput.GoalId)));
    }
}
