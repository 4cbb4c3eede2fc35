using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Workspace.Web.Hosting;

/// <summary>
/// Kestrel's socket buffers, given back once a burst is over. Kestrel's own pool (.NET 10) evicts on its heartbeat
/// every 10 s, but only 1 % of its unused blocks while rents and returns balance, and watchers' pings keep them
/// balancing: the peak of a broadcast stayed for as long as the watchers did (docs/benchmarks-journal.md, sections
/// 31 and 34). This pool hands out the same pinned 4 KB blocks and, every <see cref="TrimInterval"/>, lets the
/// collector take the blocks that no rent needed during the whole interval (the lowest count of unused blocks
/// seen), so what a burst every few seconds needs stays and a past peak goes. An optional ceiling
/// (<see cref="MaxIdleBlocksSetting"/>) also bounds the unused blocks at every moment.
/// </summary>
public sealed class TrimmingBufferPoolFactory : IMemoryPoolFactory<byte>, IDisposable
{
    /// <summary>
    /// Seconds between trims; unset gives <see cref="DefaultTrimInterval"/>, 0 keeps Kestrel's own pool.
    /// </summary>
    public const string TrimSecondsSetting = "Hosting:BufferTrimSeconds";

    /// <summary>
    /// Also bounds each pool's unused blocks at every moment; unset or 0 sets no ceiling. Off by default: with it
    /// broadcasts to 200–5,000 watchers were 2–3× slower at p99 (blocks past the ceiling are allocated again, pinned,
    /// during each broadcast).
    /// </summary>
    public const string MaxIdleBlocksSetting = "Hosting:MaxIdleBufferBlocks";

    /// <summary>4 MB per pool (one per I/O queue), the ceiling measured: a broadcast's buffers in flight fit.</summary>
    public const int SuggestedMaxIdleBlocks = 1024;

    /// <summary>As Kestrel's heartbeat eviction: bursts closer together than this reuse the same blocks.</summary>
    public static readonly TimeSpan DefaultTrimInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<TrimmingBufferPool, byte> _pools = new();
    private readonly TimeProvider _time;
    private readonly Lock _timerLock = new();
    private ITimer? _timer;
    private bool _disposed;

    public TrimmingBufferPoolFactory(TimeSpan trimInterval, int maxIdleBlocks, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(trimInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(maxIdleBlocks);
        ArgumentNullException.ThrowIfNull(time);
        TrimInterval = trimInterval;
        MaxIdleBlocks = maxIdleBlocks;
        _time = time;
    }

    public TimeSpan TrimInterval { get; }

    /// <summary>The ceiling on each pool's unused blocks; 0 for none.</summary>
    public int MaxIdleBlocks { get; }

    /// <summary>The pools the server asked for and still uses (one per I/O queue of the socket transport).</summary>
    public int Pools => _pools.Count;

    /// <summary>The factory the settings ask for, or null for Kestrel's own pool.</summary>
    public static TrimmingBufferPoolFactory? FromConfiguration(IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var seconds = configuration.GetValue(TrimSecondsSetting, DefaultTrimInterval.TotalSeconds);
        if (seconds < 0)
        {
            throw new InvalidOperationException($"{TrimSecondsSetting} is {seconds}: give the seconds between trims of the socket buffers, or 0 for Kestrel's own pool.");
        }

        var maxIdle = configuration.GetValue(MaxIdleBlocksSetting, 0);
        if (maxIdle < 0)
        {
            throw new InvalidOperationException($"{MaxIdleBlocksSetting} is {maxIdle}: give the most unused socket buffers to keep per pool, or 0 for no ceiling.");
        }

        return seconds == 0 ? null : new TrimmingBufferPoolFactory(TimeSpan.FromSeconds(seconds), maxIdle, time);
    }

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new TrimmingBufferPool(MaxIdleBlocks, disposed => _pools.TryRemove(disposed, out _));
        _pools.TryAdd(pool, 0);
        lock (_timerLock)
        {
            // Started with the first pool, so a factory never asked for runs no timer.
            if (!_disposed)
            {
                _timer ??= _time.CreateTimer(static state => ((TrimmingBufferPoolFactory)state!).TrimAll(), this, TrimInterval, TrimInterval);
            }
        }

        return pool;
    }

    /// <summary>Trims every pool; the timer calls it every <see cref="TrimInterval"/>.</summary>
    public void TrimAll()
    {
        foreach (var pool in _pools.Keys)
        {
            pool.Trim();
        }
    }

    public void Dispose()
    {
        lock (_timerLock)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}

/// <summary>Pinned 4 KB blocks; those unused since the last trim are let go at the next.</summary>
public sealed class TrimmingBufferPool(int maxIdleBlocks = 0, Action<TrimmingBufferPool>? onDisposed = null) : MemoryPool<byte>
{
    /// <summary>The size of every block: a page, as Kestrel's own pool uses.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _idle = new();
    private readonly int _maxIdle = maxIdleBlocks > 0 ? maxIdleBlocks : int.MaxValue;
    private int _idleCount;
    // The fewest unused blocks since the last trim: that many were not needed by any rent in between.
    private int _lowestIdle;
    private volatile bool _disposed;

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks waiting to be rented now (for tests and diagnostics).</summary>
    public int IdleBlocks => Volatile.Read(ref _idleCount);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out var block))
        {
            NoteIdle(Interlocked.Decrement(ref _idleCount));
            return block;
        }

        NoteIdle(0);
        return new Block(this);
    }

    /// <summary>
    /// Lets the collector take the blocks no rent needed since the last trim, and starts counting again.
    /// Returns how many went.
    /// </summary>
    public int Trim()
    {
        var unused = Math.Min(Interlocked.Exchange(ref _lowestIdle, int.MaxValue), IdleBlocks);
        var trimmed = 0;
        while (trimmed < unused && _idle.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _idleCount);
            trimmed++;
        }

        NoteIdle(IdleBlocks);
        return trimmed;
    }

    private void NoteIdle(int count)
    {
        var lowest = Volatile.Read(ref _lowestIdle);
        while (count < lowest)
        {
            var seen = Interlocked.CompareExchange(ref _lowestIdle, count, lowest);
            if (seen == lowest)
            {
                return;
            }

            lowest = seen;
        }
    }

    private void Return(Block block)
    {
        if (_disposed)
        {
            return;
        }

        // Past the ceiling the block is simply dropped: nothing else refers to it, so the collector takes it.
        if (Interlocked.Increment(ref _idleCount) > _maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            return;
        }

        _idle.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _idle.Clear();
        Volatile.Write(ref _idleCount, 0);
        onDisposed?.Invoke(this);
    }

    private sealed class Block(TrimmingBufferPool pool) : IMemoryOwner<byte>
    {
        // Pinned, as the socket transport hands the memory to the operating system.
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(
            GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public void Dispose() => pool.Return(this);
    }
}
