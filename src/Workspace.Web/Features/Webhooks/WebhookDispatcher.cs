using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workspace.Web.Data;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Webhooks;

/// <summary>
/// Sends due deliveries. Each is claimed first by a conditional update carrying a fresh claim token, so of
/// several nodes polling at once exactly one sends it; a claim lapses after <see cref="ClaimFor"/> (a node
/// that died mid-send), longer than the send timeout.
/// </summary>
public sealed partial class WebhookDispatcher(IDbContextFactory<WorkspaceDbContext> dbFactory, IHttpClientFactory httpClients, WebhookSecrets secrets,
    WebhookAddressGuard guard, IPartnershipEvents events, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);
    private const int BatchSize = 20;

    /// <summary>Claims and sends what is due now; returns how many deliveries this run attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed) && d.NextAttemptUtc <= now
                    && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now))
                .Join(db.Webhooks.Where(w => w.Enabled), d => d.WebhookId, w => w.Id, (d, w) => new { d.Id, d.NextAttemptUtc })
                .OrderBy(d => d.NextAttemptUtc).Take(BatchSize).Select(d => d.Id)
                .ToListAsync(cancellationToken);
        }

        var attempted = 0;
        foreach (var id in due)
        {
            if (await ClaimAsync(id, now, cancellationToken) is { } token)
            {
                await SendAsync(id, token, cancellationToken);
                attempted++;
            }
        }

        return attempted;
    }

    /// <summary>Sends one due delivery at once (a test or a retry asked for on the page), if no node has claimed it.</summary>
    public async Task<bool> SendNowAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        if (await ClaimAsync(deliveryId, clock.GetUtcNow().UtcDateTime, cancellationToken) is not { } token)
        {
            return false;
        }

        await SendAsync(deliveryId, token, cancellationToken);
        return true;
    }

    private async Task<Guid?> ClaimAsync(Guid deliveryId, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = Guid.NewGuid();
        var until = now + ClaimFor;
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed) && d.NextAttemptUtc <= now
                && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.ClaimedUntilUtc, until), cancellationToken);
        return claimed == 1 ? token : null;
    }

    private async Task SendAsync(Guid deliveryId, Guid claimToken, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.ClaimToken == claimToken, cancellationToken);
        var hook = delivery is null ? null : await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == delivery.WebhookId, cancellationToken);
        if (delivery is null || hook is null)
        {
            return;
        }

        var (statusCode, error) = await PostAsync(hook, delivery, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var succeeded = statusCode is >= 200 and < 300;
        delivery.AttemptCount++;
        delivery.LastAttemptUtc = now;
        delivery.LastStatusCode = statusCode;
        delivery.LastError = error is null ? null : Short(error);
        delivery.ClaimToken = null;
        delivery.ClaimedUntilUtc = null;
        db.WebhookAttempts.Add(new WebhookAttempt { DeliveryId = delivery.Id, WebhookId = hook.Id, Number = delivery.AttemptCount, AtUtc = now, StatusCode = statusCode, Error = delivery.LastError });
        if (succeeded)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredUtc = now;
        }
        else
        {
            // A test ping is not retried: the facilitator is looking at its result.
            var wait = delivery.EventKind == WebhookEventKind.Ping ? null : WebhookBackoff.RetryAfter(delivery.AttemptCount);
            delivery.Status = wait is null ? WebhookDeliveryStatus.Abandoned : WebhookDeliveryStatus.Failed;
            delivery.NextAttemptUtc = wait is { } w ? now + w : delivery.NextAttemptUtc;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (succeeded)
        {
            await db.Webhooks.Where(w => w.Id == hook.Id && w.ConsecutiveFailures != 0).ExecuteUpdateAsync(s => s.SetProperty(w => w.ConsecutiveFailures, 0), cancellationToken);
        }
        else
        {
            await CountFailureAsync(db, hook, Describe(statusCode, delivery.LastError), now, cancellationToken);
        }
    }

    /// <summary>Counts a failed attempt atomically; the node whose update turns the hook off tells its facilitators, once.</summary>
    private async Task CountFailureAsync(WorkspaceDbContext db, Webhook hook, string lastFailure, DateTime now, CancellationToken cancellationToken)
    {
        await db.Webhooks.Where(w => w.Id == hook.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.ConsecutiveFailures, w => w.ConsecutiveFailures + 1), cancellationToken);
        var limit = options.Value.DisableAfterFailures;
        var failures = await db.Webhooks.Where(w => w.Id == hook.Id).Select(w => w.ConsecutiveFailures).FirstAsync(cancellationToken);
        if (failures < limit)
        {
            return;
        }

        var reason = Short($"{failures} attempts in a row failed; the last: {lastFailure}", Webhook.ReasonMaxLength);
        var turnedOff = await db.Webhooks.Where(w => w.Id == hook.Id && w.Enabled)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Enabled, false).SetProperty(w => w.DisabledReason, reason).SetProperty(w => w.DisabledUtc, now), cancellationToken);
        if (turnedOff != 1)
        {
            return;
        }

        LogDisabled(logger, hook.Id, reason);
        db.ChangeTracker.Clear();
        var facilitators = await db.Memberships.AsNoTracking().Where(m => m.PartnershipId == hook.PartnershipId && m.Role == PartnershipRole.Facilitator).Select(m => m.UserId).ToListAsync(cancellationToken);
        await Notify.AddAsync(db, NotificationKind.WebhookDisabled, hook.PartnershipId, null, facilitators, $"{hook.Id}:{now:yyyyMMddHHmmss}",
            $"Webhook “{hook.Name}” was turned off: {reason}", $"p/{hook.PartnershipId}/webhooks", now, cancellationToken);
        db.Record(hook.PartnershipId, null, now, nameof(Webhook), hook.Id, "Disabled", hook.Name, reason);
        await db.SaveChangesAsync(cancellationToken);
        await Notify.AnnounceAsync(events, db, cancellationToken);
    }

    /// <summary>One signed POST; the status code, or null and why there was none.</summary>
    private async Task<(int? StatusCode, string? Error)> PostAsync(Webhook hook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        if (guard.Check(hook.Url) is { } refused)
        {
            return (null, refused);
        }

        string secret;
        try
        {
            secret = secrets.Unprotect(hook.ProtectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, "The signing secret cannot be read (the key ring changed): rotate the secret.");
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Payload)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Workspace-Event", Webhook.WireName(delivery.EventKind));
        request.Headers.Add("X-Workspace-Delivery", delivery.Id.ToString());
        request.Headers.Add("X-Workspace-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Workspace-Signature", WebhookSecrets.Sign(secret, timestamp, delivery.Payload));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return (code, code is >= 200 and < 300 ? null : (code is >= 300 and < 400 ? "Redirects are not followed." : response.ReasonPhrase));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {options.Value.Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            return (null, FindRefusal(ex)?.Message ?? (ex.InnerException as SocketException)?.Message ?? ex.Message);
        }
    }

    private static WebhookRefusedException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebhookRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static string Describe(int? statusCode, string? error) => statusCode is { } code ? $"HTTP {code}" : error ?? "no answer";

    private static string Short(string text, int max = WebhookDelivery.ErrorMaxLength) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} was turned off: {Reason}")]
    private static partial void LogDisabled(ILogger logger, Guid webhookId, string reason);
}
