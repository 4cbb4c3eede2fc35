using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// What the workshop page shows to one viewer: loaded by <see cref="WorkshopService.GetPageAsync"/>, kept
/// current by <see cref="Apply"/> without reading the database, and shown as one immutable record per part
/// (<see cref="Header"/>, <see cref="Plan"/>, <see cref="Room"/>, <see cref="Record"/>). It holds only what
/// the service let this viewer see; what it needs read (counts a facilitator may see, a reload) it asks for
/// in <see cref="TakeFollowUps"/>. It also keeps the viewer's own place: the item they roam to, the idea they type.
/// </summary>
public sealed partial class WorkshopRoomState
{
    private readonly string _userId;
    private readonly Guid _partnershipId;
    private readonly SnapshotRevisions _ideaRevisions = new();
    private readonly SnapshotRevisions _voteRevisions = new();
    private readonly SnapshotRevisions _pollRevisions = new();
    private readonly HashSet<Guid> _talliesWanted = [];
    private Dictionary<Guid, List<IdeaView>> _ideas = [];

    /// <summary>Per private item, how many ideas there are in all (mine included) — the only thing others' private ideas reveal.</summary>
    private Dictionary<Guid, int> _hidden = [];
    private Dictionary<Guid, IReadOnlyList<VoteCount>> _dotCounts = [];
    private Dictionary<Guid, int> _myDots = [];
    private List<PollView> _polls = [];
    private Dictionary<Guid, IReadOnlyList<Guid>> _myChoices = [];
    private IReadOnlyList<PresenceEntry> _present = [];
    private EquityView? _equity;
    private Guid? _viewItemId;
    private bool _roaming;
    private bool _busy;
    private string? _ideaText;
    private string? _ideaError;
    private bool _reloadWanted;
    private bool _equityStale;
    private long _loadsStarted;
    private long _loadShown;

    public WorkshopRoomState(WorkshopPageData page, string userId, Guid partnershipId)
    {
        ArgumentNullException.ThrowIfNull(page);
        _userId = userId;
        _partnershipId = partnershipId;
        Run = page.Detail.Run;
        Members = page.Members;
        Goals = page.Goals;
        Take(page);
    }

    public WorkshopRunView Run { get; private set; }

    public PartnershipRole Role { get; private set; }

    public IReadOnlyList<MemberView> Members { get; private set; }

    /// <summary>The partnership's goals, by title.</summary>
    public IReadOnlyList<GoalSummary> Goals { get; private set; }

    /// <summary>The workshop was cancelled while shown.</summary>
    public bool Cancelled { get; private set; }

    public bool Busy => _busy;

    public string? IdeaText => _ideaText;

    public bool IsFacilitator => Role == PartnershipRole.Facilitator;

    public bool CanTakePart => Role >= PartnershipRole.Contributor;

    public string Location => $"workshop/{Run.Id}";

    public AgendaItemView? CurrentItem => Run.CurrentItem;

    public AgendaItemView? ViewedItem => Run.Items.FirstOrDefault(i => i.Id == (_roaming ? _viewItemId : Run.CurrentItemId)) ?? CurrentItem;

    /// <summary>Applies a live event; true when something shown changed. Events of other workshops change nothing.</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != _partnershipId)
        {
            return false;
        }

        switch (change)
        {
            case WorkshopRunChanged run when run.Run.Id == Run.Id:
                var wasEnded = Run.State == WorkshopState.Ended;
                Run = run.Run;
                _roaming &= !run.BringEveryone;
                // The record shows every idea and count as they ended: read them once.
                _reloadWanted |= !wasEnded && run.Run.State == WorkshopState.Ended;
                _equityStale = true;
                return Changed();
            case IdeasChanged ideas when ideas.WorkshopId == Run.Id:
                if (!_ideaRevisions.Accept(ideas.ItemId, ideas.Revision))
                {
                    return false;
                }

                ApplyIdeas(ideas);
                // Possibly my own private idea from another tab: only I may read it back.
                _reloadWanted |= ideas.Ideas.Count == 0 && ideas.HiddenCount > 0 && ideas.ActorUserId == _userId && !_busy;
                _equityStale = true;
                return Changed();
            case VotesChanged votes when votes.WorkshopId == Run.Id:
                if (!_voteRevisions.Accept(votes.TargetId, votes.Revision))
                {
                    return false;
                }

                ApplyCounts(votes.TargetId, votes.Counts, votes.VoterCount);
                _equityStale = true;
                return Changed();
            case PollSaved poll when poll.WorkshopId == Run.Id:
                ApplyPoll(poll);
                return Changed();
            case PresenceChanged presence when presence.Location == Location:
                _present = PresenceLists.Latest(_present, presence.People);
                _equityStale = true;
                return Changed();
            case MemberRoleChanged role:
                Members = [.. Members.Select(m => m.UserId == role.UserId ? m with { Role = role.Role } : m)];
                if (role.UserId != _userId)
                {
                    return false;
                }

                // What the page holds depends on the role (unrevealed counts are facilitators'): read it again as the new role.
                Role = role.Role;
                _reloadWanted = true;
                return Changed();
            case WorkshopSaved saved when saved.Workshop.Id == Run.Id && saved.Cancelled:
                Cancelled = true;
                return true;
            case WorkshopSaved saved when saved.Workshop.Id == Run.Id && saved.Workshop.MinutesEntryId is { } minutes && Run.MinutesEntryId != minutes:
                // The minutes are written after the end is published: this is the first news of them.
                Run = Run with { MinutesEntryId = minutes };
                return Changed();
            default:
                // Edits to goals and the log during the session count in the equity view.
                _equityStale |= change is GoalSaved or IndicatorSaved or Dialogue.LogEntrySaved or Dialogue.PositionsChanged or Dialogue.ReplyPosted;
                return false;
        }
    }

    /// <summary>Takes a fresh load (after missed events, a role change or the end), keeping the viewer's place and typed idea.</summary>
    public void Resync(WorkshopPageData fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        Run = fresh.Detail.Run;
        Members = fresh.Members;
        Goals = fresh.Goals;
        Take(fresh);
        Changed();
    }

    /// <summary>
    /// Numbers a load about to start. Loads run side by side (one asked by an event, one after a command), and
    /// one started earlier can end later with older data: <see cref="Resync(WorkshopPageData, long)"/> drops it.
    /// </summary>
    public long StartLoad() => ++_loadsStarted;

    /// <summary>Takes the load numbered <paramref name="load"/> unless a later one is already shown; false when dropped.</summary>
    public bool Resync(WorkshopPageData fresh, long load)
    {
        if (load < _loadShown)
        {
            return false;
        }

        _loadShown = load;
        Resync(fresh);
        return true;
    }

    /// <summary>What the page should read now, as asked by the events applied since the last call.</summary>
    public WorkshopFollowUps TakeFollowUps()
    {
        var followUps = new WorkshopFollowUps(_reloadWanted, [.. _talliesWanted], _equityStale && IsFacilitator && Run.State == WorkshopState.Live);
        (_reloadWanted, _equityStale) = (false, false);
        _talliesWanted.Clear();
        return followUps;
    }

    /// <summary>Counts a facilitator read because the event did not carry them.</summary>
    public bool ApplyTally(VoteTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ApplyCounts(tally.TargetId, tally.Counts, tally.VoterCount);
        return Changed();
    }

    /// <summary>Fresh equity figures; false when they are the ones shown.</summary>
    public bool ApplyEquity(EquityView? equity)
    {
        if (equity is not null && _equity is not null && equity.AnonymousVotes == _equity.AnonymousVotes && equity.Organisations.SequenceEqual(_equity.Organisations))
        {
            return false;
        }

        _equity = equity;
        return Changed();
    }

    public void SetPresent(IReadOnlyList<PresenceEntry> present)
    {
        _present = present;
        Changed();
    }

    /// <summary>The run as one of the viewer's own commands left it.</summary>
    public void SetRun(WorkshopRunView run)
    {
        Run = run;
        Changed();
    }

    public void SetBusy(bool busy)
    {
        _busy = busy;
        Changed();
    }

    /// <summary>A participant looks at another item (the facilitator moves everyone instead).</summary>
    public void View(AgendaItemView item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _viewItemId = item.Id;
        _roaming = item.Id != Run.CurrentItemId;
        Changed();
    }

    public void FollowFacilitator()
    {
        _roaming = false;
        Changed();
    }

    public void SetIdeaText(string? text)
    {
        _ideaText = text;
        Changed();
    }

    /// <summary>The viewer's idea was saved (the form empties) or refused (the form says why).</summary>
    public void IdeaAdded(IdeaView? idea, string? error)
    {
        _ideaError = error;
        if (idea is not null)
        {
            _ideaText = "";
            if (!IdeasOf(idea.ItemId).Exists(i => i.Id == idea.Id))
            {
                _ideas[idea.ItemId] = [.. IdeasOf(idea.ItemId), idea];
            }
        }

        Changed();
    }

    public void IdeaRemoved(IdeaView idea)
    {
        ArgumentNullException.ThrowIfNull(idea);
        _ideas[idea.ItemId] = IdeasOf(idea.ItemId).FindAll(i => i.Id != idea.Id);
        Changed();
    }

    public void MyDotsChanged(Guid ideaId, int dots)
    {
        _myDots[ideaId] = dots;
        Changed();
    }

    public void PollAdded(PollView poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        if (!_polls.Exists(p => p.Id == poll.Id))
        {
            _polls.Add(poll);
            Changed();
        }
    }

    public void PollVoted(Guid pollId, IReadOnlyList<Guid> choices)
    {
        _myChoices[pollId] = choices;
        Changed();
    }

    /// <summary>The groups the ideas of an item are in, for the facilitator to put another idea in.</summary>
    public IReadOnlyList<string> GroupsOf(Guid itemId) =>
        [.. IdeasOf(itemId).Where(i => i.Group.Length > 0).Select(i => i.Group).Distinct().Order(StringComparer.CurrentCulture)];

    private void Take(WorkshopPageData page)
    {
        var detail = page.Detail;
        Role = detail.Role;
        _ideas = detail.Ideas.GroupBy(i => i.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        _cardModels.Clear();
        _hidden = detail.HiddenIdeaCounts.ToDictionary(h => h.Key, h => h.Value + IdeasOf(h.Key).Count);
        _dotCounts = new(detail.DotCounts);
        _myDots = new(detail.MyDots);
        _polls = [.. detail.Polls];
        _myChoices = new(detail.MyChoices);
        detail.MarkShown(_ideaRevisions, _voteRevisions, _pollRevisions);
    }

    private void ApplyPoll(PollSaved saved)
    {
        var at = _polls.FindIndex(p => p.Id == saved.Poll.Id);
        var merged = PollView.Merge(at >= 0 ? _polls[at] : null, saved, _pollRevisions, _voteRevisions);
        if (at >= 0)
        {
            _polls[at] = merged;
        }
        else
        {
            _polls.Add(merged);
        }

        if (!merged.ResultsRevealed && IsFacilitator)
        {
            // The event carries no counts before the reveal: a facilitator's page reads them.
            _talliesWanted.Add(merged.Id);
        }
    }

    /// <summary>
    /// New counts of a dot vote or a poll. Events carry them only once revealed; before that a facilitator's
    /// page reads them, and anyone else's keeps showing none (but a poll's number of voters).
    /// </summary>
    private void ApplyCounts(Guid targetId, IReadOnlyList<VoteCount>? counts, int voterCount)
    {
        if (counts is null && IsFacilitator)
        {
            _talliesWanted.Add(targetId);
        }

        if (_polls.FindIndex(p => p.Id == targetId) is var index and >= 0)
        {
            _polls[index] = _polls[index] with { Counts = counts ?? _polls[index].Counts, VoterCount = voterCount };
        }
        else if (counts is not null)
        {
            _dotCounts[targetId] = counts;
        }
    }

    private void ApplyIdeas(IdeasChanged change)
    {
        if (change.Ideas.Count == 0 && change.HiddenCount > 0)
        {
            _hidden[change.ItemId] = change.HiddenCount;
            return;
        }

        // Keep each idea already shown where it did not change, so the cards compare it by reference. The
        // ideas come oldest first: one that is still there is mostly at the same place, or one place up.
        var shown = IdeasOf(change.ItemId);
        var ideas = new List<IdeaView>(change.Ideas.Count);
        var offset = 0;
        for (var i = 0; i < change.Ideas.Count; i++)
        {
            var idea = change.Ideas[i];
            if (i + offset < shown.Count && shown[i + offset].Id != idea.Id && i + offset + 1 < shown.Count && shown[i + offset + 1].Id == idea.Id)
            {
                offset++;
            }

            ideas.Add(i + offset < shown.Count && shown[i + offset] is var same && same.Id == idea.Id && same.Equals(idea) ? same : idea);
        }

        _ideas[change.ItemId] = ideas;
        _hidden.Remove(change.ItemId);
    }

    private List<IdeaView> IdeasOf(Guid itemId) => _ideas.GetValueOrDefault(itemId) ?? [];
}
