using System.Diagnostics;
using System.Text;
using StackExchange.Redis;
using Workspace.Tests.Support;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Health;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>Two nodes, each with its own connection, on one real Redis.</summary>
public sealed class RedisPartnershipEventsTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly Guid _partnership = Guid.NewGuid();
    private RedisNode _a = null!;
    private RedisNode _b = null!;
    private ConnectionMultiplexer _client = null!;

    public async ValueTask InitializeAsync()
    {
        _a = await RedisNode.StartAsync(redis);
        _b = await RedisNode.StartAsync(redis);
        _client = await redis.ConnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task AnEventPublishedOnA_ReachesBsSubscriber_WithEqualContent_AndAIgnoresItsOwnEcho()
    {
        using var onA = _a.Listen(_partnership);
        using var onB = _b.Listen(_partnership);
        await WaitForRedisSubscribersAsync(2);
        var saved = (GoalSaved)EventSamples.Build(typeof(GoalSaved)) with { PartnershipId = _partnership };

        await _a.Bus.PublishAsync(saved, TestContext.Current.CancellationToken);
        await onB.WaitForAsync(r => r.Count == 1, "B receives the goal");
        // B's event goes through Redis after A's echo, so once A has it, an echo would have been delivered too.
        await _b.Bus.PublishAsync(new HealthAnswered(_partnership, "b", 1, 1), TestContext.Current.CancellationToken);
        await onA.WaitForAsync(r => r.Count == 2, "A receives B's event");

        var received = Assert.IsType<GoalSaved>(onB.Received[0]);
        Assert.Equal(Json(saved), Json(received));
        Assert.Same(saved, onA.Received[0]);
        Assert.IsType<HealthAnswered>(onA.Received[1]);
        Assert.Equal(0, onA.Missed + onB.Missed);
    }

    [Fact]
    public async Task ABurstFromBothNodes_ArrivesWhole_InEachPublishersOrder_NumberedWithoutGaps()
    {
        using var onA = _a.Listen(_partnership);
        using var onB = _b.Listen(_partnership);
        var numbers = new List<long>();
        var raw = await _client.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisPartnershipEvents.ChannelName(_partnership)));
        raw.OnMessage(message =>
        {
            lock (numbers)
            {
                numbers.Add(EventContract.Deserialize((byte[])message.Message!).Sequence!.Value);
            }
        });
        await WaitForRedisSubscribersAsync(3);

        await Task.WhenAll(PublishManyAsync(_a, "a"), PublishManyAsync(_b, "b"));
        await onA.WaitForAsync(r => r.Count == 200, "A's subscriber has all 200");
        await onB.WaitForAsync(r => r.Count == 200, "B's subscriber has all 200");
        await RedisNode.WaitUntilAsync(() => { lock (numbers) { return numbers.Count == 200; } }, "Redis carried all 200");

        foreach (var inbox in new[] { onA, onB })
        {
            foreach (var publisher in new[] { "a", "b" })
            {
                Assert.Equal(Enumerable.Range(0, 100), inbox.Received.OfType<HealthAnswered>().Where(e => e.ActorUserId == publisher).Select(e => e.Round));
            }
        }

        lock (numbers)
        {
            Assert.Equal(Enumerable.Range(1, 200).Select(n => (long)n), numbers);
        }

        await raw.UnsubscribeAsync();
        Assert.Equal(0, onA.Missed + onB.Missed);
    }

    [Fact]
    public async Task ANodeSubscribesInRedis_OnlyWhileItHasSubscribersToThePartnership()
    {
        Assert.Equal(0, await RedisNode.SubscribersInRedisAsync(_client, _partnership));

        var onA = _a.Listen(_partnership);
        await WaitForRedisSubscribersAsync(1);
        var second = _a.Listen(_partnership);
        onA.Dispose();
        await _a.Bus.PublishAsync(new HealthAnswered(_partnership, "a", 1, 1), TestContext.Current.CancellationToken);
        await second.WaitForAsync(r => r.Count == 1, "the remaining subscriber receives the event");
        Assert.Equal(1, await RedisNode.SubscribersInRedisAsync(_client, _partnership));

        second.Dispose();
        await WaitForRedisSubscribersAsync(0);
        using var onB = _b.Listen(_partnership);
        await WaitForRedisSubscribersAsync(1);
    }

    [Fact]
    public async Task ANumberTakenBehindTheBussBack_IsAGap_AndBsSubscriberIsToldEventsMissed()
    {
        using var onB = _b.Listen(_partnership);
        await WaitForRedisSubscribersAsync(1);
        await _a.Bus.PublishAsync(new HealthAnswered(_partnership, "a", 1, 1), TestContext.Current.CancellationToken);
        await onB.WaitForAsync(r => r.Count == 1, "B receives the first event");

        await _client.GetDatabase().StringIncrementAsync(RedisPartnershipEvents.SequenceKey(_partnership));
        await _a.Bus.PublishAsync(new HealthAnswered(_partnership, "a", 3, 1), TestContext.Current.CancellationToken);

        await onB.WaitForAsync(r => r.OfType<EventsMissed>().Any(), "B is told events were missed");
        Assert.Equal([1, 3], onB.Received.OfType<HealthAnswered>().Select(e => e.Round));
        Assert.Equal(_partnership, onB.Received.OfType<EventsMissed>().Single().PartnershipId);
    }

    [Fact]
    public async Task AnEnvelopeOfAnotherVersion_IsRefused_AsEventsMissed_AndLaterEventsStillArrive()
    {
        using var onB = _b.Listen(_partnership);
        await WaitForRedisSubscribersAsync(1);
        var sequence = await _client.GetDatabase().StringIncrementAsync(RedisPartnershipEvents.SequenceKey(_partnership));

        await _client.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisPartnershipEvents.ChannelName(_partnership)),
            Encoding.UTF8.GetBytes("""{"v":2,"type":"goal-archived","seq":""" + sequence + ""","node":"future","event":{}}"""));
        await onB.WaitForAsync(r => r.Count == 1, "B is told events were missed");
        await _a.Bus.PublishAsync(new HealthAnswered(_partnership, "a", 1, 1), TestContext.Current.CancellationToken);
        await onB.WaitForAsync(r => r.Count == 2, "B still receives events");

        Assert.IsType<EventsMissed>(onB.Received[0]);
        Assert.IsType<HealthAnswered>(onB.Received[1]);
    }

    [Fact]
    public async Task APartnershipsCounter_ExpiresAfter30QuietDays_EachEventPushingItBack()
    {
        await _a.Bus.PublishAsync(new HealthAnswered(_partnership, "a", 1, 1), TestContext.Current.CancellationToken);

        var left = await _client.GetDatabase().KeyTimeToLiveAsync(RedisPartnershipEvents.SequenceKey(_partnership));
        Assert.InRange(left!.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task Latency_FromPublishOnA_ToDeliveryOnB_OverLoopback()
    {
        const int count = 1000;
        var sent = new long[count];
        var latencies = new double[count];
        var received = 0;
        using var onB = _b.Bus.Subscribe(_partnership, change =>
        {
            var round = ((HealthAnswered)change).Round;
            latencies[round] = Stopwatch.GetElapsedTime(sent[round]).TotalMilliseconds;
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        });
        await WaitForRedisSubscribersAsync(1);

        for (var i = 0; i < count; i++)
        {
            sent[i] = Stopwatch.GetTimestamp();
            await _a.Bus.PublishAsync(new HealthAnswered(_partnership, "a", i, 1), TestContext.Current.CancellationToken);
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        await RedisNode.WaitUntilAsync(() => Volatile.Read(ref received) == count, "B receives every event");
        Array.Sort(latencies);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"publish on A → delivery on B, {count} events: p50 {latencies[count / 2]:F2} ms, p99 {latencies[count * 99 / 100]:F2} ms, max {latencies[^1]:F2} ms");
    }

    private Task WaitForRedisSubscribersAsync(long expected) => RedisNode.WaitUntilAsync(
        async () => await RedisNode.SubscribersInRedisAsync(_client, _partnership) == expected, $"{expected} subscribers in Redis");

    private async Task PublishManyAsync(RedisNode node, string actor)
    {
        await Task.Yield();
        for (var i = 0; i < 100; i++)
        {
            await node.Bus.PublishAsync(new HealthAnswered(_partnership, actor, i, 1), TestContext.Current.CancellationToken);
        }
    }

    private static string Json(PartnershipEvent change) => Encoding.UTF8.GetString(EventContract.Serialize(change, 0, ""));
}
