using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workspace.Tests.Support;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>
/// The socket buffers' pool: page-sized blocks reused as Kestrel's are, but no more than a ceiling kept unused,
/// so a past burst of joins does not stay in memory for as long as connections stay open.
/// </summary>
public sealed class BoundedBufferPoolTests
{
    [Fact]
    public void Rent_GivesPageSizedBlocks_AndReusesAReturnedOne()
    {
        using var pool = new BoundedBufferPool(maxIdleBlocks: 4);

        var first = pool.Rent();
        var array = ArrayOf(first.Memory);
        first.Dispose();
        using var second = pool.Rent(100);

        Assert.Equal(BoundedBufferPool.BlockSize, pool.MaxBufferSize);
        Assert.Equal(BoundedBufferPool.BlockSize, second.Memory.Length);
        Assert.Same(array, ArrayOf(second.Memory));
        Assert.Equal(0, pool.IdleBlocks);
    }

    [Fact]
    public void ReturnedBlocks_BeyondTheCeiling_AreLeftToTheCollector()
    {
        using var pool = new BoundedBufferPool(maxIdleBlocks: 2);
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
        var pool = new BoundedBufferPool(maxIdleBlocks: 2);
        var block = pool.Rent();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BoundedBufferPool.BlockSize + 1));
        pool.Dispose();
        block.Dispose();

        Assert.Equal(0, pool.IdleBlocks);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }

    [Fact]
    public async Task TheApp_GivesKestrelsSocketTransportTheBoundedPool_OnlyWhenTheSettingAsksForIt()
    {
        // As Program.cs builds it (the test server keeps the app's registrations in their order).
        var setting = BoundedBufferPoolFactory.SuggestedMaxIdleBlocks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var bounded = new TestApp("Development", new Dictionary<string, string?> { [BoundedBufferPoolFactory.MaxIdleBlocksSetting] = setting });
        await using var kestrels = new TestApp("Development");

        var factory = Assert.IsType<BoundedBufferPoolFactory>(bounded.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.Equal(BoundedBufferPoolFactory.SuggestedMaxIdleBlocks, factory.MaxIdleBlocks);
        // Kestrel copies the factory into its transport's options (an internal property): that is what the sockets use.
        Assert.Same(factory, TransportFactoryOf(bounded));
        Assert.IsNotType<BoundedBufferPoolFactory>(TransportFactoryOf(kestrels));
    }

    private static object? TransportFactoryOf(TestApp app) =>
        typeof(SocketTransportOptions).GetProperty("MemoryPoolFactory", BindingFlags.Instance | BindingFlags.NonPublic)
            ?.GetValue(app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value)
            ?? throw new InvalidOperationException("Kestrel's socket transport no longer has a MemoryPoolFactory option.");

    private static byte[] ArrayOf(Memory<byte> memory) =>
        MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
