using Workspace.Web.Components.Common;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>What the room screen shows: the workshop, and while it runs its current item.</summary>
public sealed record RoomScreenModel(string Title, WorkshopState State, RoomScreenItem? Item);

/// <summary>
/// The current item as the room sees it: its ideas (by dots once the votes are revealed), how many are
/// still private, and the polls whose results are revealed.
/// </summary>
public sealed record RoomScreenItem(
    int Number, int Of, string Title, string? Goal, string Notes, TimerView Timer,
    bool IdeasHidden, int IdeaCount, bool VotesRevealed, ValueList<RoomScreenIdea> Ideas, ValueList<RoomScreenPoll> Polls);

public sealed record RoomScreenIdea(Guid Id, string Text, int Dots);

public sealed record RoomScreenPoll(Guid Id, string Question, ValueList<RoomScreenOption> Options)
{
    /// <summary>All votes cast, at least one so that no bar divides by zero.</summary>
    public int Total => Math.Max(1, Options.Sum(o => o.Votes));
}

public sealed record RoomScreenOption(Guid Id, string Text, int Votes);

/// <summary>
/// The room screen in memory, loaded by <see cref="WorkshopService.RoomAsync"/> (only what everyone may
/// see). Events of the workshop arrive with their data; an event changes the screen only when the model
/// the room sees differs afterwards, so ideas on another item, unrevealed votes or presence render nothing.
/// </summary>
public sealed class RoomScreenState
{
    private readonly Guid _partnershipId;
    private WorkshopRunView _run = default!;
    private List<IdeaView> _ideas = [];
    private Dictionary<Guid, IReadOnlyList<VoteCount>> _dotCounts = [];
    private List<PollView> _polls = [];
    // Per private item, how many ideas it has: all the room may know of them before the reveal.
    private Dictionary<Guid, int> _hiddenCounts = [];
    // Pictures published at once may arrive out of order: each keeps the newest revision it has seen.
    private SnapshotRevisions _ideaRevisions = new();
    private SnapshotRevisions _voteRevisions = new();
    private SnapshotRevisions _pollRevisions = new();

    public RoomScreenState(Guid partnershipId, WorkshopDetail detail)
    {
        _partnershipId = partnershipId;
        Resync(detail);
    }

    public RoomScreenModel Model { get; private set; } = default!;

    /// <summary>Takes the room as read again (after events were missed), with its revisions.</summary>
    public void Resync(WorkshopDetail fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        _run = fresh.Run;
        _ideas = [.. fresh.Ideas];
        _hiddenCounts = new(fresh.HiddenIdeaCounts);
        _dotCounts = new(fresh.DotCounts);
        _polls = [.. fresh.Polls];
        (_ideaRevisions, _voteRevisions, _pollRevisions) = (new(), new(), new());
        fresh.MarkShown(_ideaRevisions, _voteRevisions, _pollRevisions);
        Model = Build();
    }

    /// <summary>Applies a live event; true when what the room sees changed.</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != _partnershipId || !Take(change))
        {
            return false;
        }

        var before = Model;
        Model = Build();
        return !Equals(before, Model);
    }

    private bool Take(PartnershipEvent change)
    {
        switch (change)
        {
            case WorkshopRunChanged run when run.Run.Id == _run.Id:
                _run = run.Run;
                return true;
            case IdeasChanged ideas when ideas.WorkshopId == _run.Id && _ideaRevisions.Accept(ideas.ItemId, ideas.Revision):
                _ideas.RemoveAll(i => i.ItemId == ideas.ItemId);
                _ideas.AddRange(ideas.Ideas);
                _hiddenCounts[ideas.ItemId] = ideas.HiddenCount;
                return true;
            // Counts travel only once revealed; before that the room has nothing to show.
            case VotesChanged { Counts: { } counts } votes when votes.WorkshopId == _run.Id && _voteRevisions.Accept(votes.TargetId, votes.Revision):
                if (_polls.FindIndex(p => p.Id == votes.TargetId) is var index and >= 0)
                {
                    _polls[index] = _polls[index] with { Counts = counts };
                }
                else
                {
                    _dotCounts[votes.TargetId] = counts;
                }

                return true;
            case PollSaved poll when poll.WorkshopId == _run.Id:
                var shown = _polls.FirstOrDefault(p => p.Id == poll.Poll.Id);
                _polls.RemoveAll(p => p.Id == poll.Poll.Id);
                _polls.Add(PollView.Merge(shown, poll, _pollRevisions, _voteRevisions));
                return true;
            default:
                return false;
        }
    }

    private RoomScreenModel Build()
    {
        if (_run.CurrentItem is not { } item || _run.State != WorkshopState.Live)
        {
            return new RoomScreenModel(_run.Title, _run.State, null);
        }

        var ideas = _ideas.Where(i => i.ItemId == item.Id).ToList();
        var counts = item.VotesRevealed ? _dotCounts.GetValueOrDefault(item.Id) ?? [] : [];
        var shownIdeas = item.IdeasHidden
            ? ValueList<RoomScreenIdea>.Empty
            : ideas.Select(i => new RoomScreenIdea(i.Id, i.Text, counts.FirstOrDefault(c => c.Id == i.Id)?.Count ?? 0))
                .OrderByDescending(i => i.Dots).ToValueList();
        var polls = _polls.Where(p => p.ItemId == item.Id && p.ResultsRevealed)
            .Select(p => new RoomScreenPoll(p.Id, p.Question,
                p.Options.Select(o => new RoomScreenOption(o.Id, o.Text, p.Counts.FirstOrDefault(c => c.Id == o.Id)?.Count ?? 0)).ToValueList()))
            .ToValueList();
        return new RoomScreenModel(_run.Title, _run.State, new RoomScreenItem(
            item.Position + 1, _run.Items.Count, item.Title, _run.FocusGoalTitle, item.Notes, _run.Timer,
            item.IdeasHidden, item.IdeasHidden ? _hiddenCounts.GetValueOrDefault(item.Id) : ideas.Count, item.VotesRevealed, shownIdeas, polls));
    }
}
