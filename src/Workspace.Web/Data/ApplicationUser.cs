using Microsoft.AspNetCore.Identity;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Data;

/// <summary>A person who signs in. Every person belongs to one organisation.</summary>
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

    public DateTime CreatedUtc { get; set; }
}
