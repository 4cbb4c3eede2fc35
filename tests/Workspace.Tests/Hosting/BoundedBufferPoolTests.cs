using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
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
        Assert.Equal(arrays.Take(2), new[] { ArrayOf(again.Memory), ArrayOf(andAgain.Memory) });
        Assert.DoesNotContain(ArrayOf(fresh.Memory), arrays);
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
    public async Task TheApp_ServesItsSocketsFromTheBoundedPool_UnlessTheSettingIsZero()
    {
        await using var bounded = new TestApp("Development");
        var baseAddress = bounded.StartKestrel();
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var answer = await client.GetAsync(new Uri(HealthProbes.LivePath, UriKind.Relative), TestContext.Current.CancellationToken);
        await using var kestrels = new TestApp("Development", new Dictionary<string, string?> { [BoundedBufferPoolFactory.MaxIdleBlocksSetting] = "0" });

        var factory = Assert.IsType<BoundedBufferPoolFactory>(bounded.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.Equal(BoundedBufferPoolFactory.DefaultMaxIdleBlocks, factory.MaxIdleBlocks);
        Assert.True(answer.IsSuccessStatusCode);
        Assert.True(factory.PoolsCreated > 0, "the socket transport did not take its pools from the factory");
        Assert.IsNotType<BoundedBufferPoolFactory>(kestrels.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
    }

    private static byte[] ArrayOf(Memory<byte> memory) =>
        MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
