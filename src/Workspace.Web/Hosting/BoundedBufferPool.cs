using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Workspace.Web.Hosting;

/// <summary>
/// Kestrel's socket buffers with a ceiling on how many it keeps unused. Kestrel's own pool keeps every
/// block its busiest moment needed and, while connections stay open and send pings, gives back about 1 %
/// of them every 10 s: after thousands of watchers joined, ~14 KB per watcher stayed in the pool
/// (docs/benchmarks-journal.md, section 31). This pool hands out the same pinned 4 KB blocks and lets
/// the garbage collector take a returned block once <see cref="MaxIdleBlocks"/> are already waiting.
/// </summary>
public sealed class BoundedBufferPoolFactory(int maxIdleBlocks) : IMemoryPoolFactory<byte>
{
    /// <summary>
    /// The setting that bounds each pool's unused blocks; unset or 0 keeps Kestrel's own pool. Off by default: with
    /// it, heap per held watcher fell from ~30 to ~26.5 KB, but broadcasts to 200–5,000 watchers were 2–3× slower at
    /// p99 in the same day's quiet runs (blocks past the ceiling are allocated again, pinned, during each broadcast).
    /// </summary>
    public const string MaxIdleBlocksSetting = "Hosting:MaxIdleBufferBlocks";

    /// <summary>4 MB per pool (one per I/O queue), the value measured: a broadcast's buffers in flight fit, a past peak does not stay.</summary>
    public const int SuggestedMaxIdleBlocks = 1024;

    private int _created;

    public int MaxIdleBlocks { get; } = maxIdleBlocks > 0 ? maxIdleBlocks : throw new ArgumentOutOfRangeException(nameof(maxIdleBlocks));

    /// <summary>How many pools the server asked for (one per I/O queue of the socket transport).</summary>
    public int PoolsCreated => Volatile.Read(ref _created);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        Interlocked.Increment(ref _created);
        return new BoundedBufferPool(MaxIdleBlocks);
    }
}

/// <summary>Pinned 4 KB blocks, at most a fixed number of them kept while unused.</summary>
public sealed class BoundedBufferPool(int maxIdleBlocks) : MemoryPool<byte>
{
    /// <summary>The size of every block: a page, as Kestrel's own pool uses.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _idle = new();
    private int _idleCount;
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
            Interlocked.Decrement(ref _idleCount);
            return block;
        }

        return new Block(this);
    }

    private void Return(Block block)
    {
        if (_disposed)
        {
            return;
        }

        // Past the ceiling the block is simply dropped: nothing else refers to it, so the collector takes it.
        if (Interlocked.Increment(ref _idleCount) > maxIdleBlocks)
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
    }

    private sealed class Block(BoundedBufferPool pool) : IMemoryOwner<byte>
    {
        // Pinned, as the socket transport hands the memory to the operating system.
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(
            GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public void Dispose() => pool.Return(this);
    }
}
