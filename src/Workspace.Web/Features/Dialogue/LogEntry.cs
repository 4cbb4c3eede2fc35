using System.ComponentModel.DataAnnotations;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Dialogue;

/// <summary>One item of a partnership's shared dialogue log. Nothing is deleted: removal leaves a tombstone.</summary>
public class LogEntry : IVersioned
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20_000;
    public const int OutcomeMaxLength = 5_000;
    public const int MitigationMaxLength = 5_000;
    public const int RuleTextMaxLength = 300;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public EntryKind Kind { get; set; }

    public string Title { get; set; } = "";

    /// <summary>Markdown, rendered sanitised.</summary>
    public string Body { get; set; } = "";

    public string AuthorUserId { get; set; } = "";

    /// <summary>The organisation the author spoke for when posting; kept even if they move on.</summary>
    public Guid? AuthorOrganisationId { get; set; }

    public Guid? GoalId { get; set; }

    /// <summary>The workshop this entry was captured in (a decision or action from an idea, or the minutes).</summary>
    public Guid? SourceWorkshopId { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>Chosen by the form once per composed entry, so posting it twice stores it once.</summary>
    public Guid? SubmissionId { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DateTime? RemovedUtc { get; set; }

    public string? RemovedByUserId { get; set; }

    // Decision
    public DecisionRule? DecisionRule { get; set; }

    public DateTime? DeadlineUtc { get; set; }

    public DateTime? ClosedUtc { get; set; }

    public string? ClosedByUserId { get; set; }

    public string? Outcome { get; set; }

    /// <summary>Where the decision's rule stood when it closed ("Consent given: no objections among 6 positions").</summary>
    public string? RuleAtClose { get; set; }

    /// <summary>Why a facilitator closed the decision although its rule was not met; null when it was met.</summary>
    public string? RuleOverrideReason { get; set; }

    // Action
    public string? AssigneeUserId { get; set; }

    public DateOnly? DueDate { get; set; }

    public ActionState? ActionState { get; set; }

    public Guid? SourceDecisionId { get; set; }

    // Risk
    public int? Likelihood { get; set; }

    public int? Impact { get; set; }

    public string? Mitigation { get; set; }

    public string? RiskOwnerUserId { get; set; }

    public RiskState? RiskState { get; set; }

    public long Version { get; set; }

    /// <summary>
    /// Counts the pictures of the entry published to live pages (its fields, tally, replies and
    /// positions): see <see cref="LogEntryView.Revision"/>. Not a concurrency token: a position or a
    /// reply never conflicts with an edit of the entry.
    /// </summary>
    public long Revision { get; set; }
}

public enum EntryKind
{
    Note,
    Question,
    Decision,
    Action,
    Risk,
}

public enum DecisionRule
{
    [Display(Name = "Consensus (everyone agrees)")]
    Consensus,
    [Display(Name = "Consent (no one objects)")]
    Consent,
    [Display(Name = "Majority vote")]
    Majority,
}

public enum ActionState
{
    Open,
    [Display(Name = "In progress")]
    InProgress,
    Done,
    Cancelled,
}

public enum RiskState
{
    Open,
    Mitigated,
    Closed,
}

public enum Position
{
    Agree,
    Concerns,
    [Display(Name = "Object")]
    Objects,
    Abstain,
}

/// <summary>A member's position on a decision, with their reason; changeable until the decision closes.</summary>
public class DecisionPosition
{
    public const int ReasonMaxLength = 2_000;

    public Guid Id { get; set; }

    public Guid EntryId { get; set; }

    public string UserId { get; set; } = "";

    public Guid? OrganisationId { get; set; }

    public Position Position { get; set; }

    public string Reason { get; set; } = "";

    public DateTime RecordedUtc { get; set; }
}

/// <summary>A recorded change to a closed decision; the original outcome stays visible.</summary>
public class DecisionAmendment
{
    public Guid Id { get; set; }

    public Guid EntryId { get; set; }

    public string Text { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

/// <summary>A reply in an entry's thread.</summary>
public class LogReply : IVersioned
{
    public Guid Id { get; set; }

    public Guid EntryId { get; set; }

    public string AuthorUserId { get; set; } = "";

    public Guid? AuthorOrganisationId { get; set; }

    public string Body { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    /// <summary>Chosen by the form once per composed reply, so sending it twice stores it once.</summary>
    public Guid? SubmissionId { get; set; }

    /// <summary>When the author last edited the reply; every edit is also in the entry's history.</summary>
    public DateTime? EditedUtc { get; set; }

    public DateTime? RemovedUtc { get; set; }

    public string? RemovedByUserId { get; set; }

    public long Version { get; set; }
}

/// <summary>A member mentioned in an entry or a reply, who finds it under "For me".</summary>
public class LogMention
{
    public Guid Id { get; set; }

    public Guid EntryId { get; set; }

    public Guid? ReplyId { get; set; }

    public string UserId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

public class LogReaction
{
    public Guid Id { get; set; }

    public Guid EntryId { get; set; }

    public string UserId { get; set; } = "";

    public string Emoji { get; set; } = "";
}

/// <summary>When a person last looked at a partnership's log, for "new since you last looked".</summary>
public class LogReadState
{
    public Guid PartnershipId { get; set; }

    public string UserId { get; set; } = "";

    public DateTime LastSeenUtc { get; set; }
}
