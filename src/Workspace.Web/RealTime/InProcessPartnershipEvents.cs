using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Workspace.Web.RealTime;

/// <summary>Fans events out to this node's subscribers, concurrently, isolating failures.</summary>
public sealed partial class InProcessPartnershipEvents(ILogger<InProcessPartnershipEvents> logger) : IPartnershipEvents
{
    private readonly ConcurrentDictionary<Guid, ImmutableArray<Subscription>> _subscriptions = new();

    public int SubscriberCount(Guid partnershipId) =>
        _subscriptions.TryGetValue(partnershipId, out var list) ? list.Length : 0;

    public Task PublishAsync(PartnershipEvent change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!_subscriptions.TryGetValue(change.PartnershipId, out var subscribers) || subscribers.IsEmpty)
        {
            return Task.CompletedTask;
        }

        // Start every subscriber before awaiting any, so no viewer waits for another viewer's render.
        var deliveries = new Task[subscribers.Length];
        for (var i = 0; i < subscribers.Length; i++)
        {
            deliveries[i] = DeliverAsync(subscribers[i], change);
        }

        return Task.WhenAll(deliveries);
    }

    public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, partnershipId, handler);
        _subscriptions.AddOrUpdate(partnershipId, _ => [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

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

    private async Task DeliverAsync(Subscription subscription, PartnershipEvent change)
    {
        try
        {
            await subscription.Handler(change);
        }
#pragma warning disable CA1031 // One broken subscriber must never break the sender or the other viewers.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSubscriberFailed(logger, ex, change.GetType().Name, change.PartnershipId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber failed to handle {EventType} for partnership {PartnershipId}.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, string eventType, Guid partnershipId);

    private sealed class Subscription(InProcessPartnershipEvents owner, Guid partnershipId, Func<PartnershipEvent, Task> handler) : IDisposable
    {
        private int _disposed;

        public Guid PartnershipId { get; } = partnershipId;

        public Func<PartnershipEvent, Task> Handler { get; } = handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(this);
            }
        }
    }
}
