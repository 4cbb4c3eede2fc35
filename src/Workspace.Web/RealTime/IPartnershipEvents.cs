namespace Workspace.Web.RealTime;

/// <summary>
/// The one road from a committed change to every viewer of a partnership. Services publish after
/// their transaction commits; components subscribe per partnership and dispose the subscription with
/// themselves. The in-process implementation serves one node; a Redis-backed one can replace it.
/// </summary>
public interface IPartnershipEvents
{
    /// <summary>Delivers the event to every subscriber of its partnership. A failing subscriber never fails the publisher.</summary>
    Task PublishAsync(PartnershipEvent change, CancellationToken cancellationToken = default);

    /// <summary>Subscribes to one partnership's events until the returned handle is disposed.</summary>
    IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, Task> handler);

    /// <summary>
    /// Subscribes to the events <paramref name="concerns"/> accepts. It is asked on the publisher's thread, before the
    /// event is queued for the subscriber (so it must be quick and thread-safe): with forty typists, each keystroke's
    /// event would otherwise take a trip through every page's queue and renderer only to be dropped there.
    /// </summary>
    IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, bool> concerns, Func<PartnershipEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        ArgumentNullException.ThrowIfNull(handler);
        return Subscribe(partnershipId, change => concerns(change) ? handler(change) : Task.CompletedTask);
    }

    /// <summary>
    /// As the filtered <see cref="Subscribe(Guid, Func{PartnershipEvent, bool}, Func{PartnershipEvent, Task})"/>, but the
    /// events that arrived while the handler was busy come together, in order, in its next call: a page or an editor
    /// then takes a burst of keystrokes in one trip through its renderer.
    /// </summary>
    IDisposable SubscribeBatches(Guid partnershipId, Func<PartnershipEvent, bool> concerns, Func<IReadOnlyList<PartnershipEvent>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Subscribe(partnershipId, concerns, change => handler([change]));
    }
}

/// <summary>Something that happened in a partnership, in the past tense, carrying what viewers need to render it.</summary>
public abstract record PartnershipEvent(Guid PartnershipId, string? ActorUserId);

/// <summary>
/// Says who is where (presence, another typist's caret), not what is stored: pages and caches that show stored data
/// ignore it, and the activity record never counts it.
/// </summary>
public interface IEphemeralEvent;

/// <summary>
/// Ephemeral and only for the editors of one co-typed text (another typist's caret, several a second): pages skip it on
/// the bus's thread, before it costs a trip through their renderer.
/// </summary>
public interface ITextEditorEvent : IEphemeralEvent;

/// <summary>A partnership's public results page proposal or a partner's consent to it changed: whether the page is public may have changed.</summary>
public sealed record PublicationChanged(Guid PartnershipId, string? ActorUserId) : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>
/// Told to a subscriber, not published: events of its partnership may have been lost on the way (a gap in
/// the bus's sequence, a reconnect), so what it shows must be loaded again (each page's resync).
/// </summary>
public sealed record EventsMissed(Guid PartnershipId) : PartnershipEvent(PartnershipId, null);
