namespace Workspace.Tests.Support;

/// <summary>A clock that stands still until a test moves it; its timers fire only when it is moved past them.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];

    public FakeClock()
        : this(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return Now;
        }
    }

    public void Advance(TimeSpan by)
    {
        List<FakeTimer> due;
        lock (_gate)
        {
            Now += by;
            due = [.. _timers.Where(t => t.DueAt <= Now).OrderBy(t => t.DueAt)];
            foreach (var timer in due)
            {
                timer.Fired();
            }
        }

        // Outside the lock: a callback may create or change timers.
        foreach (var timer in due)
        {
            timer.Callback(timer.State);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period;

        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset DueAt { get; private set; }

        /// <summary>Reschedules a periodic timer once per advance; removes a one-shot timer.</summary>
        public void Fired()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt = clock.Now + _period;
            }
            else
            {
                clock._timers.Remove(this);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = clock.Now + dueTime;
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
