using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Members;

/// <summary>Everything the members page shows when it opens; invitations only for facilitators.</summary>
public sealed record MembersPageModel(string PartnershipName, PartnershipRole MyRole, IReadOnlyList<MemberView> Members, IReadOnlyList<InvitationView> Invitations);

/// <summary>
/// One viewer's members page, kept current from live events. Invitation events name no address, so
/// they only mark the list as stale (<see cref="InvitationsStale"/>) for a facilitator's page to read again.
/// </summary>
public sealed class MembersState
{
    private readonly string _viewerUserId;

    public MembersState(MembersPageModel model, string viewerUserId)
    {
        _viewerUserId = viewerUserId;
        Resync(model);
    }

    public string PartnershipName { get; private set; } = "";

    public PartnershipRole MyRole { get; private set; }

    public bool IsFacilitator => MyRole == PartnershipRole.Facilitator;

    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    public IReadOnlyList<InvitationView> Invitations { get; private set; } = [];

    /// <summary>Set when the invitations shown may be out of date (an invitation changed, or the viewer became or stopped being a facilitator).</summary>
    public bool InvitationsStale { get; private set; }

    public int OrganisationCount => Members.Select(m => m.OrganisationId).Distinct().Count();

    /// <summary>Applies a live event; true when anything the page shows changed.</summary>
    public bool Apply(PartnershipEvent change)
    {
        switch (change)
        {
            case MemberJoined joined:
                Members = [.. Members.Where(m => m.UserId != joined.Member.UserId).Append(joined.Member)
                    .OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
                return true;
            case MemberRoleChanged role:
                Members = [.. Members.Select(m => m.UserId == role.UserId ? m with { Role = role.Role } : m)];
                if (role.UserId == _viewerUserId)
                {
                    var wasFacilitator = IsFacilitator;
                    MyRole = role.Role;
                    InvitationsStale |= wasFacilitator != IsFacilitator;
                    Invitations = IsFacilitator ? Invitations : [];
                }

                return true;
            case MemberRemoved removed:
                Members = [.. Members.Where(m => m.UserId != removed.UserId)];
                return true;
            case InvitationChanged when IsFacilitator:
                InvitationsStale = true;
                return true;
            case PartnershipDetailsChanged details when details.Name != PartnershipName:
                PartnershipName = details.Name;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The invitations as read again; a viewer who is no longer a facilitator keeps none.</summary>
    public void TakeInvitations(IReadOnlyList<InvitationView> invitations)
    {
        Invitations = IsFacilitator ? invitations : [];
        InvitationsStale = false;
    }

    /// <summary>Takes the page as loaded again after events were missed.</summary>
    public void Resync(MembersPageModel fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        PartnershipName = fresh.PartnershipName;
        MyRole = fresh.MyRole;
        Members = fresh.Members;
        TakeInvitations(fresh.Invitations);
    }
}
