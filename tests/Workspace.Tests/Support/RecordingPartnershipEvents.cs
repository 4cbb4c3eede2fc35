using Workspace.Web.RealTime;

namespace Workspace.Tests.Support;

/// <summary>Records what services publish, and can look at the database at the moment of publishing.</summary>
public sealed class RecordingPartnershipEvents : IPartnershipEvents
{
    private readonly List<PartnershipEvent> _published = [];

    public IReadOnlyList<PartnershipEvent> Published => _published;

    /// <summary>Runs when an event is published, before the service call returns.</summary>
    public Action<PartnershipEvent>? OnPublish { get; set; }

    public Task PublishAsync(PartnershipEvent change, CancellationToken cancellationToken = default)
    {
        _published.Add(change);
        OnPublish?.Invoke(change);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, Task> handler) =>
        throw new NotSupportedException("Service tests only record what is published.");

    public void Clear() => _published.Clear();
}
