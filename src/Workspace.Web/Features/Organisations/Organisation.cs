using System.ComponentModel.DataAnnotations;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Organisations;

/// <summary>A partner body; a government department or unit is one too.</summary>
public class Organisation : IVersioned
{
    public const int NameMaxLength = 200;

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public Sector Sector { get; set; }

    public Guid? ParentId { get; set; }

    public Organisation? Parent { get; set; }

    public DateTime CreatedUtc { get; set; }

    public long Version { get; set; }
}

public enum Sector
{
    Public,
    Private,
    [Display(Name = "Civil society")]
    CivilSociety,
    Academic,
    Other,
}

/// <summary>How a person came to speak for their organisation.</summary>
public enum OrganisationJoinedVia
{
    /// <summary>They added the organisation to the directory, and became its first admin.</summary>
    Founded,
    /// <summary>Their confirmed email address is in a domain the organisation registered.</summary>
    [Display(Name = "Verified email domain")]
    EmailDomain,
    /// <summary>An invitation from a colleague who speaks for the organisation named it.</summary>
    Invitation,
    /// <summary>One of the organisation's admins approved their request.</summary>
    [Display(Name = "Approved by an admin")]
    AdminApproval,
    /// <summary>They belonged to it before organisations were verified.</summary>
    [Display(Name = "Before verification")]
    BeforeVerification,
}

/// <summary>An email domain an organisation registered: people with a confirmed address in it join without approval.</summary>
public class OrganisationDomain
{
    public const int DomainMaxLength = 253;

    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>Lower case, without "@" (e.g. "justice.gov.example").</summary>
    public string Domain { get; set; } = "";

    public string AddedByUserId { get; set; } = "";

    public DateTime AddedUtc { get; set; }
}

/// <summary>A person's request to speak for an organisation, decided by one of its admins.</summary>
public class OrganisationJoinRequest : IVersioned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public string UserId { get; set; } = "";

    public DateTime RequestedUtc { get; set; }

    public JoinRequestState State { get; set; }

    public string? DecidedByUserId { get; set; }

    public DateTime? DecidedUtc { get; set; }

    public long Version { get; set; }
}

public enum JoinRequestState
{
    Pending,
    Approved,
    Declined,
    Withdrawn,
}
