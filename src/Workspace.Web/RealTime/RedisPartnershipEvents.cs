using StackExchange.Redis;

namespace Workspace.Web.RealTime;

/// <summary>
/// The event bus of several nodes. This node's subscribers get its events at once from the in-process
/// bus; other nodes get them through a Redis channel per partnership, each numbered by a per-partnership
/// counter, so a node that sees a number missing tells its subscribers <see cref="EventsMissed"/> and
/// their pages load again. Redis being down never fails or slows a save (decision 016).
/// </summary>
public sealed partial class RedisPartnershipEvents : IPartnershipEvents, IDisposable
{
    /// <summary>How long a missing number may take to arrive (this node's own numbers come back with the script's reply).</summary>
    public static readonly TimeSpan GapGrace = TimeSpan.FromSeconds(1);

    // Numbering and sending in one step, so the order of the numbers is the order other nodes receive. The
    // counter of a partnership quiet for 30 days goes (a node seeing 1 again starts counting afresh).
    private const string PublishScript = "local seq = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], 2592000) redis.call('PUBLISH', ARGV[1], ARGV[2] .. seq .. ARGV[3]) return seq";

    // A node sending what this one cannot read would otherwise write a warning per event.
    private static readonly TimeSpan RefusedWarningEvery = TimeSpan.FromMinutes(1);

    private readonly IConnectionMultiplexer _redis;
    private readonly InProcessPartnershipEvents _local;
    private readonly LiveUpdatesStatus _status;
    private readonly TimeProvider _clock;
    private readonly ILogger<RedisPartnershipEvents> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Channel> _channels = [];
    private readonly HashSet<Guid> _unsent = [];
    private readonly HashSet<Type> _unregisteredLogged = [];
    private bool _down;
    private DateTimeOffset _refusedWarnedAt = DateTimeOffset.MinValue;
    private int _refusedSinceWarning;

    public RedisPartnershipEvents(IConnectionMultiplexer redis, LiveUpdatesStatus status, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(loggers);
        _redis = redis;
        _status = status;
        _clock = clock;
        _logger = loggers.CreateLogger<RedisPartnershipEvents>();
        _local = new InProcessPartnershipEvents(loggers.CreateLogger<InProcessPartnershipEvents>());
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        if (!_redis.IsConnected)
        {
            GoneDown("not connected at start");
        }
    }

    /// <summary>This node's name in envelopes, so it knows its own events when Redis echoes them back.</summary>
    public string Node { get; } = Guid.NewGuid().ToString("N");

    public static string ChannelName(Guid partnershipId) => $"workspace:events:{partnershipId:N}";

    public static string SequenceKey(Guid partnershipId) => $"workspace:events:{partnershipId:N}:seq";

    public int SubscriberCount(Guid partnershipId) => _local.SubscriberCount(partnershipId);

    public Task PublishAsync(PartnershipEvent change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var delivered = _local.PublishAsync(change, cancellationToken);
        if (change is not EventsMissed)
        {
            Send(change);
        }

        return delivered;
    }

    public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, Task> handler) => Subscribe(partnershipId, static _ => true, handler);

    public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, bool> concerns, Func<PartnershipEvent, Task> handler) =>
        Track(partnershipId, _local.Subscribe(partnershipId, concerns, handler));

    public IDisposable SubscribeBatches(Guid partnershipId, Func<PartnershipEvent, bool> concerns, Func<IReadOnlyList<PartnershipEvent>, Task> handler) =>
        Track(partnershipId, _local.SubscribeBatches(partnershipId, concerns, handler));

    /// <summary>Listens to the partnership's channel while this node has a subscriber to it.</summary>
    private Handle Track(Guid partnershipId, IDisposable inner)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(partnershipId, out var channel))
            {
                _channels[partnershipId] = channel = new Channel(partnershipId);
            }

            if (++channel.LocalSubscribers == 1)
            {
                Reconcile(channel);
            }

            return new Handle(this, channel, inner);
        }
    }

    private void Unsubscribed(Channel channel)
    {
        lock (_gate)
        {
            if (--channel.LocalSubscribers == 0)
            {
                Reconcile(channel);
            }
        }
    }

    /// <summary>Sends without waiting: the save that published has committed and must not wait on Redis.</summary>
    private void Send(PartnershipEvent change)
    {
        if (EventContract.NameOf(change.GetType()) is null)
        {
            lock (_gate)
            {
                if (_unregisteredLogged.Add(change.GetType()))
                {
                    LogNotInContract(change.GetType().Name);
                }
            }

            return;
        }

        if (!_redis.IsConnected)
        {
            NoteUnsent(change.PartnershipId);
            return;
        }

        _ = SendAsync(change.PartnershipId, EventContract.Wrap(change, Node));
    }

    private async Task SendAsync(Guid partnershipId, (string Head, byte[] Tail) envelope)
    {
        try
        {
            var sequence = (long)await _redis.GetDatabase().ScriptEvaluateAsync(
                PublishScript, [SequenceKey(partnershipId)], [ChannelName(partnershipId), envelope.Head, envelope.Tail]).ConfigureAwait(false);
            Observe(partnershipId, sequence);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogSendFailed(ex, partnershipId);
            NoteUnsent(partnershipId);
        }
    }

    private void NoteUnsent(Guid partnershipId)
    {
        lock (_gate)
        {
            _unsent.Add(partnershipId);
        }
    }

    private void Receive(Channel channel, RedisValue message)
    {
        var envelope = EventContract.Deserialize((byte[])message!);
        if (envelope.Sequence is { } sequence)
        {
            Observe(channel.PartnershipId, sequence);
        }

        if (envelope.Event is null || envelope.Event.PartnershipId != channel.PartnershipId)
        {
            // Perhaps a newer node's event: its viewers here load the page again rather than miss it.
            WarnRefused(channel.PartnershipId, envelope.Error ?? "event of another partnership");
            _ = _local.PublishAsync(new EventsMissed(channel.PartnershipId));
        }
        else if (envelope.Node != Node)
        {
            _ = _local.PublishAsync(envelope.Event);
        }
    }

    private void WarnRefused(Guid partnershipId, string reason)
    {
        int more;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now - _refusedWarnedAt < RefusedWarningEvery)
            {
                _refusedSinceWarning++;
                return;
            }

            (more, _refusedSinceWarning, _refusedWarnedAt) = (_refusedSinceWarning, 0, now);
        }

        LogRefused(partnershipId, reason, more);
    }

    private void Observe(Guid partnershipId, long sequence)
    {
        Channel? channel;
        lock (_gate)
        {
            if (!_channels.TryGetValue(partnershipId, out channel))
            {
                return;
            }
        }

        bool opened;
        lock (channel.Gate)
        {
            opened = channel.Sequence.Observe(sequence, _clock.GetUtcNow());
        }

        if (opened)
        {
            _ = CheckGapAsync(channel, GapGrace);
        }
    }

    private async Task CheckGapAsync(Channel channel, TimeSpan wait)
    {
        await Task.Delay(wait, _clock).ConfigureAwait(false);
        bool missed;
        TimeSpan? again = null;
        lock (channel.Gate)
        {
            var now = _clock.GetUtcNow();
            missed = channel.Sequence.GiveUpOnGap(now, GapGrace);
            if (!missed && channel.Sequence.GapSince is { } since)
            {
                again = since + GapGrace - now;
            }
        }

        if (missed)
        {
            LogGap(channel.PartnershipId);
            _ = _local.PublishAsync(new EventsMissed(channel.PartnershipId));
        }
        else if (again is { } delay)
        {
            _ = CheckGapAsync(channel, delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>Queues a Redis subscribe or unsubscribe behind the channel's earlier ones, so they reach Redis in order.</summary>
    private void Reconcile(Channel channel) =>
        channel.Pending = channel.Pending.ContinueWith(_ => ReconcileAsync(channel), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();

    private async Task ReconcileAsync(Channel channel)
    {
        bool wanted;
        lock (_gate)
        {
            wanted = channel.LocalSubscribers > 0;
        }

        var subscriber = _redis.GetSubscriber();
        var name = RedisChannel.Literal(ChannelName(channel.PartnershipId));
        if (wanted && channel.Queue is null && _redis.IsConnected)
        {
            lock (channel.Gate)
            {
                channel.Sequence.Reset();
            }

            try
            {
                var queue = await subscriber.SubscribeAsync(name).ConfigureAwait(false);
                queue.OnMessage(message => Receive(channel, message.Message));
                channel.Queue = queue;
                await BaselineAsync(channel).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Tried again when the connection is back; drop whatever half-made subscription the client kept.
                LogSubscribeFailed(ex, channel.PartnershipId);
                await subscriber.UnsubscribeAsync(name, null, CommandFlags.FireAndForget).ConfigureAwait(false);
            }
        }
        else if (!wanted)
        {
            if (channel.Queue is { } queue)
            {
                channel.Queue = null;
                try
                {
                    await queue.UnsubscribeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    await subscriber.UnsubscribeAsync(name, null, CommandFlags.FireAndForget).ConfigureAwait(false);
                }
            }

            lock (_gate)
            {
                if (channel.LocalSubscribers == 0 && _channels.GetValueOrDefault(channel.PartnershipId) == channel)
                {
                    _channels.Remove(channel.PartnershipId);
                }
            }
        }
    }

    /// <summary>Counts from where the partnership's counter stands now: what came before is not a gap.</summary>
    private async Task BaselineAsync(Channel channel)
    {
        long? current = null;
        try
        {
            current = (long?)await _redis.GetDatabase().StringGetAsync(SequenceKey(channel.PartnershipId)).ConfigureAwait(false) ?? 0;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(ex, channel.PartnershipId);
        }

        bool opened;
        lock (channel.Gate)
        {
            var now = _clock.GetUtcNow();
            if (current is { } value)
            {
                channel.Sequence.Baseline(value, now);
            }
            else
            {
                channel.Sequence.BaselineFromSeen(now);
            }

            opened = channel.Sequence.GapSince is not null;
        }

        if (opened)
        {
            _ = CheckGapAsync(channel, GapGrace);
        }
    }

    private sealed class Channel(Guid partnershipId)
    {
        public Guid PartnershipId { get; } = partnershipId;

        public Lock Gate { get; } = new();

        public PartnershipSequence Sequence { get; } = new();

        /// <summary>This node's subscribers to the partnership; guarded by the bus's lock.</summary>
        public int LocalSubscribers { get; set; }

        /// <summary>The Redis subscription, while there is one; touched only by the ordered <see cref="Pending"/> work.</summary>
        public ChannelMessageQueue? Queue { get; set; }

        public Task Pending { get; set; } = Task.CompletedTask;
    }

    private sealed class Handle(RedisPartnershipEvents owner, Channel channel, IDisposable inner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                inner.Dispose();
                owner.Unsubscribed(channel);
            }
        }
    }
}
