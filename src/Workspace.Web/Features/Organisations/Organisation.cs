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
