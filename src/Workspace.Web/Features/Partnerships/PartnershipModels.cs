using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Partnerships;

public sealed record PartnershipSummary(
    Guid Id, string Name, string Purpose, PartnershipStatus Status, PartnershipRole MyRole, int MemberCount, int OrganisationCount)
{
    /// <summary>Where opening the partnership leads: observers (managers who read) start on the dashboard, others on the overview.</summary>
    public string HomePath => MyRole == PartnershipRole.Observer ? $"p/{Id}/dashboard" : $"p/{Id}";
}

public sealed class PartnershipInput
{
    public string Name { get; set; } = "";

    public string Purpose { get; set; } = "";

    public PartnershipStatus Status { get; set; } = PartnershipStatus.Forming;

    public DecisionCounting DecisionCounting { get; set; } = DecisionCounting.EachMember;

    /// <summary>The version the edit started from; ignored on create.</summary>
    public long Version { get; set; }
}

public sealed record PartnershipOverview(
    Guid Id,
    string Name,
    string Purpose,
    PartnershipStatus Status,
    long Version,
    DateTime CreatedUtc,
    PartnershipRole MyRole,
    IReadOnlyList<MemberView> Members)
{
    public DecisionCounting DecisionCounting { get; init; }

    /// <summary>The organisations grouped by sector (in sector order), each with its people.</summary>
    public IReadOnlyList<SectorGroup> Sectors => MemberGrouping.BySector(Members);
}

public sealed record SectorGroup(Sector? Sector, IReadOnlyList<OrganisationGroup> Organisations);

public sealed record OrganisationGroup(Guid? OrganisationId, string Name, string? ParentName, IReadOnlyList<MemberView> People);

public sealed record PartnershipDetailsChanged(
    Guid PartnershipId, string? ActorUserId, string Name, string Purpose, PartnershipStatus Status, long Version)
    : PartnershipEvent(PartnershipId, ActorUserId)
{
    public DecisionCounting DecisionCounting { get; init; }
}
