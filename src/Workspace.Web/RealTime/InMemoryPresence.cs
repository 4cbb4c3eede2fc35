using System.Collections.Concurrent;

namespace Workspace.Web.RealTime;

/// <summary>
/// Presence for one node. Changes are coalesced per location and published at most every
/// <see cref="Throttle"/>, so a burst of joins or focus changes costs viewers one update.
/// </summary>
public sealed class InMemoryPresence(IPartnershipEvents events, TimeProvider clock) : IPresence
{
    public static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(150);

    private readonly ConcurrentDictionary<(Guid PartnershipId, string Location), Place> _places = new();

    public IPresenceHandle Join(Guid partnershipId, string location, string userId, string displayName, string? organisationName)
    {
        var place = _places.GetOrAdd((partnershipId, location), key => new Place(this, key.PartnershipId, key.Location));
        var handle = new Handle(place, new PresenceEntry(userId, displayName, organisationName, null));
        place.Add(handle);
        return handle;
    }

    public IReadOnlyList<PresenceEntry> At(Guid partnershipId, string location) =>
        _places.TryGetValue((partnershipId, location), out var place) ? place.Snapshot() : [];

    private sealed class Place(InMemoryPresence owner, Guid partnershipId, string location)
    {
        private readonly Lock _gate = new();
        private readonly List<Handle> _handles = [];
        private bool _publishScheduled;

        public void Add(Handle handle)
        {
            lock (_gate)
            {
                if (_handles.Contains(handle))
                {
                    return;
                }

                _handles.Add(handle);
            }

            Changed();
        }

        public void Remove(Handle handle)
        {
            lock (_gate)
            {
                _handles.Remove(handle);
            }

            Changed();
        }

        public IReadOnlyList<PresenceEntry> Snapshot()
        {
            lock (_gate)
            {
                return PresenceLists.OnePerPerson(_handles.Select(h => h.Entry));
            }
        }

        public void Changed()
        {
            lock (_gate)
            {
                if (_publishScheduled)
                {
                    return;
                }

                _publishScheduled = true;
            }

            _ = PublishLaterAsync();
        }

        private async Task PublishLaterAsync()
        {
            await Task.Delay(Throttle, owner._clock);
            lock (_gate)
            {
                _publishScheduled = false;
            }

            await owner._events.PublishAsync(new PresenceChanged(partnershipId, location, Snapshot()));
        }
    }

    private readonly IPartnershipEvents _events = events;
    private readonly TimeProvider _clock = clock;

    private sealed class Handle(Place place, PresenceEntry entry) : IPresenceHandle
    {
        private int _disposed;

        public PresenceEntry Entry { get; private set; } = entry;

        public void Editing(string? field)
        {
            if (Entry.EditingField == field || Volatile.Read(ref _disposed) == 1)
            {
                return;
            }

            Entry = Entry with { EditingField = field };
            place.Changed();
        }

        public void SetConnected(bool connected)
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return;
            }

            if (connected)
            {
                place.Add(this);
            }
            else
            {
                place.Remove(this);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                place.Remove(this);
            }
        }
    }
}
