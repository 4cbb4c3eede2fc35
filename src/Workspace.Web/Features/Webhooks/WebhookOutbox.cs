using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;

namespace Workspace.Web.Features.Webhooks;

/// <summary>
/// Adds deliveries to the context of the service that makes the change, so they commit (or fail) with it,
/// one per enabled hook of the partnership that subscribed to the kind. The unique (hook, event id) key
/// keeps an event to one delivery per hook, however many nodes or runs find it.
/// </summary>
public static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A check-in was recorded, in the app or through the API.</summary>
    public static Task CheckInRecordedAsync(WorkspaceDbContext db, Guid partnershipId, Goals.Indicator indicator, Goals.CheckIn checkIn, string? apiTokenName, CancellationToken cancellationToken) =>
        EnqueueAsync(db, partnershipId, WebhookEventKind.CheckInRecorded, $"checkin:{checkIn.Id}", checkIn.RecordedUtc, new
        {
            checkInId = checkIn.Id,
            indicatorId = indicator.Id,
            indicatorName = indicator.Name,
            goalId = indicator.GoalId,
            value = checkIn.Value,
            unit = indicator.Unit,
            asOf = checkIn.AsOf,
            comment = checkIn.Comment,
            recordedThrough = apiTokenName is null ? "app" : "api",
        }, cancellationToken);

    /// <summary>A decision was closed with an outcome.</summary>
    public static Task DecisionClosedAsync(WorkspaceDbContext db, LogEntry decision, CancellationToken cancellationToken) =>
        EnqueueAsync(db, decision.PartnershipId, WebhookEventKind.DecisionClosed, $"decision:{decision.Id}", decision.ClosedUtc ?? decision.UpdatedUtc, new
        {
            entryId = decision.Id,
            title = decision.Title,
            outcome = decision.Outcome,
            ruleAtClose = decision.RuleAtClose,
            ruleOverridden = decision.RuleOverrideReason is not null,
            closedAt = decision.ClosedUtc,
        }, cancellationToken);

    /// <summary>
    /// Open actions past their due date, in partnerships with a hook for them; keyed by action and due date,
    /// so a new due date that passes is a new event. Returns how many deliveries were written.
    /// </summary>
    public static async Task<int> ActionsOverdueAsync(WorkspaceDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now);
        var flag = WebhookEvents.ActionOverdue;
        var partnerships = await db.Webhooks.AsNoTracking().Where(w => w.Enabled && (w.Events & flag) != 0).Select(w => w.PartnershipId).Distinct().ToListAsync(cancellationToken);
        if (partnerships.Count == 0)
        {
            return 0;
        }

        var actions = await db.LogEntries.AsNoTracking()
            .Where(e => partnerships.Contains(e.PartnershipId) && e.Kind == EntryKind.Action && e.RemovedUtc == null && e.DueDate != null && e.DueDate < today
                && (e.ActionState == ActionState.Open || e.ActionState == ActionState.InProgress))
            .Select(e => new { e.Id, e.PartnershipId, e.Title, e.DueDate, e.ActionState })
            .ToListAsync(cancellationToken);
        foreach (var action in actions)
        {
            await EnqueueAsync(db, action.PartnershipId, WebhookEventKind.ActionOverdue, $"action-overdue:{action.Id}:{action.DueDate:yyyy-MM-dd}", now,
                new { entryId = action.Id, title = action.Title, dueDate = action.DueDate, state = action.ActionState.ToString() }, cancellationToken);
        }

        return await SaveEachOnceAsync(db, cancellationToken);
    }

    /// <summary>A test delivery to one hook, whatever it subscribed to.</summary>
    public static WebhookDelivery Ping(Webhook hook, DateTime now)
    {
        var eventId = $"ping:{Guid.NewGuid():N}";
        return NewDelivery(hook.Id, WebhookEventKind.Ping, eventId, Payload(WebhookEventKind.Ping, eventId, hook.PartnershipId, now, new { webhookId = hook.Id, name = hook.Name }), now);
    }

    internal static async Task EnqueueAsync(WorkspaceDbContext db, Guid partnershipId, WebhookEventKind kind, string eventId, DateTime occurredUtc, object data, CancellationToken cancellationToken)
    {
        var flag = Webhook.FlagOf(kind);
        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.PartnershipId == partnershipId && w.Enabled && (w.Events & flag) != 0).Select(w => w.Id).ToListAsync(cancellationToken);
        if (hooks.Count == 0)
        {
            return;
        }

        var existing = await db.WebhookDeliveries.AsNoTracking().Where(d => hooks.Contains(d.WebhookId) && d.EventId == eventId).Select(d => d.WebhookId).ToListAsync(cancellationToken);
        var tracked = db.ChangeTracker.Entries<WebhookDelivery>().Where(e => e.Entity.EventId == eventId).Select(e => e.Entity.WebhookId).ToList();
        var payload = Payload(kind, eventId, partnershipId, occurredUtc, data);
        foreach (var hook in hooks.Except(existing).Except(tracked))
        {
            db.WebhookDeliveries.Add(NewDelivery(hook, kind, eventId, payload, occurredUtc));
        }
    }

    private static WebhookDelivery NewDelivery(Guid hookId, WebhookEventKind kind, string eventId, string payload, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        WebhookId = hookId,
        EventKind = kind,
        EventId = eventId,
        Payload = payload,
        Status = WebhookDeliveryStatus.Pending,
        NextAttemptUtc = now,
        CreatedUtc = now,
    };

    private static string Payload(WebhookEventKind kind, string eventId, Guid partnershipId, DateTime occurredUtc, object data) =>
        JsonSerializer.Serialize(new
        {
            @event = Webhook.WireName(kind),
            eventId,
            partnershipId,
            occurredAt = DateTime.SpecifyKind(occurredUtc, DateTimeKind.Utc),
            data,
        }, Json);

    /// <summary>Saves the added deliveries together; if another node wrote some of the same keys meanwhile, saves the rest one by one.</summary>
    private static async Task<int> SaveEachOnceAsync(WorkspaceDbContext db, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<WebhookDelivery>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return 0;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return added.Count;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }

        var written = 0;
        foreach (var delivery in added)
        {
            db.WebhookDeliveries.Add(delivery);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                written++;
            }
            catch (DbUpdateException)
            {
                // Another node enqueued the same event for this hook first.
            }

            db.ChangeTracker.Clear();
        }

        return written;
    }
}
