namespace Workspace.Web.Features.Webhooks;

public sealed class WebhookInput
{
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    public WebhookEvents Events { get; set; }
}

/// <summary>The latest attempt of a hook's deliveries, for its row in the list.</summary>
public sealed record WebhookLastDelivery(DateTime AtUtc, WebhookEventKind EventKind, int? StatusCode, WebhookDeliveryStatus Status, string? Error);

public sealed record WebhookView(
    Guid Id, string Name, string Url, WebhookEvents Events, bool Enabled, string? DisabledReason, int ConsecutiveFailures,
    string CreatedByName, DateTime CreatedUtc, WebhookLastDelivery? LastDelivery);

/// <summary>A new hook (or a rotated secret) and its secret, which exists only in this answer.</summary>
public sealed record CreatedWebhook(WebhookView Hook, string Secret);

/// <summary>One line of a hook's delivery log: an attempt, or a delivery not yet tried (<see cref="Attempt"/> 0).</summary>
/// <summary><see cref="CanRetry"/> only on the latest attempt of a failed or abandoned delivery.</summary>
public sealed record WebhookLogRow(Guid DeliveryId, DateTime AtUtc, WebhookEventKind EventKind, int Attempt, int? StatusCode, string? Error, WebhookDeliveryStatus Status, bool CanRetry);
