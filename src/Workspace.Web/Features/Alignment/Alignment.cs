using Workspace.Web.Data;

namespace Workspace.Web.Features.Alignment;

/// <summary>
/// A goal of one partner organisation, of its own work outside the partnership; it can feed several of
/// the partnerships' shared goals (<see cref="GoalAlignment"/>). Kept by the people who speak for the
/// organisation; removal keeps the row so the record of what it fed stays readable.
/// </summary>
public class OrganisationGoal : IVersioned
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 2_000;

    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public string CreatedByUserId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DateTime? RemovedUtc { get; set; }

    public long Version { get; set; }
}

/// <summary>How one organisation's own goal feeds one shared goal, in the words of whoever linked them.</summary>
public class GoalAlignment
{
    public const int NoteMaxLength = 500;

    public Guid Id { get; set; }

    public Guid OrganisationGoalId { get; set; }

    public Guid PartnershipId { get; set; }

    /// <summary>The shared goal fed.</summary>
    public Guid GoalId { get; set; }

    public string Note { get; set; } = "";

    public string CreatedByUserId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}
