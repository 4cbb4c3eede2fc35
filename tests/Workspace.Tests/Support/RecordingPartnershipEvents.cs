using Workspace.Web.RealTime;

namespace Workspace.Tests.Support;

/// <summary>Records what services publish, and can look at the database at the moment of publishing.</summary>
public sealed class RecordingPartnershipEvents : IPartnershipEvents
{
    private readonly List<PartnershipEvent> _published = [];
    private readonly Lock _lock = new();

    /// <summary>What was published so far, in order (a copy: services may publish from several threads at once).</summary>
    public IReadOnlyList<PartnershipEvent> Published
    {
        get
        {
            lock (_lock)
            {
                return [.. _published];
            }
        }
    }

    /// <summary>Runs when an event is published, before the service call returns.</summary>
    public Action<PartnershipEvent>? OnPublish { get; set; }

    public Task PublishAsync(PartnershipEvent change, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _published.Add(change);
        }

        OnPublish?.Invoke(change);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, Task> handler) =>
        throw new NotSupportedException("Service tests only record what is published.");

    public void Clear()
    {
        lock (_lock)
        {
            _published.Clear();
        }
    }
}
