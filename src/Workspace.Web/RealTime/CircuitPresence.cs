using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Workspace.Web.RealTime;

/// <summary>
/// The presence handles of one circuit. A circuit outlives a dropped connection for minutes, so
/// its viewer is hidden while the connection is down and shown again when it comes back.
/// </summary>
public sealed class CircuitPresence(IPresence presence)
{
    private readonly List<IPresenceHandle> _handles = [];
    private readonly Lock _gate = new();
    private bool _connected = true;

    public IPresenceHandle Join(Guid partnershipId, string location, string userId, string displayName, string? organisationName)
    {
        var handle = new TrackedHandle(this, presence.Join(partnershipId, location, userId, displayName, organisationName));
        lock (_gate)
        {
            _handles.Add(handle);
            if (!_connected)
            {
                handle.SetConnected(false);
            }
        }

        return handle;
    }

    public IReadOnlyList<PresenceEntry> At(Guid partnershipId, string location) => presence.At(partnershipId, location);

    private void Forget(TrackedHandle handle)
    {
        lock (_gate)
        {
            _handles.Remove(handle);
        }
    }

    private sealed class TrackedHandle(CircuitPresence owner, IPresenceHandle inner) : IPresenceHandle
    {
        public void Editing(string? field) => inner.Editing(field);

        public void SetConnected(bool connected) => inner.SetConnected(connected);

        public void Dispose()
        {
            owner.Forget(this);
            inner.Dispose();
        }
    }

    internal void SetConnected(bool connected)
    {
        lock (_gate)
        {
            _connected = connected;
            foreach (var handle in _handles)
            {
                handle.SetConnected(connected);
            }
        }
    }
}

internal sealed class PresenceCircuitHandler(CircuitPresence presence) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.SetConnected(false);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.SetConnected(true);
        return Task.CompletedTask;
    }
}
