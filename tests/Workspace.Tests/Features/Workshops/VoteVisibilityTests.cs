using System.Text.Json;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>
/// Until the facilitator reveals a dot vote or a poll, its counts and its voters are the facilitators':
/// nothing that reaches another person's circuit (an event, the page's model, the room screen) holds them.
/// Carl votes in these tests; nothing else would put his name into an event or a model.
/// </summary>
public sealed class VoteVisibilityTests : WorkshopTestBase
{
    private const string Voter = "Carl Contributor";

    private async Task<(Guid Workshop, Guid Item, Guid Idea)> DotVotedAsync()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Sunday opening", Ct)).Value!.Id;
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: false, Ct);
        Events.Clear();
        var voted = await Voting.DotVoteAsync(Carl, Partnership, workshop, idea, add: true, Ct);
        Assert.Equal(1, voted.Value);
        return (workshop, item, idea);
    }

    private async Task<(Guid Workshop, PollView Poll)> PollVotedAsync()
    {
        var (workshop, item, _) = await LiveAsync();
        var poll = (await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Meet weekly?", Options = ["Yes", "No"] }, Ct)).Value!;
        Events.Clear();
        var voted = await Voting.VotePollAsync(Carl, Partnership, workshop, poll.Id, [poll.Options[0].Id], Ct);
        Assert.True(voted.Succeeded, voted.Error?.Message);
        return (workshop, poll);
    }

    [Fact]
    public async Task DotVote_BeforeReveal_PublishesNoCountsNoVoterAndNoActor()
    {
        var (_, item, _) = await DotVotedAsync();

        var published = Assert.Single(Events.Published.OfType<VotesChanged>());
        Assert.Equal(item, published.TargetId);
        Assert.Null(published.Counts);
        Assert.Null(published.ActorUserId);
        Assert.Equal(1, published.VoterCount);
        Assert.DoesNotContain(Carl, Json(published), StringComparison.Ordinal);
        Assert.DoesNotContain(Voter, Json(published), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotVote_AfterReveal_PublishesTheCountsAndNamedVoters()
    {
        var (workshop, item, idea) = await DotVotedAsync();

        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        await Voting.DotVoteAsync(Carl, Partnership, workshop, idea, add: true, Ct);

        var (revealed, next) = (Events.Published.OfType<VotesChanged>().ToList()[^2], Events.Published.OfType<VotesChanged>().Last());
        Assert.Equal([(idea, 1)], revealed.Counts!.Select(c => (c.Id, c.Count)));
        Assert.Equal([Voter], revealed.Counts!.Single().Voters);
        Assert.Equal(2, next.Counts!.Single().Count);
        Assert.Equal(Carl, next.ActorUserId);
    }

    [Fact]
    public async Task Poll_BeforeReveal_PublishesNoCountsOrVoters_EvenWhenClosed_ButTheFacilitatorGetsThem()
    {
        var (workshop, poll) = await PollVotedAsync();

        var closed = await Voting.SetPollAsync(Fran, Partnership, workshop, poll.Id, VotingState.Closed, reveal: false, Ct);

        Assert.Equal(1, closed.Value!.Counts.Single(c => c.Id == poll.Options[0].Id).Count);
        var votes = Assert.Single(Events.Published.OfType<VotesChanged>());
        Assert.Null(votes.Counts);
        Assert.Equal(1, votes.VoterCount);
        var saved = Assert.Single(Events.Published.OfType<PollSaved>());
        Assert.Equal(VotingState.Closed, saved.Poll.State);
        Assert.Empty(saved.Poll.Counts);
        Assert.Equal(1, saved.Poll.VoterCount);
        Assert.All(Events.Published, e => Assert.DoesNotContain(Voter, Json(e), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_AfterReveal_PublishesItsCountsAndVoters()
    {
        var (workshop, poll) = await PollVotedAsync();

        await Voting.SetPollAsync(Fran, Partnership, workshop, poll.Id, VotingState.Closed, reveal: true, Ct);

        var saved = Events.Published.OfType<PollSaved>().Last();
        var yes = saved.Poll.Counts.Single(c => c.Id == poll.Options[0].Id);
        Assert.Equal(1, yes.Count);
        Assert.Equal([Voter], yes.Voters);
    }

    [Theory]
    [InlineData("contributor")]
    [InlineData("observer")]
    public async Task NonFacilitator_GetsNoCountsOrVoters_BeforeReveal_AndGetsThemAfter(string who)
    {
        var (workshop, item, idea) = await DotVotedAsync();
        var poll = (await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Meet weekly?", Options = ["Yes", "No"] }, Ct)).Value!;
        await Voting.VotePollAsync(Carl, Partnership, workshop, poll.Id, [poll.Options[1].Id], Ct);

        var before = (await Workshops.GetAsync(UserFor(who), Partnership, workshop, Ct)).Value!;
        var facilitators = (await Workshops.GetAsync(Fran, Partnership, workshop, Ct)).Value!;

        Assert.False(before.DotCounts.ContainsKey(item));
        Assert.Empty(before.Polls.Single().Counts);
        Assert.Equal(1, before.Polls.Single().VoterCount);
        Assert.DoesNotContain(Voter, JsonSerializer.Serialize(before), StringComparison.Ordinal);
        Assert.Equal([Voter], facilitators.DotCounts[item].Single().Voters);
        Assert.Equal([Voter], facilitators.Polls.Single().Counts.Single().Voters);

        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        await Voting.SetPollAsync(Fran, Partnership, workshop, poll.Id, null, reveal: true, Ct);

        var after = (await Workshops.GetAsync(UserFor(who), Partnership, workshop, Ct)).Value!;
        Assert.Equal([(idea, 1)], after.DotCounts[item].Select(c => (c.Id, c.Count)));
        Assert.Equal([Voter], after.DotCounts[item].Single().Voters);
        Assert.Equal((poll.Options[1].Id, 1), (after.Polls.Single().Counts.Single().Id, after.Polls.Single().Counts.Single().Count));
    }

    [Fact]
    public async Task VoteCounts_AreReadByFacilitatorsBeforeReveal_AndByOtherMembersOnlyAfter()
    {
        var (workshop, item, idea) = await DotVotedAsync();
        var (_, otherItem, _) = await PlanAsync();

        var forFran = await Voting.VoteCountsAsync(Fran, Partnership, workshop, item, Ct);
        var forCara = await Voting.VoteCountsAsync(Cara, Partnership, workshop, item, Ct);
        var forNina = await Voting.VoteCountsAsync(Nina, Partnership, workshop, item, Ct);
        var forged = await Voting.VoteCountsAsync(Fran, Partnership, workshop, otherItem, Ct);

        Assert.Equal([(idea, 1)], forFran.Value!.Counts.Select(c => (c.Id, c.Count)));
        Assert.Equal(ErrorKind.Forbidden, forCara.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, forNina.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, forged.Error?.Kind);

        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);

        var revealed = await Voting.VoteCountsAsync(Cara, Partnership, workshop, item, Ct);
        Assert.Equal([Voter], revealed.Value!.Counts.Single().Voters);
        Assert.Equal(1, revealed.Value.VoterCount);
    }

    [Fact]
    public async Task RoomScreen_ShowsCountsOnlyOnceRevealed_EvenWithAFacilitatorSignedIn()
    {
        var (workshop, item, idea) = await DotVotedAsync();

        var before = (await Workshops.RoomAsync(Fran, Partnership, workshop, Ct)).Value!;
        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        var after = (await Workshops.RoomAsync(Fran, Partnership, workshop, Ct)).Value!;

        Assert.Empty(before.DotCounts);
        Assert.Equal([(idea, 1)], after.DotCounts[item].Select(c => (c.Id, c.Count)));
    }

    private static string Json(PartnershipEvent change) => JsonSerializer.Serialize(change, change.GetType());
}
