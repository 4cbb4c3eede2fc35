using System.ComponentModel.DataAnnotations;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Contributions;

/// <summary>What a partner brings. Only money has an amount and only staff time has days; the others are counted.</summary>
public enum ContributionKind
{
    [Display(Name = "Money")]
    Money,
    [Display(Name = "Staff time")]
    StaffTime,
    [Display(Name = "Expertise")]
    Expertise,
    // "Data" alone is a type name in the eyes of CA1720.
    [Display(Name = "Data")]
    DataSharing,
    [Display(Name = "Facilities")]
    Facilities,
    [Display(Name = "Networks")]
    Networks,
}

public enum ContributionStatus
{
    [Display(Name = "Committed")]
    Committed,
    [Display(Name = "Delivered")]
    Delivered,
}

/// <summary>One contribution a partner organisation commits to the partnership, and whether it has been delivered.</summary>
public class Contribution : IVersioned
{
    public const int DescriptionMaxLength = 500;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public Guid OrganisationId { get; set; }

    public ContributionKind Kind { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Money only: the amount, in <see cref="Currency"/>.</summary>
    public decimal? Amount { get; set; }

    /// <summary>Money only: an ISO 4217 code such as GBP or EUR. Amounts in different currencies are never added up.</summary>
    public string? Currency { get; set; }

    /// <summary>Staff time only: person-days.</summary>
    public decimal? Days { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public ContributionStatus Status { get; set; }

    public DateOnly? DeliveredOn { get; set; }

    public DateTime CreatedUtc { get; set; }

    public string CreatedByUserId { get; set; } = "";

    public DateTime UpdatedUtc { get; set; }

    public string UpdatedByUserId { get; set; } = "";

    /// <summary>Set when removed: the row stays for the record and its audit history, and is no longer counted.</summary>
    public DateTime? RemovedUtc { get; set; }

    public long Version { get; set; }

    public List<ContributionGoal> Goals { get; set; } = [];
}

/// <summary>A shared goal a contribution supports.</summary>
public class ContributionGoal
{
    public Guid ContributionId { get; set; }

    public Guid GoalId { get; set; }
}
