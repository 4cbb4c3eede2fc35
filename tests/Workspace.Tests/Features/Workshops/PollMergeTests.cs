using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>A poll's change (opened, closed, revealed) can arrive after newer counts, or after a newer change of the poll.</summary>
public sealed class PollMergeTests
{
    private static readonly Guid Poll = Guid.NewGuid();
    private static readonly Guid Option = Guid.NewGuid();

    private static PollView View(VotingState state, bool revealed, int votes) =>
        new(Poll, Guid.NewGuid(), "Meet again in March?", false, true, state, revealed, [], [new VoteCount(Option, votes, null)], votes);

    private static PollSaved Saved(PollView poll, long revision) => new(Guid.NewGuid(), null, Guid.NewGuid(), poll, revision);

    [Fact]
    public void RevealReadBeforeTheLastVote_KeepsTheNewerCountAndTakesTheReveal()
    {
        var (polls, votes) = (new SnapshotRevisions(), new SnapshotRevisions());
        polls.Accept(Poll, 3);
        votes.Accept(Poll, 5);
        var shown = View(VotingState.Open, revealed: false, votes: 7);

        var merged = PollView.Merge(shown, Saved(View(VotingState.Closed, revealed: true, votes: 6), revision: 4), polls, votes);

        Assert.Equal((VotingState.Closed, true, 7, 7), (merged.State, merged.ResultsRevealed, merged.Counts.Single().Count, merged.VoterCount));
    }

    [Fact]
    public void AnOlderChangeOfThePoll_ArrivingLate_UndoesNothing()
    {
        var (polls, votes) = (new SnapshotRevisions(), new SnapshotRevisions());
        var revealed = PollView.Merge(null, Saved(View(VotingState.Closed, revealed: true, votes: 7), revision: 8), polls, votes);

        var merged = PollView.Merge(revealed, Saved(View(VotingState.Open, revealed: false, votes: 6), revision: 7), polls, votes);

        Assert.Equal((VotingState.Closed, true, 7), (merged.State, merged.ResultsRevealed, merged.Counts.Single().Count));
    }

    [Fact]
    public void ANewerChange_TakesThePollAndItsCounts()
    {
        var (polls, votes) = (new SnapshotRevisions(), new SnapshotRevisions());
        var open = PollView.Merge(null, Saved(View(VotingState.Open, revealed: false, votes: 2), revision: 2), polls, votes);

        var merged = PollView.Merge(open, Saved(View(VotingState.Closed, revealed: false, votes: 3), revision: 3), polls, votes);

        Assert.Equal((VotingState.Closed, 3), (merged.State, merged.Counts.Single().Count));
    }
}
