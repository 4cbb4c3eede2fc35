namespace Workspace.Web.Features.Webhooks;

/// <summary>Settings of section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Allows http:// and loopback addresses (127.0.0.0/8, ::1, localhost): for development and tests only.</summary>
    public bool AllowLoopbackHttp { get; set; }

    public bool RunInBackground { get; set; } = true;

    public TimeSpan PollEvery { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed attempts in a row after which a hook is turned off and its facilitators told.</summary>
    public int DisableAfterFailures { get; set; } = 10;
}

/// <summary>When a failed delivery is tried again: after each failed attempt, the next wait; after the last, it is abandoned.</summary>
public static class WebhookBackoff
{
    public static readonly IReadOnlyList<TimeSpan> Schedule =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(12),
    ];

    /// <summary>The first attempt and one per wait of the schedule.</summary>
    public static int MaxAttempts => Schedule.Count + 1;

    /// <summary>How long to wait after <paramref name="attemptsMade"/> failed attempts; null when the delivery is abandoned.</summary>
    public static TimeSpan? RetryAfter(int attemptsMade) =>
        attemptsMade >= 1 && attemptsMade <= Schedule.Count ? Schedule[attemptsMade - 1] : null;
}
