using Workspace.Web.Features.Organisations;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dialogue;

public sealed record PersonRef(string UserId, string Name, string? OrganisationName, Sector? Sector);

public sealed record Tally(int Agree, int Concerns, int Objects, int Abstain)
{
    public int Total => Agree + Concerns + Objects + Abstain;

    public static Tally Of(IEnumerable<Position> positions)
    {
        var list = positions.ToList();
        return new Tally(list.Count(p => p == Position.Agree), list.Count(p => p == Position.Concerns),
            list.Count(p => p == Position.Objects), list.Count(p => p == Position.Abstain));
    }
}

public sealed record LogEntryView(
    Guid Id,
    EntryKind Kind,
    string Title,
    string Body,
    PersonRef Author,
    Guid? GoalId,
    string? GoalTitle,
    DateTime CreatedUtc,
    DateTime UpdatedUtc,
    DateTime? RemovedUtc,
    string? RemovedByName,
    DecisionRule? DecisionRule,
    DateTime? DeadlineUtc,
    DateTime? ClosedUtc,
    string? Outcome,
    Tally Tally,
    PersonRef? Assignee,
    DateOnly? DueDate,
    ActionState? ActionState,
    Guid? SourceDecisionId,
    int? Likelihood,
    int? Impact,
    string? Mitigation,
    PersonRef? RiskOwner,
    RiskState? RiskState,
    int ReplyCount,
    IReadOnlyList<PersonRef> Mentioned,
    long Version)
{
    /// <summary>The workshop the entry was captured in, if any.</summary>
    public Guid? SourceWorkshopId { get; init; }

    /// <summary>A closed decision: where its rule stood at closing (see <see cref="DecisionRules"/>).</summary>
    public string? RuleAtClose { get; init; }

    /// <summary>A closed decision whose rule was not met: the facilitator's reason for closing it anyway.</summary>
    public string? RuleOverrideReason { get; init; }

    /// <summary>
    /// Orders the pictures of the entry that reach a live page. Each change (an edit, a position, a reply)
    /// publishes the entry as it then is, so two changes at once publish two pictures that may arrive in
    /// either order; a page keeps the picture with the higher revision. A page's own load reads it first,
    /// so what it loaded is at least as new as its revision.
    /// </summary>
    public long Revision { get; init; }

    public bool IsRemoved => RemovedUtc is not null;

    public bool IsOpenDecision => Kind == EntryKind.Decision && ClosedUtc is null && !IsRemoved;

    public bool IsOverdue(DateOnly today) =>
        Kind == EntryKind.Action && DueDate is { } due && due < today && ActionState is Dialogue.ActionState.Open or Dialogue.ActionState.InProgress && !IsRemoved;

    public int? RiskScore => Likelihood * Impact;
}

public sealed record PositionView(string UserId, string Name, string? OrganisationName, Sector? Sector, Position Position, string Reason, DateTime RecordedUtc);

public sealed record ReplyView(Guid Id, PersonRef Author, string Body, DateTime CreatedUtc, DateTime? RemovedUtc, string? RemovedByName, IReadOnlyList<PersonRef> Mentioned, DateTime? EditedUtc = null, long Version = 0);

public sealed record EntryChange(DateTime AtUtc, string ActorName, string EntityType, string Field, string? OldValue, string? NewValue);

public sealed record ChangedEntry(LogEntryView Entry, IReadOnlyList<EntryChange> Changes);

public sealed record AmendmentView(string Text, string ByName, DateTime CreatedUtc);

public sealed record ReactionCount(string Emoji, int Count, bool Mine);

public sealed record LogEntryDetail(
    LogEntryView Entry,
    IReadOnlyList<PositionView> Positions,
    IReadOnlyList<ReplyView> Replies,
    IReadOnlyList<AmendmentView> Amendments,
    IReadOnlyList<ReactionCount> Reactions)
{
    /// <summary>A decision's voters and how they are counted, so its rule can be evaluated as positions arrive.</summary>
    public DecisionElectorate? Electorate { get; init; }

    /// <summary>Whether the decision's rule is met by the positions so far; null for anything but a decision.</summary>
    public RuleVerdict? Verdict => Entry.DecisionRule is { } rule && Electorate is { } electorate
        ? DecisionRules.Evaluate(rule, electorate.Counting, electorate.Voters, Positions.Select(p => (p.UserId, p.Position)))
        : null;
}

public sealed record DecisionElectorate(Partnerships.DecisionCounting Counting, IReadOnlyList<Voter> Voters);

public sealed class EntryInput
{
    public EntryKind Kind { get; set; } = EntryKind.Note;

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public Guid? GoalId { get; set; }

    public List<string> Mentions { get; set; } = [];

    public DecisionRule DecisionRule { get; set; } = DecisionRule.Consent;

    public DateTime? DeadlineUtc { get; set; }

    public string? AssigneeUserId { get; set; }

    public DateOnly? DueDate { get; set; }

    public ActionState ActionState { get; set; } = ActionState.Open;

    public Guid? SourceDecisionId { get; set; }

    /// <summary>
    /// Set once by the form that composes a new entry: a second post with the same id (a double click, a
    /// retry after a timeout) returns the first entry instead of storing another. Ignored by edits.
    /// </summary>
    public Guid? SubmissionId { get; set; }

    /// <summary>The workshop the entry is captured in; set when posting only.</summary>
    public Guid? SourceWorkshopId { get; set; }

    public int? Likelihood { get; set; }

    public int? Impact { get; set; }

    public string? Mitigation { get; set; }

    public string? RiskOwnerUserId { get; set; }

    public RiskState RiskState { get; set; } = RiskState.Open;

    /// <summary>The version the edit started from; ignored when posting.</summary>
    public long Version { get; set; }
}

public sealed class LogFilter
{
    public IReadOnlyCollection<EntryKind> Kinds { get; set; } = [];

    public Guid? GoalId { get; set; }

    public Guid? OrganisationId { get; set; }

    public Sector? Sector { get; set; }

    public string? AuthorUserId { get; set; }

    /// <summary>open, closed, overdue or null for any.</summary>
    public string? State { get; set; }

    public string? Search { get; set; }

    /// <summary>How many of the choices beside the search narrow the log: a phone folds them away and shows this count.</summary>
    public int Narrowing =>
        (Kinds.Count > 0 ? 1 : 0) + (GoalId is null ? 0 : 1) + (OrganisationId is null ? 0 : 1)
        + (Sector is null ? 0 : 1) + (string.IsNullOrEmpty(AuthorUserId) ? 0 : 1) + (string.IsNullOrEmpty(State) ? 0 : 1);
}

public sealed record LogResults(IReadOnlyList<LogEntryView> Entries, int Total, DateTime? LastSeenUtc);

/// <summary>An entry was posted, edited, removed, changed state, or a decision was closed or amended.</summary>
public sealed record LogEntrySaved(Guid PartnershipId, string? ActorUserId, LogEntryView Entry)
    : PartnershipEvent(PartnershipId, ActorUserId)
{
    /// <summary>A decision's amendments, all of them, when one was added; null for every other change.</summary>
    public IReadOnlyList<AmendmentView>? Amendments { get; init; }
}

/// <summary>Positions on a decision changed; carries them all so viewers can re-tally without a read.</summary>
public sealed record PositionsChanged(Guid PartnershipId, string? ActorUserId, Guid EntryId, IReadOnlyList<PositionView> Positions, LogEntryView Entry)
    : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>Someone reacted to an entry or took a reaction back; carries every reaction so each viewer sees which are theirs.</summary>
public sealed record ReactionsChanged(Guid PartnershipId, string? ActorUserId, Guid EntryId, long Revision, IReadOnlyList<ReactionFact> Reactions)
    : PartnershipEvent(PartnershipId, ActorUserId);

public sealed record ReactionFact(string Emoji, string UserId);

public sealed record ReplyPosted(Guid PartnershipId, string? ActorUserId, Guid EntryId, ReplyView Reply, LogEntryView Entry)
    : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>Everything the log page shows when it opens (see <see cref="LogService.GetLogPageAsync"/>).</summary>
public sealed record LogPageData(
    LogResults Results,
    int UnreadCount,
    Partnerships.PartnershipRole Role,
    IReadOnlyList<Members.MemberView> Members,
    IReadOnlyList<Goals.GoalSummary> Goals,
    IReadOnlyList<LogEntryView> ForMe,
    IReadOnlyList<LogEntryView> OpenRisks,
    DateOnly Today);

/// <summary>Everything an entry's page shows when it opens (see <see cref="LogService.GetEntryPageAsync"/>).</summary>
public sealed record EntryPageData(LogEntryDetail Detail, Partnerships.PartnershipRole Role, IReadOnlyList<Members.MemberView> Members, DateOnly Today);
