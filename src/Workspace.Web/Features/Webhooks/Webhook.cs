using System.ComponentModel.DataAnnotations;

namespace Workspace.Web.Features.Webhooks;

/// <summary>What a webhook can be told about; stored as flags on <see cref="Webhook.Events"/>.</summary>
[Flags]
public enum WebhookEvents
{
    None = 0,
    [Display(Name = "A check-in is recorded")]
    CheckInRecorded = 1,
    [Display(Name = "A decision is closed")]
    DecisionClosed = 2,
    [Display(Name = "An action is overdue")]
    ActionOverdue = 4,
}

/// <summary>The kind of one delivery; <see cref="Ping"/> is the test a facilitator sends by hand.</summary>
public enum WebhookEventKind
{
    Ping,
    CheckInRecorded,
    DecisionClosed,
    ActionOverdue,
}

public enum WebhookDeliveryStatus
{
    /// <summary>Not tried yet.</summary>
    Pending,
    /// <summary>The last attempt failed; another is due at <see cref="WebhookDelivery.NextAttemptUtc"/>.</summary>
    Failed,
    Delivered,
    /// <summary>Every attempt of the schedule failed.</summary>
    Abandoned,
}

/// <summary>
/// An HTTPS endpoint of a partner's system that is told about events of one partnership. Its signing secret
/// is kept encrypted with the app's data protection keys (it must be readable to sign) and shown once.
/// </summary>
public class Webhook
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 500;
    public const int ReasonMaxLength = 300;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    public WebhookEvents Events { get; set; }

    /// <summary>The secret, protected by <see cref="WebhookSecrets"/>.</summary>
    public string ProtectedSecret { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public string? DisabledReason { get; set; }

    public DateTime? DisabledUtc { get; set; }

    /// <summary>Failed attempts since the last success; reaching the limit disables the hook.</summary>
    public int ConsecutiveFailures { get; set; }

    public string CreatedByUserId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime? SecretRotatedUtc { get; set; }

    public static WebhookEvents FlagOf(WebhookEventKind kind) => kind switch
    {
        WebhookEventKind.CheckInRecorded => WebhookEvents.CheckInRecorded,
        WebhookEventKind.DecisionClosed => WebhookEvents.DecisionClosed,
        WebhookEventKind.ActionOverdue => WebhookEvents.ActionOverdue,
        _ => WebhookEvents.None,
    };

    /// <summary>The name receivers see in <c>X-Workspace-Event</c> and in the payload.</summary>
    public static string WireName(WebhookEventKind kind) => kind switch
    {
        WebhookEventKind.CheckInRecorded => "checkin.recorded",
        WebhookEventKind.DecisionClosed => "decision.closed",
        WebhookEventKind.ActionOverdue => "action.overdue",
        _ => "ping",
    };
}

/// <summary>
/// One event to send to one webhook. (<see cref="WebhookId"/>, <see cref="EventId"/>) is unique, so an event
/// is enqueued once however many nodes find it; a node claims a row (<see cref="ClaimToken"/>) before sending.
/// </summary>
public class WebhookDelivery
{
    public const int EventIdMaxLength = 100;
    public const int ErrorMaxLength = 300;

    public Guid Id { get; set; }

    public Guid WebhookId { get; set; }

    public WebhookEventKind EventKind { get; set; }

    public string EventId { get; set; } = "";

    public string Payload { get; set; } = "";

    public int AttemptCount { get; set; }

    public DateTime NextAttemptUtc { get; set; }

    public WebhookDeliveryStatus Status { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? LastAttemptUtc { get; set; }

    public DateTime? DeliveredUtc { get; set; }

    public Guid? ClaimToken { get; set; }

    public DateTime? ClaimedUntilUtc { get; set; }
}

/// <summary>One try of a delivery, for the log: each status code stays visible after a retry succeeds.</summary>
public class WebhookAttempt
{
    public long Id { get; set; }

    public Guid DeliveryId { get; set; }

    public Guid WebhookId { get; set; }

    public int Number { get; set; }

    public DateTime AtUtc { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }
}
