using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Workspace.LoadGen;

/// <summary>
/// One watcher on the live hub, driven as live-view.js drives it: a WebSocket to <c>/hubs/live</c> (JSON
/// protocol, no negotiate round trip), <c>Join(kind, key)</c>, then only receiving <c>update</c> and
/// <c>closed</c>. Every watcher's socket goes through one shared handler, so thousands cost no more
/// than their sockets and connection state.
/// </summary>
internal sealed class WatcherClient : IAsyncDisposable
{
    private readonly DeliveryTracker _tracker;
    private HubConnection? _connection;
    private volatile bool _stopping;
    private volatile bool _lost;

    public WatcherClient(int index, DeliveryTracker tracker)
    {
        Index = index;
        _tracker = tracker;
    }

    public int Index { get; }

    /// <summary>Connected and joined, and neither closed by the server nor dropped since.</summary>
    public bool Connected => _connection?.State == HubConnectionState.Connected && !_lost;

    public long LastSeq { get; private set; }

    public async Task StartAsync(Uri hubUri, string cookie, HttpMessageInvoker sockets, string kind, string key, CancellationToken cancellationToken)
    {
        var connection = HubSockets.Build(hubUri, cookie, sockets);
        _connection = connection;
        connection.On<LiveMessage>("update", update =>
        {
            var now = Stopwatch.GetTimestamp();
            LastSeq = update.Seq;
            _tracker.OnText(Index, update.Html(), now, isUpdate: true);
        });
        connection.On<ClosedMessage>("closed", closed =>
        {
            _lost = true;
            _tracker.OnWatcherError(Index, $"closed by the server: {closed.Message}");
        });
        connection.Closed += error =>
        {
            if (!_stopping)
            {
                _lost = true;
                _tracker.OnWatcherError(Index, $"connection closed: {error?.Message ?? "by the server"}");
            }

            return Task.CompletedTask;
        };

        await connection.StartAsync(cancellationToken);
        var snapshot = await connection.InvokeAsync<LiveMessage>("Join", kind, key, cancellationToken);
        LastSeq = snapshot.Seq;
        _tracker.OnText(Index, snapshot.Html(), Stopwatch.GetTimestamp(), isUpdate: false);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>The hub's snapshot or update (LiveContract): the summary is not needed here.</summary>
    private sealed record LiveMessage(long Seq, Dictionary<string, string> Fragments, Dictionary<string, ListPatch>? Lists = null)
    {
        /// <summary>Every piece of HTML the message carries: whole fragments, then the list items sent alone.</summary>
        public IEnumerable<string> Html() =>
            Lists is null ? Fragments.Values : Fragments.Values.Concat(Lists.Values.SelectMany(l => l.Items.Select(i => i.Html)));
    }

    private sealed record ListPatch(List<string> Removed, List<ListItem> Items);

    private sealed record ListItem(string Key, string Html, string? Before);

    private sealed record ClosedMessage(string Message);
}
