using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// The views watched on this node, one <see cref="LiveGroup"/> per view with watchers. A group exists, and
/// is subscribed to its partnership's events, only while someone watches it. Each node renders for its
/// own watchers only: every node receives every event (decision 016), so group names carry the node's id
/// and a send never reaches another node's watchers, with or without Azure SignalR (decision 017).
/// </summary>
public sealed partial class LiveGroups(
    LiveViewRegistry views, LiveFragmentRenderer renderer, IPartnershipEvents events, IHubContext<LiveHub> hub,
    LiveViewOptions options, ILogger<LiveGroups> logger)
{
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LiveGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<LiveGroup>> _byConnection = new(StringComparer.Ordinal);

    internal LiveFragmentRenderer Renderer => renderer;

    internal IHubContext<LiveHub> Hub => hub;

    internal IPartnershipEvents Events => events;

    internal LiveViewOptions Options => options;

    internal ILogger Logger => logger;

    /// <summary>How many views this node renders now (for tests and diagnostics).</summary>
    public int GroupCount
    {
        get
        {
            lock (_lock)
            {
                return _groups.Count;
            }
        }
    }

    /// <summary>
    /// Adds the connection to the view's watchers after checking that the person may watch it; null when
    /// the view does not exist or the person may not see it (the same answer for both, as a page's "not found").
    /// The snapshot leaves out the fragments <paramref name="shown"/> names with their current hash (<see cref="LiveFragmentHash"/>).
    /// </summary>
    public async Task<LiveSnapshot?> JoinAsync(
        string connectionId, ClaimsPrincipal user, string kind, string key, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? shown = null)
    {
        if (!IsName(kind) || !IsName(key) || views.Find(kind) is not { } view
            || !await view.MayWatchAsync(user, key, cancellationToken))
        {
            return null;
        }

        var name = $"{_node}|{kind}|{key}";
        LiveGroup group;
        string slice;
        lock (_lock)
        {
            var watched = _byConnection.TryGetValue(connectionId, out var known) ? known : [];
            if (!_groups.TryGetValue(name, out group!))
            {
                if (watched.Count >= LiveContract.MaxViewsPerConnection)
                {
                    return null;
                }

                group = new LiveGroup(this, view, key, name);
                _groups[name] = group;
            }
            else if (!watched.Contains(group) && watched.Count >= LiveContract.MaxViewsPerConnection)
            {
                return null;
            }

            slice = group.Add(connectionId, user);
            watched.Add(group);
            _byConnection[connectionId] = watched;
        }

        try
        {
            await hub.Groups.AddToGroupAsync(connectionId, slice, cancellationToken);
            var snapshot = await group.SnapshotAsync(user, cancellationToken, LiveFragmentHash.Shown(shown));
            if (snapshot is null)
            {
                await LeaveAsync(connectionId, group);
            }

            return snapshot;
        }
        catch
        {
            await LeaveAsync(connectionId, group);
            throw;
        }
    }

    /// <summary>The view as it is now, for a watcher that saw a gap in the updates; null when not watching it.</summary>
    public Task<LiveSnapshot?> SnapshotAsync(string connectionId, string kind, string key, CancellationToken cancellationToken)
    {
        LiveGroup? group;
        ClaimsPrincipal? user = null;
        lock (_lock)
        {
            group = _groups.GetValueOrDefault($"{_node}|{kind}|{key}");
            if (group is null || !group.Watchers.TryGetValue(connectionId, out var watcher))
            {
                return Task.FromResult<LiveSnapshot?>(null);
            }

            user = watcher.User;
        }

        return group.SnapshotAsync(user, cancellationToken);
    }

    internal int WatcherCount(LiveGroup group)
    {
        lock (_lock)
        {
            return group.Watchers.Count;
        }
    }

    /// <summary>One watcher's person, to load the view as (any watcher may: they all see the same).</summary>
    internal ClaimsPrincipal? AnyWatcherOf(LiveGroup group)
    {
        lock (_lock)
        {
            foreach (var watcher in group.Watchers.Values)
            {
                return watcher.User;
            }

            return null;
        }
    }

    /// <summary>The connections watching as <paramref name="userId"/>; null means every watcher.</summary>
    internal string[] ConnectionsOf(LiveGroup group, string? userId)
    {
        lock (_lock)
        {
            return [.. group.Watchers.Where(w => userId is null || w.Value.UserId == userId).Select(w => w.Key)];
        }
    }

    /// <summary>The SignalR groups holding the view's watchers now, one per slice (see <see cref="LiveViewOptions.SliceSize"/>).</summary>
    internal string[] SlicesOf(LiveGroup group)
    {
        lock (_lock)
        {
            return group.Slices();
        }
    }

    /// <summary>Forgets a connection that closed.</summary>
    public async Task LeaveAllAsync(string connectionId)
    {
        HashSet<LiveGroup>? watched;
        lock (_lock)
        {
            _byConnection.Remove(connectionId, out watched);
        }

        foreach (var group in watched ?? [])
        {
            await LeaveAsync(connectionId, group);
        }
    }

    /// <summary>Removes watchers whose right to watch an event ended, and tells them.</summary>
    internal async Task RevokeAsync(LiveGroup group, IReadOnlyList<string> connectionIds,
        string message = "You are no longer a member of this partnership, so this view stopped updating.")
    {
        foreach (var connectionId in connectionIds)
        {
            if (await LeaveAsync(connectionId, group) is not { } slice)
            {
                continue;
            }

            await hub.Groups.RemoveFromGroupAsync(connectionId, slice);
            await hub.Clients.Client(connectionId).SendAsync(LiveContract.Closed,
                new LiveClosed(message));
        }
    }

    /// <summary>Removes the watcher; returns the SignalR group it was in, or null when it had left already.</summary>
    private async Task<string?> LeaveAsync(string connectionId, LiveGroup group)
    {
        bool last;
        string? slice;
        lock (_lock)
        {
            slice = group.Remove(connectionId);
            if (_byConnection.TryGetValue(connectionId, out var watched))
            {
                watched.Remove(group);
            }

            last = group.Watchers.Count == 0 && _groups.GetValueOrDefault(group.Name) == group;
            if (last)
            {
                _groups.Remove(group.Name);
            }
        }

        if (last)
        {
            await group.DisposeAsync();
        }

        return slice;
    }

    private static bool IsName(string? value) => value is { Length: > 0 and <= LiveContract.MaxNameLength };
}

/// <summary>How long a burst of events is gathered into one update, and how often a view may load again.</summary>
public sealed class LiveViewOptions
{
    /// <summary>
    /// Zero by default: the first event of a quiet spell is sent at once, and events arriving while an update
    /// renders and sends join the next one, so bursts still coalesce under load without a fixed delay on every edit.
    /// </summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// What one update costs the node per watcher it goes to (30–60 µs measured on one core since lists send their items,
    /// docs/benchmarks.md): a group's next update waits until that, times its watchers, has passed since the last began,
    /// so a large audience gets fewer, fuller updates instead of a backlog of sends (1,000 watchers: 50 ms; 5,000: 0.25 s).
    /// </summary>
    public TimeSpan SendCostPerWatcher { get; set; } = TimeSpan.FromTicks(500);

    /// <summary>
    /// How many watchers of a view share one SignalR group. A group send copies the message into every member's
    /// pipe before any transport runs, each copy in buffers from the shared array pool; a slice small enough for
    /// the pool's free buffers is sent, and its buffers returned, before the next slice takes them, instead of
    /// thousands of fresh buffers per update (docs/benchmarks-journal.md, section 29).
    /// </summary>
    public int SliceSize { get; set; } = 16;

    /// <summary>The least time between two loads of a view that loads again on events (the public page).</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(1);
}
