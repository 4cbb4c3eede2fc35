using Workspace.Web.Features.Organisations;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Contributions;

/// <summary>One contribution as the register shows it.</summary>
public sealed record ContributionEntry(
    Guid Id,
    Guid OrganisationId,
    string OrganisationName,
    Sector Sector,
    ContributionKind Kind,
    string Description,
    decimal? Amount,
    string? Currency,
    decimal? Days,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    ContributionStatus Status,
    DateOnly? DeliveredOn,
    IReadOnlyList<Guid> GoalIds,
    string UpdatedBy,
    DateTime UpdatedUtc,
    long Version,
    bool IsRemoved = false);

/// <summary>What a person fills in to record or change a contribution.</summary>
public sealed record ContributionInput(
    Guid OrganisationId,
    ContributionKind Kind,
    string? Description,
    decimal? Amount,
    string? Currency,
    decimal? Days,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    ContributionStatus Status,
    DateOnly? DeliveredOn,
    IReadOnlyList<Guid> GoalIds);

public sealed record PartnerOption(Guid Id, string Name, Sector Sector);

public sealed record GoalOption(Guid Id, string Title);

/// <summary>Whom the viewer may record contributions for: every partner for a facilitator, their own organisation otherwise.</summary>
public sealed record ContributionPermissions(IReadOnlyList<Guid> RecordFor, string? WhyNot)
{
    public bool MayRecordFor(Guid organisationId) => RecordFor.Contains(organisationId);
}

/// <summary>Everything the contributions page shows, read in one call.</summary>
public sealed record ContributionsView(
    IReadOnlyList<ContributionEntry> Contributions,
    IReadOnlyList<PartnerOption> Partners,
    IReadOnlyList<GoalOption> Goals,
    ContributionPermissions Can,
    string DefaultCurrency);

/// <summary>A contribution was recorded, changed, marked delivered or removed; carries its new picture.</summary>
public sealed record ContributionChanged(Guid PartnershipId, string? ActorUserId, ContributionEntry Contribution) : PartnershipEvent(PartnershipId, ActorUserId);
