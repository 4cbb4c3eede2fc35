using System.ComponentModel.DataAnnotations;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Partnerships;

/// <summary>The shared workspace of a partnership.</summary>
public class Partnership : IVersioned
{
    public const int NameMaxLength = 120;
    public const int PurposeMaxLength = 2000;

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Purpose { get; set; } = "";

    public PartnershipStatus Status { get; set; }

    /// <summary>Whether a majority decision counts members or partner organisations.</summary>
    public DecisionCounting DecisionCounting { get; set; }

    public DateTime CreatedUtc { get; set; }

    public string? CreatedByUserId { get; set; }

    public long Version { get; set; }

    public List<Membership> Memberships { get; set; } = [];
}

/// <summary>Who a majority is a majority of. The partnering agreement relies on it, so changing it dates the agreement.</summary>
public enum DecisionCounting
{
    [Display(Name = "Each member has a voice")]
    EachMember,
    [Display(Name = "Each partner organisation has one voice")]
    EachOrganisation,
}

public enum PartnershipStatus
{
    Forming,
    Active,
    Reviewing,
    Closed,
}

/// <summary>Roles in ascending order of rights: each role can do what the ones before it can.</summary>
public enum PartnershipRole
{
    Observer = 0,
    Contributor = 1,
    Facilitator = 2,
}

public class Membership : IVersioned
{
    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public Partnership? Partnership { get; set; }

    public string UserId { get; set; } = "";

    public ApplicationUser? User { get; set; }

    public PartnershipRole Role { get; set; }

    public DateTime JoinedUtc { get; set; }

    public long Version { get; set; }
}
