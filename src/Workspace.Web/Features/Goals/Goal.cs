using System.ComponentModel.DataAnnotations;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Goals;

/// <summary>A shared goal of a partnership; goals form an alignment tree through <see cref="ParentGoalId"/>.</summary>
public class Goal : IVersioned
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 20_000;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public Guid? ParentGoalId { get; set; }

    public string Title { get; set; } = "";

    /// <summary>Markdown, rendered sanitised.</summary>
    public string Description { get; set; } = "";

    public Guid? LeadOrganisationId { get; set; }

    public string? OwnerUserId { get; set; }

    public GoalStatus Status { get; set; }

    public DateOnly? DueDate { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public long Version { get; set; }

    /// <summary>
    /// Counts the pictures of the goal published to live pages (its summary, an indicator, its
    /// contributions): see <see cref="GoalSummary.Revision"/>. A concurrency token for a field save, which
    /// moves it in its own UPDATE: one moved on meanwhile by a check-in or a contribution makes the save
    /// check its field again, and it saves unless that field itself changed (a check-in never conflicts
    /// with an edit of the goal).
    /// </summary>
    public long Revision { get; set; }
}

public enum GoalStatus
{
    [Display(Name = "Not started")]
    NotStarted,
    [Display(Name = "On track")]
    OnTrack,
    [Display(Name = "At risk")]
    AtRisk,
    [Display(Name = "Off track")]
    OffTrack,
    Achieved,
    Dropped,
}

/// <summary>An organisation contributing to a goal, with what it commits.</summary>
public class GoalContribution : IVersioned
{
    public const int CommitmentMaxLength = 2_000;

    public Guid Id { get; set; }

    public Guid GoalId { get; set; }

    public Guid OrganisationId { get; set; }

    public string Commitment { get; set; } = "";

    public long Version { get; set; }
}

/// <summary>How a goal's progress is measured (a key result or KPI).</summary>
public class Indicator : IVersioned
{
    public const int NameMaxLength = 200;
    public const int UnitMaxLength = 40;
    public const int DataSourceMaxLength = 500;

    public Guid Id { get; set; }

    public Guid GoalId { get; set; }

    public Guid PartnershipId { get; set; }

    public string Name { get; set; } = "";

    public string Unit { get; set; } = "";

    public double Baseline { get; set; }

    public double Target { get; set; }

    public IndicatorDirection Direction { get; set; }

    public Cadence Cadence { get; set; }

    public string DataSource { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public long Version { get; set; }

    public List<IndicatorMilestone> Milestones { get; set; } = [];
}

public enum IndicatorDirection
{
    Increase,
    Decrease,
    Maintain,
}

public enum Cadence
{
    Weekly,
    Monthly,
    Quarterly,
    [Display(Name = "Every six months")]
    HalfYearly,
    Yearly,
}

/// <summary>A dated intermediate target of an indicator.</summary>
public class IndicatorMilestone
{
    public Guid Id { get; set; }

    public Guid IndicatorId { get; set; }

    public DateOnly Date { get; set; }

    public double TargetValue { get; set; }
}

/// <summary>A measurement of an indicator. Append-only.</summary>
public class CheckIn
{
    public const int CommentMaxLength = 1_000;

    public const int SourceMaxLength = 200;

    public Guid Id { get; set; }

    public Guid IndicatorId { get; set; }

    public double Value { get; set; }

    public DateOnly AsOf { get; set; }

    public string Comment { get; set; } = "";

    public string RecordedByUserId { get; set; } = "";

    /// <summary>What recorded the value when no person did, e.g. "API token 'Council data feed'"; null for a person.</summary>
    public string? Source { get; set; }

    public DateTime RecordedUtc { get; set; }
}

/// <summary>How confident one partner organisation is (1–5) that an indicator will reach its target. Append-only.</summary>
public class ConfidenceRecord
{
    public Guid Id { get; set; }

    public Guid IndicatorId { get; set; }

    public Guid OrganisationId { get; set; }

    public int Level { get; set; }

    public string Comment { get; set; } = "";

    public string RecordedByUserId { get; set; } = "";

    public DateTime RecordedUtc { get; set; }
}

/// <summary>Text someone is typing into a goal field, kept server-side so a refresh or restart loses nothing.</summary>
public class GoalDraft
{
    public Guid Id { get; set; }

    public Guid GoalId { get; set; }

    public string UserId { get; set; } = "";

    public string Field { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>The field's value when the person started editing, for the conflict check when the draft is saved.</summary>
    public string? OriginalText { get; set; }

    public DateTime SavedUtc { get; set; }
}
