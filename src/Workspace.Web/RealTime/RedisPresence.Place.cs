namespace Workspace.Web.RealTime;

public sealed partial class RedisPresence
{
    /// <summary>
    /// One location: this node's handles, the other nodes' people as last read from Redis, and the list last
    /// shown to viewers (published here or received from another node), so only a real change is published.
    /// </summary>
#pragma warning disable CA1001 // The semaphore holds no handle unless its wait handle is read; a retired place may still have a beat waiting on it.
    private sealed class Place(RedisPresence owner, Guid partnershipId, string location)
#pragma warning restore CA1001
    {
        private readonly Lock _gate = new();
        private readonly List<Handle> _handles = [];
        private readonly SemaphoreSlim _syncing = new(1, 1);
        private IReadOnlyList<RemoteEntry> _remote = [];
        private IReadOnlyList<PresenceEntry> _shown = [];
        private PresenceChanged? _lastPublished;
        private IDisposable? _subscription;
        private bool _syncScheduled;
        private bool _retired;

        public Guid PartnershipId => partnershipId;

        public string Location => location;

        public Handle? TryJoin(PresenceEntry entry)
        {
            Handle handle;
            lock (_gate)
            {
                if (_retired)
                {
                    return null;
                }

                handle = new Handle(this, entry);
                _handles.Add(handle);
                // Other nodes' updates arrive on the bus; each one makes this node read Redis again.
                _subscription ??= owner._events.Subscribe(partnershipId, OnEventAsync);
            }

            Changed();
            return handle;
        }

        public void Remove(Handle handle)
        {
            lock (_gate)
            {
                _handles.Remove(handle);
            }

            Changed();
        }

        /// <summary>Everyone here on every node: this node's people as they are now, the others' as last read and not expired.</summary>
        public IReadOnlyList<PresenceEntry> Merged()
        {
            var now = owner._clock.GetUtcNow();
            lock (_gate)
            {
                return PresenceLists.OnePerPerson(_remote.Where(r => r.Expires > now).Select(r => r.Entry).Concat(Mine()));
            }
        }

        /// <summary>Coalesces changes: one write, read and publish per throttle period, however many changes came.</summary>
        public void Changed()
        {
            lock (_gate)
            {
                if (_syncScheduled)
                {
                    return;
                }

                _syncScheduled = true;
            }

            _ = SyncLaterAsync();
        }

        /// <summary>Writes this node's people, reads every node's, and publishes the merged list when it changed.</summary>
        public async Task SyncAsync()
        {
            await _syncing.WaitAsync();
            try
            {
                if (owner.Stopping)
                {
                    return;
                }

                IReadOnlyList<PresenceEntry> mine;
                lock (_gate)
                {
                    mine = PresenceLists.OnePerPerson(Mine());
                }

                var now = owner._clock.GetUtcNow();
                var others = await owner.ExchangeAsync(KeyOf(owner.Options.KeyPrefix, partnershipId, location), mine, now);
                PresenceChanged? change = null;
                bool retire;
                lock (_gate)
                {
                    _remote = others ?? [.. _remote.Where(r => r.Expires > now)];
                    var merged = PresenceLists.OnePerPerson(_remote.Select(r => r.Entry).Concat(Mine()));
                    if (!merged.SequenceEqual(_shown))
                    {
                        _shown = merged;
                        change = _lastPublished = new PresenceChanged(partnershipId, location, merged);
                    }

                    // Nobody here any more: the write above removed this node's field (or it expires while Redis is away).
                    retire = _retired = _handles.Count == 0 && !_syncScheduled;
                }

                if (change is not null)
                {
                    await owner._events.PublishAsync(change);
                }

                if (retire)
                {
                    owner.Retire(this);
                    _subscription?.Dispose();
                }
            }
#pragma warning disable CA1031 // A background beat: a fault here must never reach a page, and the next beat tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                owner._logger.LogWarning(ex, "Presence at {Location} could not be brought up to date.", location);
            }
            finally
            {
                _syncing.Release();
            }
        }

        public async Task LeaveAsync()
        {
            await _syncing.WaitAsync();
            try
            {
                await owner.RemoveMineAsync(KeyOf(owner.Options.KeyPrefix, partnershipId, location));
                _subscription?.Dispose();
            }
            finally
            {
                _syncing.Release();
            }
        }

        private async Task SyncLaterAsync()
        {
            await Task.Delay(owner.Options.Throttle, owner._clock);
            lock (_gate)
            {
                _syncScheduled = false;
            }

            await SyncAsync();
        }

        private Task OnEventAsync(PartnershipEvent change)
        {
            if (change is PresenceChanged presence && presence.Location == location)
            {
                lock (_gate)
                {
                    if (ReferenceEquals(presence, _lastPublished))
                    {
                        return Task.CompletedTask;
                    }

                    _shown = presence.People;
                }

                Changed();
            }

            return Task.CompletedTask;
        }

        private List<PresenceEntry> Mine() => _handles.Where(h => h.Connected).Select(h => h.Entry).ToList();
    }

    private sealed class Handle(Place place, PresenceEntry entry) : IPresenceHandle
    {
        private int _disposed;
        private volatile PresenceEntry _entry = entry;
        private volatile bool _connected = true;

        public PresenceEntry Entry => _entry;

        public bool Connected => _connected;

        public void Editing(string? field)
        {
            if (_entry.EditingField == field || Volatile.Read(ref _disposed) == 1)
            {
                return;
            }

            _entry = _entry with { EditingField = field };
            place.Changed();
        }

        public void SetConnected(bool connected)
        {
            if (_connected == connected || Volatile.Read(ref _disposed) == 1)
            {
                return;
            }

            _connected = connected;
            place.Changed();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                place.Remove(this);
            }
        }
    }

    private readonly record struct RemoteEntry(PresenceEntry Entry, DateTimeOffset Expires);
}
