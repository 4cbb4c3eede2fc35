using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

public sealed record WorkshopSummary(Guid Id, string Title, DateTime StartsUtc, string Location, WorkshopState State, int ItemCount, int TotalMinutes, Guid? MinutesEntryId);

/// <summary>
/// The shared timer as the server knows it. <see cref="ServerNowUtc"/> is the server's clock when the
/// view was made, so a browser whose clock differs computes the same remaining time.
/// </summary>
public sealed record TimerView(DateTime? EndsUtc, int RemainingSeconds, int DurationSeconds, DateTime ServerNowUtc)
{
    public bool Running => EndsUtc is not null;

    public int SecondsLeftAt(DateTime nowUtc) =>
        EndsUtc is { } ends ? Math.Max(0, (int)Math.Ceiling((ends - nowUtc).TotalSeconds)) : RemainingSeconds;
}

public sealed record AgendaItemView(
    Guid Id,
    int Position,
    string Title,
    string Notes,
    int TimeBoxMinutes,
    Guid? GoalId,
    string? GoalTitle,
    DateTime? StartedUtc,
    DateTime? EndedUtc,
    int ActualSeconds,
    bool IdeasPrivate,
    bool IdeasRevealed,
    int VotesPerPerson,
    VotingState VotingState,
    bool VotesAnonymous,
    bool VotesRevealed,
    long Version)
{
    public bool IdeasHidden => IdeasPrivate && !IdeasRevealed;
}

/// <summary>What every viewer of a workshop shares: its state, agenda, the facilitator's place and the timer.</summary>
public sealed record WorkshopRunView(
    Guid Id,
    string Title,
    string Description,
    string Location,
    DateTime StartsUtc,
    WorkshopState State,
    DateTime? StartedUtc,
    DateTime? EndedUtc,
    Guid? CurrentItemId,
    Guid? FocusGoalId,
    string? FocusGoalTitle,
    TimerView Timer,
    IReadOnlyList<AgendaItemView> Items,
    Guid? MinutesEntryId,
    long Version)
{
    public AgendaItemView? CurrentItem => Items.FirstOrDefault(i => i.Id == CurrentItemId);

    public int TotalMinutes => Items.Sum(i => i.TimeBoxMinutes);
}

public sealed record IdeaView(
    Guid Id, Guid ItemId, string Text, string Group, PersonRef Author, DateTime CreatedUtc, Guid? LogEntryId, EntryKind? LogEntryKind);

/// <summary>Votes on one idea or poll option. <see cref="Voters"/> is null when the vote is anonymous.</summary>
public sealed record VoteCount(Guid Id, int Count, IReadOnlyList<string>? Voters);

/// <summary>The counts of a dot vote (target: the agenda item) or a poll, and how many people voted.</summary>
public sealed record VoteTally(Guid TargetId, IReadOnlyList<VoteCount> Counts, int VoterCount);

public sealed record PollOptionView(Guid Id, string Text);

public sealed record PollView(
    Guid Id, Guid ItemId, string Question, bool MultipleChoice, bool Anonymous, VotingState State, bool ResultsRevealed,
    IReadOnlyList<PollOptionView> Options, IReadOnlyList<VoteCount> Counts, int VoterCount)
{
    /// <summary>
    /// A poll as a page should now show it, from <paramref name="saved"/> and the poll it shows: each of
    /// the poll itself and its counts from whichever is newer (<see cref="PollSaved"/> can arrive after
    /// newer counts, or after a newer change of the poll).
    /// </summary>
    public static PollView Merge(PollView? shown, PollSaved saved, SnapshotRevisions polls, SnapshotRevisions votes)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(polls);
        ArgumentNullException.ThrowIfNull(votes);
        var poll = polls.Accept(saved.Poll.Id, saved.Revision) || shown is null ? saved.Poll : shown;
        var counts = votes.Accept(saved.Poll.Id, saved.Revision) || shown is null ? saved.Poll : shown;
        return poll with { Counts = counts.Counts, VoterCount = counts.VoterCount };
    }
}

/// <summary>Everything one viewer may see of a workshop: private ideas of others are left out until revealed.</summary>
public sealed record WorkshopDetail(
    WorkshopRunView Run,
    PartnershipRole Role,
    IReadOnlyList<IdeaView> Ideas,
    IReadOnlyDictionary<Guid, int> HiddenIdeaCounts,
    IReadOnlyDictionary<Guid, IReadOnlyList<VoteCount>> DotCounts,
    IReadOnlyDictionary<Guid, int> MyDots,
    IReadOnlyList<PollView> Polls,
    IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> MyChoices,
    IReadOnlyDictionary<Guid, long> ItemRevisions)
{
    /// <summary>Marks what this detail holds as shown: each item's ideas and dot counts, each poll and its counts.</summary>
    public void MarkShown(SnapshotRevisions ideas, SnapshotRevisions votes, SnapshotRevisions polls)
    {
        foreach (var (itemId, revision) in ItemRevisions)
        {
            ideas.Accept(itemId, revision);
            votes.Accept(itemId, revision);
        }

        foreach (var poll in Polls)
        {
            votes.Accept(poll.Id, ItemRevisions.GetValueOrDefault(poll.ItemId));
            polls.Accept(poll.Id, ItemRevisions.GetValueOrDefault(poll.ItemId));
        }
    }
}

/// <summary>What the workshop page loads at once: the viewer's detail of the workshop, the members and the goals (by title).</summary>
public sealed record WorkshopPageData(WorkshopDetail Detail, IReadOnlyList<MemberView> Members, IReadOnlyList<GoalSummary> Goals);

public sealed record EquityRow(string Organisation, Sector? Sector, int Present, int Ideas, int Votes, int Outputs, int Edits = 0);

public sealed record EquityView(IReadOnlyList<EquityRow> Organisations, int AnonymousVotes);

public sealed class WorkshopInput
{
    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public string? Location { get; set; }

    public DateTime StartsUtc { get; set; }
}

public sealed class AgendaItemInput
{
    public string Title { get; set; } = "";

    public string? Notes { get; set; }

    public int TimeBoxMinutes { get; set; } = 15;

    public Guid? GoalId { get; set; }

    public bool IdeasPrivate { get; set; }
}

public sealed class PollInput
{
    public string Question { get; set; } = "";

    public List<string> Options { get; set; } = ["", ""];

    public bool MultipleChoice { get; set; }

    public bool Anonymous { get; set; }
}

public sealed class CaptureInput
{
    public EntryKind Kind { get; set; } = EntryKind.Decision;

    public string Title { get; set; } = "";

    public string? AssigneeUserId { get; set; }

    public DateOnly? DueDate { get; set; }
}

public enum TimerCommand
{
    Start,
    Pause,
    Reset,
}

/// <summary>A workshop was planned, renamed, started, ended or (before it started) cancelled: lists update.</summary>
public sealed record WorkshopSaved(Guid PartnershipId, string? ActorUserId, WorkshopSummary Workshop, bool Cancelled = false)
    : PartnershipEvent(PartnershipId, ActorUserId)
{
    /// <summary>True when this is the workshop ending with its minutes written: the minutes page has something to show.</summary>
    public bool WroteMinutesOf(Guid workshopId) => !Cancelled && Workshop.Id == workshopId && Workshop.MinutesEntryId is not null;
}

/// <summary>
/// The shared state of a workshop changed (agenda, current item, timer, focus goal). With
/// <see cref="BringEveryone"/> participants who roam are brought back to the facilitator's place.
/// </summary>
public sealed record WorkshopRunChanged(Guid PartnershipId, string? ActorUserId, WorkshopRunView Run, bool BringEveryone)
    : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>
/// An item's ideas changed. <see cref="Ideas"/> holds the ideas everyone may see (empty while the item
/// is private and not revealed: nobody's private text travels); <see cref="HiddenCount"/> how many are still private.
/// Each change publishes the whole picture, so two people adding ideas at once publish two pictures that
/// may arrive in either order: <see cref="Revision"/> (the item's, see <see cref="WorkshopItem.Revision"/>)
/// says which is newer, and a page keeps the newest it has seen.
/// </summary>
public sealed record IdeasChanged(Guid PartnershipId, string? ActorUserId, Guid WorkshopId, Guid ItemId, IReadOnlyList<IdeaView> Ideas, int HiddenCount, long Revision)
    : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>
/// Counts of a dot vote (target: agenda item) or a poll changed. Every circuit of the partnership gets this, so
/// <see cref="Counts"/> is null (and there is no actor) until the counts are revealed: only facilitators may
/// see them before, and their pages read them (<see cref="VotingService.VoteCountsAsync"/>). Anonymous votes
/// carry no actor and no voter names. <see cref="VoterCount"/>, how many people voted, is everyone's to see.
/// <see cref="Revision"/> orders the counts as for <see cref="IdeasChanged"/> (the revision of the item the ballot belongs to).
/// </summary>
public sealed record VotesChanged(Guid PartnershipId, string? ActorUserId, Guid WorkshopId, Guid TargetId, IReadOnlyList<VoteCount>? Counts, int VoterCount, long Revision)
    : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>
/// A poll was created, opened, closed or revealed. Once its results are revealed it carries its counts too,
/// so <see cref="Revision"/> orders it against <see cref="VotesChanged"/> for the counts, and against the
/// poll's other changes for the rest; before that its counts are empty, as for <see cref="VotesChanged"/>.
/// </summary>
public sealed record PollSaved(Guid PartnershipId, string? ActorUserId, Guid WorkshopId, PollView Poll, long Revision)
    : PartnershipEvent(PartnershipId, ActorUserId);
