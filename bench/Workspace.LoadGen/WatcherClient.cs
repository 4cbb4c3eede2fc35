using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Workspace.LoadGen;

/// <summary>
/// One watcher on the live hub, driven as live-view.js drives it: a WebSocket to <c>/hubs/live</c> (JSON
/// protocol, no negotiate round trip), <c>JoinShowing(kind, key, hashes)</c> with the hashes of the page it was
/// given (<see cref="ShownPage"/>; none: the whole view comes in the snapshot), then only receiving <c>update</c> and
/// <c>closed</c>. Every watcher's socket goes through one shared handler, so thousands cost no more
/// than their sockets and connection state.
/// </summary>
internal sealed class WatcherClient : IAsyncDisposable
{
    private readonly DeliveryTracker _tracker;
    private HubConnection? _connection;
    private ArrivalTimedSocket? _socket;
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

    public async Task StartAsync(
        Uri hubUri, string cookie, HttpMessageInvoker sockets, string kind, string key, ShownPage? page, CancellationToken cancellationToken)
    {
        var connection = HubSockets.Build(hubUri, cookie, sockets, socket => _socket = socket);
        _connection = connection;
        connection.On<LiveMessage>("update", update =>
        {
            var now = Stopwatch.GetTimestamp();
            LastSeq = update.Seq;
            _tracker.OnText(Index, update.Html(), now, isUpdate: true, arrived: _socket?.LastArrival ?? 0);
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
        var snapshot = await connection.InvokeAsync<LiveMessage>("JoinShowing", kind, key, page?.Hashes ?? [], cancellationToken);
        LastSeq = snapshot.Seq;
        // What the browser shows: the page as rendered, with the snapshot's fragments over it.
        _tracker.OnText(Index, page is null ? snapshot.Html() : snapshot.Html().Prepend(page.Html), Stopwatch.GetTimestamp(), isUpdate: false);
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

/// <summary>
/// A watcher's page as the server rendered it: its HTML and the hash of each fragment it shows
/// (<c>data-live-hash</c>), fetched once for all the watchers of a run, as each browser would have it.
/// </summary>
internal sealed partial record ShownPage(string Html, Dictionary<string, string> Hashes)
{
    public static async Task<ShownPage> FetchAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var html = await http.GetStringAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match element in Fragment().Matches(html))
        {
            hashes[element.Groups["id"].Value] = element.Groups["hash"].Value;
        }

        return new ShownPage(html, hashes);
    }

    [System.Text.RegularExpressions.GeneratedRegex("<[a-z]+ [^>]*\\bid=\"(?<id>[^\"]+)\"[^>]*\\bdata-live-hash=\"(?<hash>[^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex Fragment();
}
