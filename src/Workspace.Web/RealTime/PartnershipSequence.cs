namespace Workspace.Web.RealTime;

/// <summary>
/// Which of one partnership's sequence numbers this node has seen. Redis pub/sub is at-most-once: a number
/// that stays missing while later ones arrive is an event lost on the way. Not thread-safe; the bus locks it.
/// </summary>
internal sealed class PartnershipSequence
{
    private readonly SortedSet<long> _ahead = [];
    private long _last;
    private bool _baselined;

    /// <summary>When the current gap opened; null while nothing is missing.</summary>
    public DateTimeOffset? GapSince { get; private set; }

    /// <summary>Forgets what was seen until <see cref="Baseline"/> says where the counter stands (on subscribing, and after an outage, when Redis may have restarted empty).</summary>
    public void Reset()
    {
        _baselined = false;
        _ahead.Clear();
        GapSince = null;
    }

    /// <summary>The counter as Redis reported it: every number up to it is history, not a gap.</summary>
    public void Baseline(long current, DateTimeOffset now)
    {
        _last = current;
        _baselined = true;
        _ahead.RemoveWhere(n => n <= current);
        Advance(now);
    }

    /// <summary>Where to start when Redis could not say: just before the first number seen.</summary>
    public void BaselineFromSeen(DateTimeOffset now) => Baseline(_ahead.Count > 0 ? _ahead.Min - 1 : 0, now);

    /// <summary>Records a number; true when this opened a gap, which the caller checks again after a grace.</summary>
    public bool Observe(long sequence, DateTimeOffset now)
    {
        if (_baselined && sequence == 1 && _last >= 1)
        {
            // The counter started again (its key expired after 30 quiet days): nothing was lost.
            _last = 0;
            _ahead.Clear();
            GapSince = null;
        }
        else if (_baselined && sequence <= _last)
        {
            return false;
        }

        _ahead.Add(sequence);
        if (!_baselined)
        {
            return false;
        }

        var hadGap = GapSince is not null;
        Advance(now);
        return !hadGap && GapSince is not null;
    }

    /// <summary>True when a gap has stayed open for <paramref name="grace"/>; then it is given up on, and counting goes on from the highest number seen.</summary>
    public bool GiveUpOnGap(DateTimeOffset now, TimeSpan grace)
    {
        if (GapSince is not { } since || now - since < grace)
        {
            return false;
        }

        _last = _ahead.Max;
        _ahead.Clear();
        GapSince = null;
        return true;
    }

    private void Advance(DateTimeOffset now)
    {
        while (_ahead.Count > 0 && _ahead.Min == _last + 1)
        {
            _last = _ahead.Min;
            _ahead.Remove(_last);
        }

        GapSince = _ahead.Count == 0 ? null : GapSince ?? now;
    }
}
