using Microsoft.Extensions.Configuration;
using StackExchange.Redis;
using Workspace.Tests.Support;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>The real Redis the multi-node tests stand on: it answers, and comes back after a crash.</summary>
public sealed class RedisServerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task AnswersOnLoopback_AndComesBackEmptyAfterACrash()
    {
        await using var client = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(redis.ConnectionString));
        var db = client.GetDatabase();
        await db.StringSetAsync("probe", "1");
        Assert.Equal("1", (string?)await db.StringGetAsync("probe"));

        await redis.StopAsync();
        await Assert.ThrowsAnyAsync<RedisException>(() => db.PingAsync());
        await redis.StartAsync();

        // The same client reconnects by itself; the server kept nothing (no persistence in tests).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!client.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(client.IsConnected);
        Assert.False(await db.KeyExistsAsync("probe"));
    }

    [Fact]
    public void ConfiguredByConnectionStringsRedis_AndAbsentWithout()
    {
        var without = new ConfigurationBuilder().Build();
        var with = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString }).Build();

        Assert.False(RedisConnection.IsConfigured(without));
        Assert.True(RedisConnection.IsConfigured(with));
        Assert.False(RedisConnection.Options(redis.ConnectionString).AbortOnConnectFail);
    }

    [Fact]
    public void AMistypedConnectionString_StopsTheStartWithAMessageNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "redis.internal:99999" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddWorkspaceRedis(configuration));

        Assert.Contains("ConnectionStrings:Redis", error.Message, StringComparison.Ordinal);
    }
}
