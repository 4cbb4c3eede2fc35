using Workspace.Web.Components.Common;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Publication;

/// <summary>Where a partner organisation's consent to the current proposal stands.</summary>
public enum ConsentState
{
    Awaiting,
    Consented,
    Withdrawn,
}

/// <summary>A partner organisation's consent as the proposal page shows it (the consenting person's name is for members only).</summary>
public sealed record PartnerConsent(
    Guid OrganisationId,
    string Name,
    Sector Sector,
    ConsentState State,
    string? ByName,
    DateTime? AtUtc,
    bool JoinedAfterProposal);

/// <summary>A goal, indicator or decision a facilitator may choose to publish.</summary>
public sealed record PublishOption(Guid Id, string Title, string? Detail);

/// <summary>The proposal as it stands: what it shows, which version consents are asked for, and who proposed it.</summary>
public sealed record ProposalView(
    string Slug,
    string Title,
    string Summary,
    ValueList<Guid> GoalIds,
    ValueList<Guid> IndicatorIds,
    ValueList<Guid> DecisionIds,
    int ProposalVersion,
    string ProposedBy,
    DateTime ProposedUtc,
    long Version);

/// <summary>What the viewer may do on the proposal page, with the reason when they may not consent.</summary>
public sealed record PublicationPermissions(bool Propose, Guid? ConsentFor, string? ConsentForName, string? WhyNotConsent);

/// <summary>Everything the proposal page shows, loaded by one service call.</summary>
public sealed record PublicationView(
    Guid PartnershipId,
    string PartnershipName,
    ProposalView? Proposal,
    ValueList<PartnerConsent> Partners,
    ValueList<PublishOption> Goals,
    ValueList<PublishOption> Indicators,
    ValueList<PublishOption> Decisions,
    PublicationPermissions Can)
{
    /// <summary>Public only while there is a proposal and every partner organisation consents to its current version.</summary>
    public bool IsLive => Proposal is not null && PublicationRules.IsLive(Partners);

    public int ConsentedCount => Partners.Count(p => p.State == ConsentState.Consented);

    public PartnerConsent? Mine => Can.ConsentFor is { } id ? Partners.FirstOrDefault(p => p.OrganisationId == id) : null;
}

/// <summary>What a facilitator proposes; the page binds to it and keeps it through errors.</summary>
public sealed class ProposalInput
{
    public string Slug { get; set; } = "";

    public string Title { get; set; } = "";

    public string Summary { get; set; } = "";

    public HashSet<Guid> GoalIds { get; set; } = [];

    public HashSet<Guid> IndicatorIds { get; set; } = [];

    public HashSet<Guid> DecisionIds { get; set; } = [];

    public static ProposalInput From(ProposalView? proposal, string partnershipName) => proposal is null
        ? new ProposalInput { Title = partnershipName, Slug = PublicationRules.SuggestSlug(partnershipName) }
        : new ProposalInput
        {
            Slug = proposal.Slug,
            Title = proposal.Title,
            Summary = proposal.Summary,
            GoalIds = [.. proposal.GoalIds],
            IndicatorIds = [.. proposal.IndicatorIds],
            DecisionIds = [.. proposal.DecisionIds],
        };

    /// <summary>Whether saving this input would change what partners consented to.</summary>
    public bool DiffersFrom(ProposalView? proposal) => proposal is null
        || (Slug ?? "").Trim() != proposal.Slug
        || InputRules.Stored(Title) != proposal.Title
        || InputRules.Stored(Summary) != proposal.Summary
        || !GoalIds.SetEquals(proposal.GoalIds) || !IndicatorIds.SetEquals(proposal.IndicatorIds) || !DecisionIds.SetEquals(proposal.DecisionIds);
}
