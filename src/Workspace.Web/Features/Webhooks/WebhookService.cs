using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Webhooks;

/// <summary>Facilitators register, change, test, turn off and on, and delete a partnership's webhooks, and read their delivery log.</summary>
public sealed class WebhookService(IDbContextFactory<WorkspaceDbContext> dbFactory, WebhookSecrets secrets, WebhookAddressGuard guard, TimeProvider clock)
{
    public const int LogSize = 50;
    public const int MaxPerPartnership = 20;

    public async Task<Result<IReadOnlyList<WebhookView>>> ListAsync(string userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "manage webhooks", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.PartnershipId == partnershipId).ToListAsync(cancellationToken);
        var ids = hooks.Select(h => h.Id).ToList();
        var creatorIds = hooks.Select(h => h.CreatedByUserId).Distinct().ToList();
        var creators = await db.Users.AsNoTracking().Where(u => creatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var last = new Dictionary<Guid, WebhookLastDelivery>();
        foreach (var id in ids)
        {
            var latest = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id && d.LastAttemptUtc != null).OrderByDescending(d => d.LastAttemptUtc)
                .Select(d => new WebhookLastDelivery(d.LastAttemptUtc!.Value, d.EventKind, d.LastStatusCode, d.Status, d.LastError)).FirstOrDefaultAsync(cancellationToken);
            if (latest is not null)
            {
                last[id] = latest;
            }
        }

        return hooks.OrderBy(h => h.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(h => View(h, creators.GetValueOrDefault(h.CreatedByUserId) ?? "A former member", last.GetValueOrDefault(h.Id))).ToList();
    }

    public async Task<Result<CreatedWebhook>> CreateAsync(string userId, Guid partnershipId, WebhookInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "create webhooks", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var name = InputRules.Stored(input.Name);
        var taken = await db.Webhooks.Where(w => w.PartnershipId == partnershipId).Select(w => w.Name).ToListAsync(cancellationToken);
        var rules = Validate(input)
            .Check(!taken.Contains(name, StringComparer.OrdinalIgnoreCase), nameof(WebhookInput.Name), $"This partnership already has a webhook named “{name}”: choose another name.")
            .Check(taken.Count < MaxPerPartnership, nameof(WebhookInput.Name), $"A partnership has at most {MaxPerPartnership} webhooks: delete one first.");
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = UtcNow;
        var secret = WebhookSecrets.NewSecret();
        var hook = new Webhook
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Name = name,
            Url = input.Url.Trim(),
            Events = input.Events,
            ProtectedSecret = secrets.Protect(secret),
            CreatedByUserId = userId,
            CreatedUtc = now,
        };
        db.Webhooks.Add(hook);
        db.Record(partnershipId, userId, now, nameof(Webhook), hook.Id, "Created", null, AuditTrail.Join(name, $"{hook.Url} ({Describe(hook.Events)})"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two facilitators chose the same name at the same moment: the unique index keeps one.
            return ServiceError.Invalid(nameof(WebhookInput.Name), $"This partnership already has a webhook named “{name}”: choose another name.");
        }

        var creator = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstAsync(cancellationToken);
        return new CreatedWebhook(View(hook, creator, null), secret);
    }

    /// <summary>Changes the events a hook is told about.</summary>
    public async Task<Result> ChangeEventsAsync(string userId, Guid partnershipId, Guid webhookId, WebhookEvents events, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, webhookId, "change webhooks", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var rules = new InputRules().Check(IsValidChoice(events), nameof(WebhookInput.Events), "Choose at least one event to send.");
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var hook = loaded.Value!;
        db.Record(partnershipId, userId, UtcNow, nameof(Webhook), hook.Id, "Events", AuditTrail.Join(hook.Name, Describe(hook.Events)), AuditTrail.Join(hook.Name, Describe(events)));
        hook.Events = events;
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }

    /// <summary>A new secret, returned once; deliveries from now on are signed with it.</summary>
    public async Task<Result<string>> RotateSecretAsync(string userId, Guid partnershipId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, webhookId, "rotate webhook secrets", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var hook = loaded.Value!;
        var secret = WebhookSecrets.NewSecret();
        var now = UtcNow;
        hook.ProtectedSecret = secrets.Protect(secret);
        hook.SecretRotatedUtc = now;
        db.Record(partnershipId, userId, now, nameof(Webhook), hook.Id, "SecretRotated", null, hook.Name);
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>Turns a hook off by hand, or on again (its failure count starts over).</summary>
    public async Task<Result> SetEnabledAsync(string userId, Guid partnershipId, Guid webhookId, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, webhookId, enabled ? "turn webhooks on" : "turn webhooks off", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var hook = loaded.Value!;
        if (hook.Enabled == enabled)
        {
            return Result.Ok();
        }

        var now = UtcNow;
        hook.Enabled = enabled;
        hook.ConsecutiveFailures = 0;
        hook.DisabledReason = enabled ? null : "Turned off by a facilitator.";
        hook.DisabledUtc = enabled ? null : now;
        db.Record(partnershipId, userId, now, nameof(Webhook), hook.Id, enabled ? "Enabled" : "Disabled", null, hook.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }

    public async Task<Result> DeleteAsync(string userId, Guid partnershipId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, webhookId, "delete webhooks", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var hook = loaded.Value!;
        db.Webhooks.Remove(hook);
        db.Record(partnershipId, userId, UtcNow, nameof(Webhook), hook.Id, "Deleted", AuditTrail.Join(hook.Name, hook.Url), null);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }

    /// <summary>Enqueues a "ping" to the hook; returns the delivery's id so the page can send it at once.</summary>
    public async Task<Result<Guid>> SendTestAsync(string userId, Guid partnershipId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, webhookId, "test webhooks", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        if (!loaded.Value!.Enabled)
        {
            return ServiceError.Conflict("This webhook is turned off: turn it on to send a test.");
        }

        var ping = WebhookOutbox.Ping(loaded.Value, UtcNow);
        db.WebhookDeliveries.Add(ping);
        await db.SaveChangesAsync(cancellationToken);
        return ping.Id;
    }

    /// <summary>Makes a failed or abandoned delivery due now; returns its id so the page can send it at once.</summary>
    public async Task<Result<Guid>> RetryAsync(string userId, Guid partnershipId, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "retry webhook deliveries", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var found = await db.WebhookDeliveries.Join(db.Webhooks, d => d.WebhookId, w => w.Id, (d, w) => new { Delivery = d, w.PartnershipId, w.Enabled })
            .FirstOrDefaultAsync(x => x.Delivery.Id == deliveryId && x.PartnershipId == partnershipId, cancellationToken);
        if (found is null)
        {
            return ServiceError.NotFound;
        }

        if (!found.Enabled)
        {
            return ServiceError.Conflict("This webhook is turned off: turn it on to retry its deliveries.");
        }

        if (found.Delivery.Status is not (WebhookDeliveryStatus.Failed or WebhookDeliveryStatus.Abandoned))
        {
            return ServiceError.Conflict("Only failed deliveries are retried; this one is already sent or on its way.");
        }

        found.Delivery.Status = WebhookDeliveryStatus.Failed;
        found.Delivery.NextAttemptUtc = UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return deliveryId;
    }

    /// <summary>The latest <see cref="LogSize"/> attempts of a hook's deliveries, and those not yet tried, newest first.</summary>
    public async Task<Result<IReadOnlyList<WebhookLogRow>>> LogAsync(string userId, Guid partnershipId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, webhookId, "read webhook deliveries", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.WebhookId == webhookId).OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Take(LogSize)
            .Join(db.WebhookDeliveries, a => a.DeliveryId, d => d.Id, (a, d) => new { a.DeliveryId, a.AtUtc, d.EventKind, a.Number, a.StatusCode, a.Error, d.Status, d.AttemptCount })
            .ToListAsync(cancellationToken);
        var untried = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId && d.AttemptCount == 0).OrderByDescending(d => d.CreatedUtc).Take(LogSize)
            .Select(d => new WebhookLogRow(d.Id, d.CreatedUtc, d.EventKind, 0, null, null, d.Status, false)).ToListAsync(cancellationToken);
        return attempts.Select(a => new WebhookLogRow(a.DeliveryId, a.AtUtc, a.EventKind, a.Number, a.StatusCode, a.Error, a.Status,
                a.Number == a.AttemptCount && a.Status is WebhookDeliveryStatus.Failed or WebhookDeliveryStatus.Abandoned))
            .Concat(untried).OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Attempt).Take(LogSize).ToList();
    }

    public static string Describe(WebhookEvents events) =>
        string.Join(", ", Enum.GetValues<WebhookEvents>().Where(e => e != WebhookEvents.None && events.HasFlag(e)).Select(e => e.ToText()));

    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    private static bool IsValidChoice(WebhookEvents events) =>
        events != WebhookEvents.None && (events & ~(WebhookEvents.CheckInRecorded | WebhookEvents.DecisionClosed | WebhookEvents.ActionOverdue)) == 0;

    private InputRules Validate(WebhookInput input)
    {
        var rules = new InputRules()
            .Required(nameof(WebhookInput.Name), "Name", input.Name, Webhook.NameMaxLength)
            .Required(nameof(WebhookInput.Url), "Address", input.Url, Webhook.UrlMaxLength)
            .Check(IsValidChoice(input.Events), nameof(WebhookInput.Events), "Choose at least one event to send.");
        if (!string.IsNullOrWhiteSpace(input.Url) && guard.Check(input.Url) is { } refused)
        {
            rules.Add(nameof(WebhookInput.Url), refused);
        }

        return rules;
    }

    /// <summary>The hook, for a facilitator of its own partnership; a hook of another partnership is "not found".</summary>
    private static async Task<Result<Webhook>> LoadAsync(WorkspaceDbContext db, string userId, Guid partnershipId, Guid webhookId, string action, CancellationToken cancellationToken)
    {
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, action, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var hook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == webhookId && w.PartnershipId == partnershipId, cancellationToken);
        return hook is null ? ServiceError.NotFound : hook;
    }

    private static WebhookView View(Webhook hook, string creator, WebhookLastDelivery? last) =>
        new(hook.Id, hook.Name, hook.Url, hook.Events, hook.Enabled, hook.DisabledReason, hook.ConsecutiveFailures, creator, hook.CreatedUtc, last);
}
