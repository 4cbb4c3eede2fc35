namespace Workspace.Web.RealTime;

/// <summary>
/// Whether live updates from other nodes are delayed (Redis unreachable), for the layout's notice. A loss
/// counts only once it has lasted <see cref="Patience"/>, so a blip shows nothing. Never delayed on one node.
/// </summary>
public sealed class LiveUpdatesStatus(TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private ITimer? _pending;
    private long _generation;

    public bool Delayed { get; private set; }

    /// <summary>Raised on any thread when <see cref="Delayed"/> changes.</summary>
    public event Action? Changed;

    /// <summary>The connection was lost: delayed from <see cref="Patience"/> on, unless it is back by then.</summary>
    public void MarkUnreachable()
    {
        lock (_gate)
        {
            if (Delayed || _pending is not null)
            {
                return;
            }

            var generation = _generation;
            _pending = clock.CreateTimer(_ => Set(true, generation), null, Patience, Timeout.InfiniteTimeSpan);
        }
    }

    public void MarkReachable() => Set(false, null);

    /// <param name="generation">For the timer: ignored when the connection came back after it was started.</param>
    private void Set(bool delayed, long? generation)
    {
        lock (_gate)
        {
            if (generation is not null && generation != _generation)
            {
                return;
            }

            _generation++;
            _pending?.Dispose();
            _pending = null;
            if (Delayed == delayed)
            {
                return;
            }

            Delayed = delayed;
        }

        Changed?.Invoke();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
        }
    }
}
