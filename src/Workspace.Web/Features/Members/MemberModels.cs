using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Members;

public sealed record MemberView(
    string UserId,
    string DisplayName,
    string Email,
    string? JobTitle,
    Guid? OrganisationId,
    string OrganisationName,
    string? ParentOrganisationName,
    Sector? Sector,
    PartnershipRole Role,
    DateTime JoinedUtc)
{
    public string Initials => Common.PersonNames.Initials(DisplayName);
}

public sealed record InvitationView(
    Guid Id, string Email, PartnershipRole Role, InvitationState State, DateTime CreatedUtc, DateTime ExpiresUtc, string InvitedByName);

/// <summary>A new or renewed invitation with its link token and the link (under the public origin), shown once and never stored.</summary>
public sealed record IssuedInvitation(InvitationView Invitation, string Token, string Link, bool Emailed);

public sealed class InviteInput
{
    public string Email { get; set; } = "";

    public PartnershipRole Role { get; set; } = PartnershipRole.Contributor;

    /// <summary>The invitee works in the inviter's organisation: accepting verifies that they speak for it too.</summary>
    public bool AsColleague { get; set; }
}

public sealed record MemberJoined(Guid PartnershipId, string? ActorUserId, MemberView Member)
    : PartnershipEvent(PartnershipId, ActorUserId);

public sealed record MemberRoleChanged(Guid PartnershipId, string? ActorUserId, string UserId, PartnershipRole Role)
    : PartnershipEvent(PartnershipId, ActorUserId);

public sealed record MemberRemoved(Guid PartnershipId, string? ActorUserId, string UserId, string DisplayName)
    : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>
/// An invitation was issued, renewed, revoked or accepted. Every circuit of the partnership gets this, and the
/// invitation list is the facilitators': it carries no address and no role, and facilitators' pages read the list.
/// </summary>
public sealed record InvitationChanged(Guid PartnershipId, string? ActorUserId, Guid InvitationId)
    : PartnershipEvent(PartnershipId, ActorUserId);
