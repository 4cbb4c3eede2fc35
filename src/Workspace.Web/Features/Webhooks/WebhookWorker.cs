using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Workspace.Web.Features.Webhooks;

/// <summary>Runs on every node: each delivery is claimed in the database before it is sent, so it goes out once.</summary>
public sealed partial class WebhookWorker(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookWorker> logger)
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
            using var timer = new PeriodicTimer(settings.PollEvery, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PollAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().RunOnceAsync(cancellationToken);
        }
#pragma warning disable CA1031 // A failed poll (a busy database) waits for the next one; the deliveries stay due.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogPollFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending due webhook deliveries failed; the next poll tries again.")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}

public static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaceWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton(sp => new WebhookAddressGuard(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowLoopbackHttp));
        services.AddDataProtection();
        services.AddSingleton<WebhookSecrets>();
        services.AddScoped<WebhookService>();
        services.AddScoped<WebhookDispatcher>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<WebhookAddressGuard>()))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<WebhookWorker>();
        return services;
    }

    /// <summary>Follows no redirect and connects only to the address the guard checked (no second lookup between check and connect).</summary>
    public static SocketsHttpHandler CreateHandler(WebhookAddressGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var address = await guard.ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
