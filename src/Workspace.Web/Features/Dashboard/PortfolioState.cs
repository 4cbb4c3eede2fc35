using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dashboard;

/// <summary>
/// One person's portfolio: a line per partnership. Names, statuses and the person's role change in
/// memory from the events that carry them; the counts (goals by status, overdue, open risks) span a
/// partnership that no single event describes, so an event that can move them marks the portfolio
/// <see cref="Stale"/> for the page to read again, coalesced. Other events (presence, ideas, replies,
/// titles) change nothing here and cost nothing.
/// </summary>
public sealed class PortfolioState
{
    private readonly string _viewerUserId;

    public PortfolioState(IReadOnlyList<PortfolioLine> lines, string viewerUserId)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _viewerUserId = viewerUserId;
        Lines = lines;
    }

    public IReadOnlyList<PortfolioLine> Lines { get; private set; }

    /// <summary>Set when an event may have moved a count: the lines should be read again.</summary>
    public bool Stale { get; private set; }

    /// <summary>Applies a live event; true when a line shown changed in memory (see also <see cref="Stale"/>).</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        switch (change)
        {
            case PartnershipDetailsChanged details:
                return Change(details.PartnershipId, line => line with { Name = details.Name, Status = details.Status });
            case MemberRoleChanged role when role.UserId == _viewerUserId:
                return Change(role.PartnershipId, line => line with { MyRole = role.Role });
            case MemberRemoved removed when removed.UserId == _viewerUserId:
                Lines = [.. Lines.Where(l => l.PartnershipId != removed.PartnershipId)];
                return true;
            case GoalSaved saved when saved.Field is null or GoalField.Status or GoalField.DueDate:
            case LogEntrySaved entry when entry.Entry.Kind is EntryKind.Action or EntryKind.Risk:
                Stale = true;
                return false;
            default:
                return false;
        }
    }

    /// <summary>Takes the lines as read again.</summary>
    public void Resync(IReadOnlyList<PortfolioLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Lines = lines;
        Stale = false;
    }

    private bool Change(Guid partnershipId, Func<PortfolioLine, PortfolioLine> change)
    {
        var changed = false;
        Lines = [.. Lines.Select(line =>
        {
            if (line.PartnershipId != partnershipId)
            {
                return line;
            }

            var updated = change(line);
            changed |= updated != line;
            return updated;
        })];
        return changed;
    }
}
