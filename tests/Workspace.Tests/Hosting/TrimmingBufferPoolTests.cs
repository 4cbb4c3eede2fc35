using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workspace.Tests.Support;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>
/// The socket buffers' pool: page-sized blocks reused as Kestrel's are, and those no rent needed for a whole trim
/// interval given back, so a past broadcast does not stay in memory for as long as watchers stay connected.
/// </summary>
public sealed class TrimmingBufferPoolTests
{
    [Fact]
    public void Rent_GivesPageSizedBlocks_AndReusesAReturnedOne()
    {
        using var pool = new TrimmingBufferPool();

        var first = pool.Rent();
        var array = ArrayOf(first.Memory);
        first.Dispose();
        using var second = pool.Rent(100);

        Assert.Equal(TrimmingBufferPool.BlockSize, pool.MaxBufferSize);
        Assert.Equal(TrimmingBufferPool.BlockSize, second.Memory.Length);
        Assert.Same(array, ArrayOf(second.Memory));
        Assert.Equal(0, pool.IdleBlocks);
    }

    [Fact]
    public void Trim_AfterABurst_GivesBackEveryBlockNoRentNeededSince()
    {
        using var pool = new TrimmingBufferPool();
        Burst(pool, 100);
        Assert.Equal(100, pool.IdleBlocks);

        // The burst itself happened in this interval: its blocks were needed, so they stay.
        Assert.Equal(0, pool.Trim());
        Assert.Equal(100, pool.IdleBlocks);

        // Pings in the next interval need a few blocks at a time: the rest were not needed and go.
        Burst(pool, 3);
        Burst(pool, 2);
        Assert.Equal(97, pool.Trim());
        Assert.Equal(3, pool.IdleBlocks);

        // Nothing rented for a whole interval: nothing is kept.
        Assert.Equal(3, pool.Trim());
        Assert.Equal(0, pool.IdleBlocks);
    }

    [Fact]
    public void Trim_KeepsWhatBurstsInEveryIntervalNeed_SoTheyReuseTheSameBlocks()
    {
        using var pool = new TrimmingBufferPool();
        var arrays = Burst(pool, 50);

        for (var interval = 0; interval < 5; interval++)
        {
            pool.Trim();
            Assert.Equal(arrays, Burst(pool, 50));
        }

        Assert.Equal(50, pool.IdleBlocks);
    }

    [Fact]
    public async Task TrimsDuringRentsOnOtherThreads_KeepTheCountOfUnusedBlocksTrue()
    {
        using var pool = new TrimmingBufferPool();
        using var stop = new CancellationTokenSource();
        var renters = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                Burst(pool, 1 + (i % 8));
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        var trimmer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                pool.Trim();
                Assert.InRange(pool.IdleBlocks, 0, 4 * 8);
            }
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(renters);
        await stop.CancelAsync();
        await trimmer;

        // Two quiet intervals: every unused block goes, which only holds if the count matches the blocks kept.
        pool.Trim();
        pool.Trim();
        Assert.Equal(0, pool.IdleBlocks);
    }

    [Fact]
    public void ReturnedBlocks_BeyondTheCeiling_AreLeftToTheCollector()
    {
        using var pool = new TrimmingBufferPool(maxIdleBlocks: 2);
        var rented = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        var arrays = rented.Select(block => ArrayOf(block.Memory)).ToList();

        rented.ForEach(block => block.Dispose());
        using var again = pool.Rent();
        using var andAgain = pool.Rent();
        using var fresh = pool.Rent();

        // The first two returned are kept and handed out again; the third rent after them is a new block.
        Assert.Same(arrays[0], ArrayOf(again.Memory));
        Assert.Same(arrays[1], ArrayOf(andAgain.Memory));
        Assert.DoesNotContain(arrays, array => ReferenceEquals(array, ArrayOf(fresh.Memory)));
        Assert.Equal(0, pool.IdleBlocks);
    }

    [Fact]
    public void Rent_LargerThanABlock_IsRefused_AndADisposedPoolKeepsNothing()
    {
        var pool = new TrimmingBufferPool();
        var block = pool.Rent();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(TrimmingBufferPool.BlockSize + 1));
        pool.Dispose();
        block.Dispose();

        Assert.Equal(0, pool.IdleBlocks);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }

    [Fact]
    public void TheFactory_TrimsItsPoolsEveryInterval_UntilDisposed()
    {
        var time = new FakeTimeProvider();
        var factory = new TrimmingBufferPoolFactory(TimeSpan.FromSeconds(10), maxIdleBlocks: 0, time);
        var pool = (TrimmingBufferPool)factory.Create();
        Burst(pool, 20);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(20, pool.IdleBlocks);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, pool.IdleBlocks);

        // A disposed pool is no longer trimmed, and a disposed factory trims nothing.
        pool.Dispose();
        Assert.Equal(0, factory.Pools);
        var kept = (TrimmingBufferPool)factory.Create();
        Burst(kept, 5);
        factory.Dispose();
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(5, kept.IdleBlocks);
    }

    [Theory]
    [InlineData(null, null, 10.0, 0)]
    [InlineData("2.5", "1024", 2.5, 1024)]
    public void TheSettings_GiveTheIntervalAndTheCeiling(string? seconds, string? maxIdle, double expectedSeconds, int expectedMaxIdle)
    {
        using var factory = TrimmingBufferPoolFactory.FromConfiguration(Settings(seconds, maxIdle), TimeProvider.System);

        Assert.NotNull(factory);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), factory.TrimInterval);
        Assert.Equal(expectedMaxIdle, factory.MaxIdleBlocks);
    }

    [Fact]
    public void TheSettings_ZeroSecondsKeepsKestrelsPool_AndNegativeValuesAreRefusedClearly()
    {
        Assert.Null(TrimmingBufferPoolFactory.FromConfiguration(Settings("0", null), TimeProvider.System));

        var seconds = Assert.Throws<InvalidOperationException>(() => TrimmingBufferPoolFactory.FromConfiguration(Settings("-1", null), TimeProvider.System));
        var maxIdle = Assert.Throws<InvalidOperationException>(() => TrimmingBufferPoolFactory.FromConfiguration(Settings(null, "-5"), TimeProvider.System));
        Assert.Contains(TrimmingBufferPoolFactory.TrimSecondsSetting, seconds.Message, StringComparison.Ordinal);
        Assert.Contains(TrimmingBufferPoolFactory.MaxIdleBlocksSetting, maxIdle.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApp_GivesKestrelsSocketTransportTheTrimmingPool_UnlessTheSettingTurnsItOff()
    {
        // As Program.cs builds it (the test server keeps the app's registrations in their order).
        await using var trimming = new TestApp("Development");
        await using var kestrels = new TestApp("Development", new Dictionary<string, string?> { [TrimmingBufferPoolFactory.TrimSecondsSetting] = "0" });

        var factory = Assert.IsType<TrimmingBufferPoolFactory>(trimming.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.Equal(TrimmingBufferPoolFactory.DefaultTrimInterval, factory.TrimInterval);
        Assert.Equal(0, factory.MaxIdleBlocks);
        // Kestrel copies the factory into its transport's options (an internal property): that is what the sockets use.
        Assert.Same(factory, TransportFactoryOf(trimming));
        Assert.IsNotType<TrimmingBufferPoolFactory>(TransportFactoryOf(kestrels));
    }

    /// <summary>Rents this many blocks at once and returns them all, as a broadcast does; gives the blocks' arrays.</summary>
    private static HashSet<byte[]> Burst(TrimmingBufferPool pool, int blocks)
    {
        var rented = Enumerable.Range(0, blocks).Select(_ => pool.Rent()).ToList();
        var arrays = rented.Select(block => ArrayOf(block.Memory)).ToHashSet();
        rented.ForEach(block => block.Dispose());
        return arrays;
    }

    private static IConfiguration Settings(string? seconds, string? maxIdle) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TrimmingBufferPoolFactory.TrimSecondsSetting] = seconds,
            [TrimmingBufferPoolFactory.MaxIdleBlocksSetting] = maxIdle,
        }).Build();

    private static object? TransportFactoryOf(TestApp app) =>
        typeof(SocketTransportOptions).GetProperty("MemoryPoolFactory", BindingFlags.Instance | BindingFlags.NonPublic)
            ?.GetValue(app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value)
            ?? throw new InvalidOperationException("Kestrel's socket transport no longer has a MemoryPoolFactory option.");

    private static byte[] ArrayOf(Memory<byte> memory) =>
        MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
