using System.Collections.Concurrent;
using System.Collections.Immutable;
using Workspace.Web.Hosting;

namespace Workspace.Web.RealTime;

/// <summary>
/// Fans events out to this node's subscribers, isolating failures. Each subscriber gets its events in
/// publish order, one at a time, on the thread pool: the publisher (a save) returns as soon as every
/// subscriber has the event queued, without waiting for any viewer's render, and viewers render in
/// parallel across the cores.
/// </summary>
public sealed partial class InProcessPartnershipEvents(ILogger<InProcessPartnershipEvents> logger, WorkspaceMetrics? metrics = null) : IPartnershipEvents
{
    private readonly ConcurrentDictionary<Guid, ImmutableArray<Subscription>> _subscriptions = new();

    /// <summary>
    /// When true, <see cref="PublishAsync"/> starts every subscriber on the publisher's thread and
    /// completes once all have handled the event, as a single-threaded renderer needs: component tests
    /// use it so a change has been rendered everywhere when the call that made it returns.
    /// </summary>
    public bool DeliverInline { get; init; }

    public int SubscriberCount(Guid partnershipId) =>
        _subscriptions.TryGetValue(partnershipId, out var list) ? list.Length : 0;

    public Task PublishAsync(PartnershipEvent change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        metrics?.EventPublished(change.GetType().Name);
        if (!_subscriptions.TryGetValue(change.PartnershipId, out var subscribers) || subscribers.IsEmpty)
        {
            return Task.CompletedTask;
        }

        if (DeliverInline)
        {
            var deliveries = new Task[subscribers.Length];
            for (var i = 0; i < subscribers.Length; i++)
            {
                deliveries[i] = subscribers[i].Concerns(change) ? subscribers[i].DeliverAsync([change]) : Task.CompletedTask;
            }

            return Task.WhenAll(deliveries);
        }

        foreach (var subscriber in subscribers)
        {
            if (subscriber.Concerns(change))
            {
                subscriber.Enqueue(change);
            }
        }

        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, Task> handler) => Subscribe(partnershipId, static _ => true, handler);

    public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, bool> concerns, Func<PartnershipEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new Subscription(this, partnershipId, concerns, handler, null));
    }

    public IDisposable SubscribeBatches(Guid partnershipId, Func<PartnershipEvent, bool> concerns, Func<IReadOnlyList<PartnershipEvent>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new Subscription(this, partnershipId, concerns, null, handler));
    }

    private Subscription Add(Subscription subscription)
    {
        _subscriptions.AddOrUpdate(subscription.PartnershipId, _ => [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    /// <summary>Completes when everything queued so far for the subscription has been handled or skipped.</summary>
    internal static Task QueueDrainedAsync(IDisposable subscription) => ((Subscription)subscription).Tail;

    private void Unsubscribe(Subscription subscription)
    {
        while (_subscriptions.TryGetValue(subscription.PartnershipId, out var list))
        {
            var updated = list.Remove(subscription);
            if (updated.IsEmpty
                ? _subscriptions.TryRemove(new KeyValuePair<Guid, ImmutableArray<Subscription>>(subscription.PartnershipId, list))
                : _subscriptions.TryUpdate(subscription.PartnershipId, updated, list))
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber failed to handle {EventType} for partnership {PartnershipId}.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, string eventType, Guid partnershipId);

    /// <summary>
    /// One subscriber's queue: events it is concerned with wait here, and one loop on the thread pool hands over what
    /// has gathered when it comes round — one at a time to a per-event handler, all together to a batch handler — so a
    /// burst of events costs one trip through the pool, not one each.
    /// </summary>
    private sealed class Subscription(
        InProcessPartnershipEvents owner, Guid partnershipId, Func<PartnershipEvent, bool> concerns,
        Func<PartnershipEvent, Task>? handler, Func<IReadOnlyList<PartnershipEvent>, Task>? batchHandler) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<PartnershipEvent> _queued = [];
        private Task _tail = Task.CompletedTask;
        private bool _running;
        private int _disposed;

        public Guid PartnershipId { get; } = partnershipId;

        public Task Tail
        {
            get
            {
                lock (_gate)
                {
                    return _tail;
                }
            }
        }

        /// <summary>Asked on the publisher's thread; a filter that throws is logged, as a failing handler is, and the event skipped.</summary>
        public bool Concerns(PartnershipEvent change)
        {
            try
            {
                return concerns(change);
            }
#pragma warning disable CA1031 // One broken subscriber must never break the sender or the other viewers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubscriberFailed(owner.Logger, ex, change.GetType().Name, change.PartnershipId);
                return false;
            }
        }

        /// <summary>Queues the event behind this subscriber's earlier ones; starts the loop when it is not running.</summary>
        public void Enqueue(PartnershipEvent change)
        {
            lock (_gate)
            {
                _queued.Add(change);
                if (!_running)
                {
                    _running = true;
                    _tail = RunAsync();
                }
            }
        }

        private async Task RunAsync()
        {
            // Never run the handler on the publisher's thread.
            await Task.Yield();
            while (true)
            {
                PartnershipEvent[] gathered;
                lock (_gate)
                {
                    if (_queued.Count == 0)
                    {
                        _running = false;
                        return;
                    }

                    gathered = [.. _queued];
                    _queued.Clear();
                }

                await DeliverAsync(gathered);
            }
        }

        /// <summary>Hands the events over unless unsubscribed; a failure is logged, never thrown, and the next event still goes.</summary>
        public async Task DeliverAsync(PartnershipEvent[] changes)
        {
            if (batchHandler is not null)
            {
                if (Volatile.Read(ref _disposed) == 0 && await HandledAsync(changes[0], () => batchHandler(changes)))
                {
                    foreach (var change in changes)
                    {
                        owner.Metrics?.EventDelivered(change.GetType().Name);
                    }
                }

                return;
            }

            foreach (var change in changes)
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                if (await HandledAsync(change, () => handler!(change)))
                {
                    owner.Metrics?.EventDelivered(change.GetType().Name);
                }
            }
        }

        private async Task<bool> HandledAsync(PartnershipEvent first, Func<Task> handle)
        {
            try
            {
                await handle();
                return true;
            }
#pragma warning disable CA1031 // One broken subscriber must never break the sender or the other viewers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubscriberFailed(owner.Logger, ex, first.GetType().Name, first.PartnershipId);
                return false;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(this);
            }
        }
    }

    private ILogger Logger => logger;

    private WorkspaceMetrics? Metrics => metrics;
}
