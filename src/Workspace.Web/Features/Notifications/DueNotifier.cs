using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Notifications;

/// <summary>
/// The time-based kinds: actions due within <see cref="DueSoonDays"/> days or overdue (to their assignee),
/// and indicator check-ins due by the indicator's cadence (to the goal's owner, or the facilitators when it
/// has none). Each is keyed by kind, item, recipient and due date, so any number of runs on any number of
/// nodes leave one row; a row another node inserted first is skipped, not an error.
/// </summary>
public sealed partial class DueNotifier(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, ILogger<DueNotifier> logger)
{
    public const int DueSoonDays = 2;

    /// <summary>Adds what is due now; returns how many notifications this run wrote.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var soon = today.AddDays(DueSoonDays);
        var actions = await db.LogEntries.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Action && e.RemovedUtc == null && e.AssigneeUserId != null && e.DueDate != null && e.DueDate <= soon
                && (e.ActionState == ActionState.Open || e.ActionState == ActionState.InProgress))
            .Select(e => new { e.Id, e.PartnershipId, e.Title, e.AssigneeUserId, e.DueDate })
            .ToListAsync(cancellationToken);
        foreach (var action in actions)
        {
            var overdue = action.DueDate < today;
            await Notify.AddAsync(db, overdue ? NotificationKind.ActionOverdue : NotificationKind.ActionDueSoon, action.PartnershipId, null, [action.AssigneeUserId!],
                $"{action.Id}:{action.DueDate:yyyy-MM-dd}", overdue ? $"“{action.Title}” was due on {action.DueDate:d MMM yyyy}" : $"“{action.Title}” is due on {action.DueDate:d MMM yyyy}",
                Notify.EntryLink(action.PartnershipId, action.Id), now, cancellationToken);
        }

        var indicators = await db.Indicators.AsNoTracking()
            .Join(db.Goals.AsNoTracking(), i => i.GoalId, g => g.Id, (i, g) => new
            {
                i.Id,
                i.PartnershipId,
                i.GoalId,
                i.Name,
                i.Cadence,
                i.CreatedUtc,
                g.OwnerUserId,
                LastAsOf = db.CheckIns.Where(c => c.IndicatorId == i.Id).Max(c => (DateOnly?)c.AsOf),
            })
            .ToListAsync(cancellationToken);
        var facilitators = (await db.Memberships.AsNoTracking().Where(m => m.Role == PartnershipRole.Facilitator).Select(m => new { m.PartnershipId, m.UserId }).ToListAsync(cancellationToken))
            .ToLookup(m => m.PartnershipId, m => m.UserId);
        foreach (var indicator in indicators)
        {
            var due = NextCheckIn(indicator.LastAsOf ?? DateOnly.FromDateTime(indicator.CreatedUtc), indicator.Cadence);
            if (due > today)
            {
                continue;
            }

            IEnumerable<string> recipients = indicator.OwnerUserId is { } owner ? [owner] : facilitators[indicator.PartnershipId];
            await Notify.AddAsync(db, NotificationKind.CheckInDue, indicator.PartnershipId, null, recipients, $"{indicator.Id}:{due:yyyy-MM-dd}",
                $"A check-in of “{indicator.Name}” was due on {due:d MMM yyyy}", $"p/{indicator.PartnershipId}/goals/{indicator.GoalId}", now, cancellationToken);
        }

        var written = await SaveEachOnceAsync(db, cancellationToken);
        // Overdue actions also go to the partnership's webhooks, keyed like the notifications.
        db.ChangeTracker.Clear();
        await Webhooks.WebhookOutbox.ActionsOverdueAsync(db, now, cancellationToken);
        foreach (var group in written.GroupBy(n => n.PartnershipId))
        {
            await events.PublishAsync(new NotificationsAdded(group.Key, null, [.. group.Select(n => n.RecipientUserId).Distinct()]), cancellationToken);
        }

        return written.Count;
    }

    /// <summary>When the check-in after one taken on <paramref name="last"/> is due.</summary>
    public static DateOnly NextCheckIn(DateOnly last, Cadence cadence) => cadence switch
    {
        Cadence.Weekly => last.AddDays(7),
        Cadence.Monthly => last.AddMonths(1),
        Cadence.Quarterly => last.AddMonths(3),
        Cadence.HalfYearly => last.AddMonths(6),
        _ => last.AddYears(1),
    };

    /// <summary>Saves the added rows together; if another node wrote some of the same keys meanwhile, saves the rest one by one.</summary>
    private async Task<List<Notification>> SaveEachOnceAsync(WorkspaceDbContext db, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return added;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return added;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }

        var written = new List<Notification>();
        foreach (var notification in added)
        {
            db.Notifications.Add(notification);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                written.Add(notification);
            }
            catch (DbUpdateException)
            {
                // Its key is taken: another node wrote the same notification first.
                LogAlreadyWritten(logger, notification.Key);
            }

            db.ChangeTracker.Clear();
        }

        return written;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notification {Key} was already written by another node.")]
    private static partial void LogAlreadyWritten(ILogger logger, string key);
}
