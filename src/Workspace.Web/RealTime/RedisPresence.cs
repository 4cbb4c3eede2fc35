using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Workspace.Web.RealTime;

/// <summary>How often a node refreshes its presence in Redis, and how long an entry lasts without a refresh.</summary>
public sealed record RedisPresenceOptions
{
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A few heartbeats long, so a slow beat or a few seconds of clock skew between nodes never hides anyone.</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Throttle { get; init; } = InMemoryPresence.Throttle;

    public string KeyPrefix { get; init; } = "ws:presence:";
}

/// <summary>
/// Presence shared by several nodes. Each node keeps its own viewers in memory, as <see cref="InMemoryPresence"/>
/// does, and writes them to its own field of a Redis hash per location, stamped with an expiry its heartbeat
/// moves forward; every node merges all the fields when it reads. So no node overwrites another's people, and a
/// node that dies without cleaning up drops out once its stamp passes. While Redis is down a node shows its own
/// people, and its heartbeat writes them back when Redis returns.
/// </summary>
public sealed partial class RedisPresence : IPresence, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(Guid PartnershipId, string Location), Place> _places = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly IPartnershipEvents _events;
    private readonly TimeProvider _clock;
    private readonly ILogger<RedisPresence> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _leaveGate = new();
    private readonly Task _heartbeat;
    private Task? _leaving;

    public RedisPresence(IConnectionMultiplexer redis, IPartnershipEvents events, TimeProvider clock, ILogger<RedisPresence> logger, RedisPresenceOptions? options = null)
    {
        _redis = redis;
        _events = events;
        _clock = clock;
        _logger = logger;
        Options = options ?? new RedisPresenceOptions();
        _heartbeat = BeatAsync(_stopping.Token);
    }

    public RedisPresenceOptions Options { get; }

    /// <summary>This node's field name in every location's hash; unique per instance, so two in one process never share one.</summary>
    public string NodeId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    public IPresenceHandle Join(Guid partnershipId, string location, string userId, string displayName, string? organisationName)
    {
        var entry = new PresenceEntry(userId, displayName, organisationName, null);
        while (true)
        {
            var place = _places.GetOrAdd((partnershipId, location), key => new Place(this, key.PartnershipId, key.Location));
            if (place.TryJoin(entry) is { } handle)
            {
                return handle;
            }

            // The place was retired as its last viewer left; a fresh one takes its key.
            _places.TryRemove(KeyValuePair.Create((partnershipId, location), place));
        }
    }

    public IReadOnlyList<PresenceEntry> At(Guid partnershipId, string location) =>
        _places.TryGetValue((partnershipId, location), out var place) ? place.Merged() : [];

    /// <summary>Removes this node's people from Redis at once and stops the heartbeat (graceful shutdown).</summary>
    public Task LeaveAsync()
    {
        lock (_leaveGate)
        {
            return _leaving ??= LeaveCoreAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await LeaveAsync();
        await _heartbeat;
        _stopping.Dispose();
    }

    private async Task LeaveCoreAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_places.Values.Select(place => place.LeaveAsync()));
    }

    private async Task BeatAsync(CancellationToken stopping)
    {
        // Yields first, so the constructor returns before the first beat.
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Options.Heartbeat, _clock, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.WhenAll(_places.Values.Select(place => place.SyncAsync()));
        }
    }

    private static RedisKey KeyOf(string prefix, Guid partnershipId, string location) => $"{prefix}{partnershipId:N}:{location}";

    private bool Stopping => _stopping.IsCancellationRequested;

    private void Retire(Place place) => _places.TryRemove(KeyValuePair.Create((place.PartnershipId, place.Location), place));

    private static bool IsRedisFault(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException or System.Text.Json.JsonException;
}
