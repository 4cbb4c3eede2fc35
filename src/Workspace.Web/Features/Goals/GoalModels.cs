using Workspace.Web.Features.Organisations;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

/// <summary>The fields of a goal that are edited one at a time.</summary>
public enum GoalField
{
    Title,
    Description,
    Status,
    LeadOrganisation,
    Owner,
    DueDate,
    Parent,
}

/// <summary>A goal as the list and the goal page show it.</summary>
public sealed record GoalSummary(
    Guid Id,
    Guid? ParentGoalId,
    string Title,
    GoalStatus Status,
    Guid? LeadOrganisationId,
    string? LeadOrganisationName,
    Sector? LeadSector,
    string? OwnerUserId,
    string? OwnerName,
    DateOnly? DueDate,
    double? Progress,
    int IndicatorCount,
    IReadOnlyList<Guid> ContributorIds,
    DateTime UpdatedUtc,
    long Version)
{
    /// <summary>
    /// Orders the pictures of the goal that reach a live page. Each change (a field, a check-in, a
    /// contribution) publishes the goal as it then is, so two changes at once publish two pictures that
    /// may arrive in either order; a page keeps the picture with the higher revision. An indicator's
    /// picture carries the same revision (<see cref="IndicatorView.Revision"/>).
    /// </summary>
    public long Revision { get; init; }

    /// <summary>The newer of the picture a page shows and <paramref name="incoming"/>: an older picture that arrives late changes nothing.</summary>
    public static GoalSummary Newest(GoalSummary? shown, GoalSummary incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        return shown is null || incoming.Revision >= shown.Revision ? incoming : shown;
    }
}

public sealed record ContributionView(Guid Id, Guid OrganisationId, string OrganisationName, Sector Sector, string Commitment, long Version);

public sealed record GoalDetail(GoalSummary Summary, string Description, IReadOnlyList<ContributionView> Contributions, IReadOnlyList<IndicatorView> Indicators);

public sealed record MilestoneView(DateOnly Date, double TargetValue)
{
    /// <summary>The first milestone on or after <paramref name="today"/>.</summary>
    public static MilestoneView? NextOf(IEnumerable<MilestoneView> milestones, DateOnly today) =>
        milestones.Where(m => m.Date >= today).OrderBy(m => m.Date).FirstOrDefault();
}

public sealed record CheckInView(Guid Id, double Value, DateOnly AsOf, string Comment, string RecordedByName, string? RecordedByOrganisation, DateTime RecordedUtc);

public sealed record ConfidenceView(Guid OrganisationId, string OrganisationName, Sector Sector, int Level, string Comment, string RecordedByName, DateTime RecordedUtc)
{
    /// <summary>The latest confidence of each organisation, by organisation name.</summary>
    public static IReadOnlyList<ConfidenceView> LatestOfEach(IEnumerable<ConfidenceView> confidences) => [.. confidences
        .GroupBy(c => c.OrganisationId)
        .Select(g => g.OrderBy(c => c.RecordedUtc).Last())
        .OrderBy(c => c.OrganisationName, StringComparer.CurrentCultureIgnoreCase)];
}

public sealed record IndicatorView(
    Guid Id,
    Guid GoalId,
    string Name,
    string Unit,
    double Baseline,
    double Target,
    IndicatorDirection Direction,
    Cadence Cadence,
    string DataSource,
    IReadOnlyList<MilestoneView> Milestones,
    IReadOnlyList<CheckInView> CheckIns,
    IReadOnlyList<ConfidenceView> Confidences,
    long Version)
{
    /// <summary>The revision of its goal this picture of the indicator was read at (see <see cref="GoalSummary.Revision"/>); 0 when read on its own.</summary>
    public long Revision { get; init; }

    public CheckInView? Latest => CheckIns.Count == 0 ? null : CheckIns[^1];

    public double? Progress => Latest is { } latest ? GoalProgress.Of(Direction, Baseline, Target, latest.Value) : null;

    /// <summary>The latest confidence of each organisation.</summary>
    public IReadOnlyList<ConfidenceView> CurrentConfidences => ConfidenceView.LatestOfEach(Confidences);

    public MilestoneView? NextMilestone(DateOnly today) => MilestoneView.NextOf(Milestones, today);
}

/// <summary>The outcome of saving one field: saved, or a conflict the person must resolve.</summary>
public sealed record FieldSave(GoalSummary Goal, FieldConflict? Conflict)
{
    public bool Saved => Conflict is null;
}

/// <summary>Someone else changed the same field since the person started editing it.</summary>
public sealed record FieldConflict(GoalField Field, string? Theirs, string? Yours, string? ChangedByName, DateTime ChangedUtc);

public sealed class NewGoalInput
{
    public string Title { get; set; } = "";

    public Guid? ParentGoalId { get; set; }

    public Guid? LeadOrganisationId { get; set; }

    public GoalStatus Status { get; set; } = GoalStatus.NotStarted;

    public DateOnly? DueDate { get; set; }
}

public sealed record HistoryEntry(
    long Id, DateTime AtUtc, string ActorName, string EntityType, string EntityLabel, string Field, string? OldValue, string? NewValue, bool CanRestore);

public sealed record GoalSaved(Guid PartnershipId, string? ActorUserId, GoalSummary Goal, GoalField? Field, string? Description)
    : PartnershipEvent(PartnershipId, ActorUserId);

public sealed record GoalContributionsChanged(Guid PartnershipId, string? ActorUserId, Guid GoalId, IReadOnlyList<ContributionView> Contributions, GoalSummary Goal)
    : PartnershipEvent(PartnershipId, ActorUserId);

public sealed record IndicatorSaved(Guid PartnershipId, string? ActorUserId, IndicatorView Indicator, GoalSummary Goal)
    : PartnershipEvent(PartnershipId, ActorUserId);
