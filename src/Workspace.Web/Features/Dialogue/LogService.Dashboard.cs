using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using static Workspace.Web.Features.Dialogue.EntryViews;

namespace Workspace.Web.Features.Dialogue;

public sealed partial class LogService
{
    /// <summary>
    /// What the dashboard shows from the log, in the views live events carry: open actions, open
    /// risks and the latest decisions. Two reads of entries plus the views' fixed set of queries.
    /// </summary>
    internal static async Task<IReadOnlyList<LogEntryView>> DashboardEntriesAsync(WorkspaceDbContext db, Guid partnershipId, int latestDecisions, CancellationToken cancellationToken)
    {
        var open = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.RemovedUtc == null
                && ((e.Kind == EntryKind.Action && (e.ActionState == ActionState.Open || e.ActionState == ActionState.InProgress))
                    || (e.Kind == EntryKind.Risk && e.RiskState == RiskState.Open)))
            .ToListAsync(cancellationToken);
        var decisions = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.RemovedUtc == null && e.Kind == EntryKind.Decision)
            .OrderByDescending(e => e.CreatedUtc).ThenByDescending(e => e.Id).Take(latestDecisions)
            .ToListAsync(cancellationToken);
        return await ViewsAsync(db, partnershipId, [.. open, .. decisions], cancellationToken);
    }
}
