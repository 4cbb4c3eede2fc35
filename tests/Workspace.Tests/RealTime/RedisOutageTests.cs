using System.Diagnostics;
using StackExchange.Redis;
using Workspace.Tests.Support;
using Workspace.Web.Features.Health;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>Redis crashes and comes back empty while two nodes serve viewers of one partnership.</summary>
public sealed class RedisOutageTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task WhileRedisIsDown_LocalViewersStillGetEvents_AndWhenBack_EveryViewerResyncs_AndEventsFlowAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var partnership = Guid.NewGuid();
        await using var a = await RedisNode.StartAsync(redis);
        await using var b = await RedisNode.StartAsync(redis);
        using var onA = a.Listen(partnership);
        using var onB = b.Listen(partnership);
        await using (var client = await redis.ConnectAsync())
        {
            await RedisNode.WaitUntilAsync(async () => await RedisNode.SubscribersInRedisAsync(client, partnership) == 2, "both nodes subscribed");
        }

        await redis.StopAsync();
        await RedisNode.WaitUntilAsync(() => !a.Connection.IsConnected, "A notices the crash");
        var publishing = Stopwatch.StartNew();
        await a.Bus.PublishAsync(new HealthAnswered(partnership, "a", 1, 1), ct);
        Assert.True(publishing.Elapsed < TimeSpan.FromMilliseconds(500), $"publishing took {publishing.Elapsed.TotalMilliseconds} ms");
        await onA.WaitForAsync(r => r.OfType<HealthAnswered>().Any(), "A's own viewer gets A's event", TimeSpan.FromSeconds(1));
        await RedisNode.WaitUntilAsync(() => a.Status.Delayed && b.Status.Delayed, "both nodes show live updates as delayed");
        Assert.Equal(0, onA.Missed + onB.Missed);

        await redis.StartAsync();
        await onA.WaitForAsync(r => r.OfType<EventsMissed>().Any(), "A's viewer resyncs", Reconnect);
        await onB.WaitForAsync(r => r.OfType<EventsMissed>().Any(), "B's viewer resyncs", Reconnect);
        await RedisNode.WaitUntilAsync(() => !a.Status.Delayed && !b.Status.Delayed, "the notice clears");
        Assert.Empty(onB.Received.OfType<HealthAnswered>());

        await using var watcher = await redis.ConnectAsync();
        await RedisNode.WaitUntilAsync(async () => await RedisNode.SubscribersInRedisAsync(watcher, partnership) == 2, "both nodes subscribed again", Reconnect);
        await a.Bus.PublishAsync(new HealthAnswered(partnership, "a", 2, 1), ct);
        await onB.WaitForAsync(r => r.OfType<HealthAnswered>().Any(e => e.Round == 2), "B receives A's events again");
    }

    [Fact]
    public async Task ANodeStartedWhileRedisIsDown_ServesItsOwnViewers_AndJoinsWhenRedisComesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var partnership = Guid.NewGuid();
        await redis.StopAsync();
        try
        {
            await using var a = await RedisNode.StartAsync(redis);
            using var onA = a.Listen(partnership);
            await a.Bus.PublishAsync(new HealthAnswered(partnership, "a", 1, 1), ct);
            await onA.WaitForAsync(r => r.Count == 1, "A's own viewer gets A's event", TimeSpan.FromSeconds(1));
            await RedisNode.WaitUntilAsync(() => a.Status.Delayed, "live updates show as delayed");

            await redis.StartAsync();
            await RedisNode.WaitUntilAsync(() => !a.Status.Delayed, "the notice clears", Reconnect);
            await using var client = await redis.ConnectAsync();
            await RedisNode.WaitUntilAsync(async () => await RedisNode.SubscribersInRedisAsync(client, partnership) == 1, "A subscribes once Redis is back", Reconnect);
            await client.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisPartnershipEvents.ChannelName(partnership)),
                EventContract.Serialize(new HealthAnswered(partnership, "b", 2, 1), 1, "b"));
            await onA.WaitForAsync(r => r.OfType<HealthAnswered>().Any(e => e.Round == 2), "A receives other nodes' events");
        }
        finally
        {
            await redis.StartAsync();
        }
    }
}
