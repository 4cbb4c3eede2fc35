using Workspace.Web.Data;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Invitations;

/// <summary>
/// An invitation to one partnership. Only a hash of the link's token is stored: the link itself is
/// shown once, to the facilitator who created or renewed it.
/// </summary>
public class Invitation : IVersioned
{
    public const int EmailMaxLength = 256;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public Partnership? Partnership { get; set; }

    public string Email { get; set; } = "";

    public PartnershipRole Role { get; set; }

    /// <summary>
    /// The inviter's own organisation, when they invite a colleague: accepting the invitation (which
    /// proves the address) verifies that the invitee speaks for it too.
    /// </summary>
    public Guid? OrganisationId { get; set; }

    public string TokenHash { get; set; } = "";

    public string InvitedByUserId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }

    public DateTime? AcceptedUtc { get; set; }

    public string? AcceptedByUserId { get; set; }

    public DateTime? RevokedUtc { get; set; }

    public string? RevokedByUserId { get; set; }

    public long Version { get; set; }

    public InvitationState StateAt(DateTime nowUtc) =>
        AcceptedUtc is not null ? InvitationState.Accepted
        : RevokedUtc is not null ? InvitationState.Revoked
        : ExpiresUtc <= nowUtc ? InvitationState.Expired
        : InvitationState.Pending;
}

public enum InvitationState
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}
