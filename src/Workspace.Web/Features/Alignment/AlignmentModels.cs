using Workspace.Web.Features.Organisations;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Alignment;

public sealed class OwnGoalInput
{
    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The version the edit started from; ignored when adding.</summary>
    public long Version { get; set; }
}

/// <summary>One shared goal an organisation's own goal feeds, and how.</summary>
public sealed record AlignmentLink(Guid Id, Guid PartnershipId, string PartnershipName, Guid GoalId, string GoalTitle, string Note);

public sealed record OwnGoalView(Guid Id, string Title, string Description, long Version, IReadOnlyList<AlignmentLink> Feeds);

/// <summary>A shared goal the person may link their organisation's goals to (in a partnership where they contribute).</summary>
public sealed record SharedGoalOption(Guid PartnershipId, string PartnershipName, Guid GoalId, string GoalTitle);

/// <summary>The organisation's own goals, for the people who speak for it.</summary>
public sealed record OwnGoalsView(Guid OrganisationId, string OrganisationName, IReadOnlyList<OwnGoalView> Goals, IReadOnlyList<SharedGoalOption> Targets);

/// <summary>A partner organisation's own goal that feeds a shared goal, as partners see it on that goal.</summary>
public sealed record FeedingGoalView(Guid AlignmentId, string OrganisationName, Sector Sector, string Title, string Description, string Note);

/// <summary>
/// What feeds a shared goal changed (a link made or removed, a linked goal edited or removed), with the
/// goal's whole list as it now is: the same for every member, read once by the service, not per viewer.
/// </summary>
public sealed record AlignmentChanged(Guid PartnershipId, string? ActorUserId, Guid GoalId, IReadOnlyList<FeedingGoalView> Feeding)
    : PartnershipEvent(PartnershipId, ActorUserId);
