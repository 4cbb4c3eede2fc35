namespace Workspace.Web.Features.Notifications;

/// <summary>How often the time-based notifications and the digests are looked for (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public bool RunInBackground { get; set; } = true;

    public TimeSpan ScanEvery { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan FirstScanAfter { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Runs on every node: what it writes is keyed (notifications) or claimed (digests) in the database, so
/// two nodes scanning at the same moment still write each notification and send each digest once.
/// </summary>
public sealed partial class NotificationWorker(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<NotificationOptions> options, TimeProvider clock, ILogger<NotificationWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunInBackground)
        {
            return;
        }

        try
        {
            await Task.Delay(settings.FirstScanAfter, clock, stoppingToken);
            using var timer = new PeriodicTimer(settings.ScanEvery, clock);
            do
            {
                await ScanAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DueNotifier>().RunOnceAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DigestService>().RunOnceAsync(cancellationToken);
        }
#pragma warning disable CA1031 // A failed scan (a busy database, a mail server down) waits for the next one.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogScanFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due notifications and digests failed; the next scan tries again.")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
