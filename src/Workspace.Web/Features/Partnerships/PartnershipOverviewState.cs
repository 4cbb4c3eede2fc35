using Workspace.Web.Features.Members;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Partnerships;

/// <summary>
/// The overview page in memory, loaded by <see cref="PartnershipService.GetOverviewAsync"/>: the details
/// and the members arrive with their events, so nothing is read again; other events change nothing.
/// </summary>
public sealed class PartnershipOverviewState(string userId, PartnershipOverview overview)
{
    public PartnershipOverview Overview { get; private set; } = overview;

    /// <summary>Applies a live event; true when the details, the members or the viewer's role changed.</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var shown = Overview;
        if (change.PartnershipId != shown.Id)
        {
            return false;
        }

        Overview = change switch
        {
            // Two edits saved in turn may arrive in either order: the higher version is the newer.
            PartnershipDetailsChanged details when details.Version >= shown.Version => shown with
            {
                Name = details.Name,
                Purpose = details.Purpose,
                Status = details.Status,
                DecisionCounting = details.DecisionCounting,
                Version = details.Version,
            },
            MemberJoined joined => shown with { Members = [.. shown.Members.Where(m => m.UserId != joined.Member.UserId), joined.Member] },
            MemberRoleChanged role => shown with
            {
                Members = [.. shown.Members.Select(m => m.UserId == role.UserId ? m with { Role = role.Role } : m)],
                MyRole = role.UserId == userId ? role.Role : shown.MyRole,
            },
            MemberRemoved removed => shown with { Members = [.. shown.Members.Where(m => m.UserId != removed.UserId)] },
            _ => shown,
        };
        return !SameAs(shown);
    }

    /// <summary>Takes the overview as read again after events were missed.</summary>
    public void Resync(PartnershipOverview fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        Overview = fresh;
    }

    // The members list is rebuilt by each member event: compare it by its people, the rest as a record.
    private bool SameAs(PartnershipOverview before) =>
        before.Members.SequenceEqual(Overview.Members) && before == Overview with { Members = before.Members };
}
