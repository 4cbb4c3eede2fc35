using Microsoft.AspNetCore.Identity;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Data;

/// <summary>
/// A person who signs in. A person speaks for at most one organisation, and only once that is verified
/// (an invitation naming it, a verified email domain of it, approval by one of its admins, or founding it).
/// </summary>
public class ApplicationUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;
    public const int JobTitleMaxLength = 100;

    [PersonalData]
    public string DisplayName { get; set; } = "";

    [PersonalData]
    public string? JobTitle { get; set; }

    public Guid? OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    /// <summary>How the person's organisation was verified; null while they speak for none.</summary>
    public OrganisationJoinedVia? OrganisationJoinedVia { get; set; }

    public DateTime? OrganisationJoinedUtc { get; set; }

    /// <summary>An organisation admin edits its details, approves who speaks for it and registers its email domains.</summary>
    public bool IsOrganisationAdmin { get; set; }

    /// <summary>Whether published results pages may show this person's name; off until they opt in, their organisation shows instead.</summary>
    public bool ShowNameOnPublicPages { get; set; }

    public DateTime CreatedUtc { get; set; }
}
