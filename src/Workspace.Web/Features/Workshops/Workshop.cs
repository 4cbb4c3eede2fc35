using System.ComponentModel.DataAnnotations;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// A live, facilitated session of a partnership. The shared timer lives here: while it runs the
/// server keeps the moment it ends, while it is paused the time that was left, so every client
/// computes the same remaining time from the server's clock.
/// </summary>
public class Workshop : IVersioned
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 2_000;
    public const int LocationMaxLength = 200;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public string Location { get; set; } = "";

    public DateTime StartsUtc { get; set; }

    public WorkshopState State { get; set; }

    public string CreatedByUserId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime? StartedUtc { get; set; }

    public DateTime? EndedUtc { get; set; }

    public string? FacilitatorUserId { get; set; }

    /// <summary>The agenda item the facilitator is on; participants follow it unless they roam.</summary>
    public Guid? CurrentItemId { get; set; }

    /// <summary>When the workshop moved to the current item, for the agenda's actual times.</summary>
    public DateTime? CurrentItemSinceUtc { get; set; }

    /// <summary>The goal under discussion, shown beside the current item.</summary>
    public Guid? FocusGoalId { get; set; }

    /// <summary>Set while the timer runs: when it reaches zero.</summary>
    public DateTime? TimerEndsUtc { get; set; }

    /// <summary>The time left while the timer is paused or not started.</summary>
    public int TimerRemainingSeconds { get; set; }

    /// <summary>The length the timer was last set to, for "reset".</summary>
    public int TimerDurationSeconds { get; set; }

    /// <summary>The log entry holding the minutes, once the workshop has ended.</summary>
    public Guid? MinutesEntryId { get; set; }

    public long Version { get; set; }
}

public enum WorkshopState
{
    Planned,
    Live,
    Ended,
}

/// <summary>One item of a workshop's agenda, with its time box and what happens on it.</summary>
public class WorkshopItem : IVersioned
{
    public const int TitleMaxLength = 200;
    public const int NotesMaxLength = 2_000;
    public const int MaxTimeBoxMinutes = 8 * 60;
    public const int MaxVotesPerPerson = 20;

    public Guid Id { get; set; }

    public Guid WorkshopId { get; set; }

    public int Position { get; set; }

    public string Title { get; set; } = "";

    public string Notes { get; set; } = "";

    public int TimeBoxMinutes { get; set; }

    public Guid? GoalId { get; set; }

    /// <summary>When the item was first taken up, and when the workshop last moved on from it.</summary>
    public DateTime? StartedUtc { get; set; }

    public DateTime? EndedUtc { get; set; }

    /// <summary>Seconds spent on the item so far (it can be visited more than once).</summary>
    public int ActualSeconds { get; set; }

    /// <summary>In private mode each participant sees only their own ideas until they are revealed.</summary>
    public bool IdeasPrivate { get; set; }

    public DateTime? IdeasRevealedUtc { get; set; }

    /// <summary>Dots each person may place on this item's ideas; 0 when there is no dot vote.</summary>
    public int VotesPerPerson { get; set; }

    public VotingState VotingState { get; set; }

    public bool VotesAnonymous { get; set; }

    public bool VotesRevealed { get; set; }

    public long Version { get; set; }

    /// <summary>
    /// Counts the changes to the item's ideas and votes (its dot vote and its polls): each published
    /// snapshot of them carries the revision its transaction moved this to (see <see cref="IdeasChanged"/>).
    /// Not a concurrency token: ideas and votes never conflict with an edit of the item.
    /// </summary>
    public long Revision { get; set; }
}

public enum VotingState
{
    [Display(Name = "Not started")]
    NotStarted,
    Open,
    Closed,
}

/// <summary>A short note a participant adds to an agenda item.</summary>
public class WorkshopIdea : IVersioned
{
    public const int TextMaxLength = 500;
    public const int GroupMaxLength = 80;

    public Guid Id { get; set; }

    public Guid WorkshopId { get; set; }

    public Guid ItemId { get; set; }

    public string AuthorUserId { get; set; } = "";

    public Guid? AuthorOrganisationId { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The group the facilitator put it in ("Funding", "Data"…), or empty.</summary>
    public string Group { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime? RemovedUtc { get; set; }

    /// <summary>The decision or action this idea became in the log.</summary>
    public Guid? LogEntryId { get; set; }

    public long Version { get; set; }
}

/// <summary>A question put to the room, single or multiple choice.</summary>
public class WorkshopPoll : IVersioned
{
    public const int QuestionMaxLength = 300;
    public const int OptionMaxLength = 200;
    public const int MaxOptions = 10;

    public Guid Id { get; set; }

    public Guid WorkshopId { get; set; }

    public Guid ItemId { get; set; }

    public string Question { get; set; } = "";

    public bool MultipleChoice { get; set; }

    public bool Anonymous { get; set; }

    public VotingState State { get; set; }

    public bool ResultsRevealed { get; set; }

    public DateTime CreatedUtc { get; set; }

    public long Version { get; set; }
}

public class WorkshopPollOption
{
    public Guid Id { get; set; }

    public Guid PollId { get; set; }

    public int Position { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>
/// A dot on an idea or a choice in a poll. The voter is stored so the budget holds and a person can
/// take a vote back; anonymous votes never leave the service with a name attached.
/// </summary>
public class WorkshopVote
{
    public Guid Id { get; set; }

    public Guid WorkshopId { get; set; }

    /// <summary>The agenda item (dot votes) or the poll (poll votes) whose budget this vote counts against.</summary>
    public Guid BallotTargetId { get; set; }

    public Guid? IdeaId { get; set; }

    public Guid? OptionId { get; set; }

    public string UserId { get; set; } = "";

    public Guid? OrganisationId { get; set; }

    public DateTime CreatedUtc { get; set; }
}

/// <summary>
/// One person's ballot for an agenda item's dot vote or a poll: every vote changes its version, so
/// two tabs voting at once cannot both spend the last dot (the second save finds a newer version).
/// </summary>
public class WorkshopBallot : IVersioned
{
    public Guid Id { get; set; }

    public Guid WorkshopId { get; set; }

    public Guid TargetId { get; set; }

    public string UserId { get; set; } = "";

    public int Used { get; set; }

    public long Version { get; set; }
}

/// <summary>
/// The notes the participants type together during a workshop (and after it, to finish them), shown in its minutes.
/// A row of its own, so typing never races the facilitator's changes on the workshop row's version.
/// </summary>
public class WorkshopNotes : IVersioned
{
    public const int TextMaxLength = 20_000;

    public Guid WorkshopId { get; set; }

    /// <summary>Markdown, rendered sanitised.</summary>
    public string Text { get; set; } = "";

    public DateTime UpdatedUtc { get; set; }

    public string UpdatedByUserId { get; set; } = "";

    public long Version { get; set; }
}

/// <summary>Who took part, for the minutes' attendance by organisation.</summary>
public class WorkshopAttendance
{
    public Guid WorkshopId { get; set; }

    public string UserId { get; set; } = "";

    public Guid? OrganisationId { get; set; }

    public DateTime FirstSeenUtc { get; set; }
}
