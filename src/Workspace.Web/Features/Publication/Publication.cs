using Workspace.Web.Data;

namespace Workspace.Web.Features.Publication;

/// <summary>
/// What a partnership proposes to show on its public results page. It goes public only while every
/// partner organisation has consented to its current <see cref="ProposalVersion"/> (ADR 018).
/// </summary>
public class Publication : IVersioned
{
    public const int TitleMaxLength = 120;
    public const int SummaryMaxLength = 600;
    public const int SlugMinLength = 3;
    public const int SlugMaxLength = 60;
    public const int MaxItems = 50;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    /// <summary>Lower case letters, digits and single hyphens; unique across the site.</summary>
    public string Slug { get; set; } = "";

    public string Title { get; set; } = "";

    public string Summary { get; set; } = "";

    /// <summary>The chosen goals, indicators and decisions, as JSON arrays of ids.</summary>
    public string GoalIdsJson { get; set; } = "[]";

    public string IndicatorIdsJson { get; set; } = "[]";

    public string DecisionIdsJson { get; set; } = "[]";

    /// <summary>Raised by every change to what is proposed: consents count for one proposal version only.</summary>
    public int ProposalVersion { get; set; }

    public string ProposedByUserId { get; set; } = "";

    public DateTime ProposedUtc { get; set; }

    public long Version { get; set; }
}

/// <summary>A partner organisation's consent to one version of the proposal, given and perhaps withdrawn by its people.</summary>
public class PublicationConsent : IVersioned
{
    public Guid Id { get; set; }

    public Guid PublicationId { get; set; }

    public Guid PartnershipId { get; set; }

    public Guid OrganisationId { get; set; }

    public int ProposalVersion { get; set; }

    public string ConsentedByUserId { get; set; } = "";

    public DateTime ConsentedUtc { get; set; }

    public string? WithdrawnByUserId { get; set; }

    public DateTime? WithdrawnUtc { get; set; }

    public long Version { get; set; }
}
