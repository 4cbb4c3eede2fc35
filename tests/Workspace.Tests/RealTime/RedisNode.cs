using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Workspace.Tests.Support;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>One app node as the bus sees it: its own Redis connection, bus and live-updates status.</summary>
internal sealed class RedisNode : IAsyncDisposable
{
    private RedisNode(ConnectionMultiplexer connection)
    {
        Connection = connection;
        Status = new LiveUpdatesStatus(TimeProvider.System);
        Bus = new RedisPartnershipEvents(connection, Status, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public ConnectionMultiplexer Connection { get; }

    public LiveUpdatesStatus Status { get; }

    public RedisPartnershipEvents Bus { get; }

    public static async Task<RedisNode> StartAsync(RedisServer redis) =>
        new(await ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(redis.ConnectionString)));

    public Inbox Listen(Guid partnershipId)
    {
        var inbox = new Inbox();
        inbox.Subscription = Bus.Subscribe(partnershipId, inbox.Receive);
        return inbox;
    }

    public async ValueTask DisposeAsync()
    {
        Bus.Dispose();
        Status.Dispose();
        await Connection.DisposeAsync();
    }

    /// <summary>How many clients Redis has subscribed to the partnership's channel.</summary>
    public static async Task<long> SubscribersInRedisAsync(IConnectionMultiplexer client, Guid partnershipId)
    {
        var reply = (RedisResult[])(await client.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", RedisPartnershipEvents.ChannelName(partnershipId)))!;
        return (long)reply[1];
    }

    /// <summary>Polls until the condition holds, failing after the deadline (10 s unless told).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (deadline ?? TimeSpan.FromSeconds(10)))
            {
                Assert.Fail($"Not within {(deadline ?? TimeSpan.FromSeconds(10)).TotalSeconds} s: {what}.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, deadline);
}

/// <summary>What one subscriber received, in order.</summary>
internal sealed class Inbox : IDisposable
{
    private readonly List<PartnershipEvent> _received = [];
    private readonly Lock _gate = new();

    public IDisposable? Subscription { get; set; }

    public IReadOnlyList<PartnershipEvent> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public int Missed => Received.OfType<EventsMissed>().Count();

    public Task Receive(PartnershipEvent change)
    {
        lock (_gate)
        {
            _received.Add(change);
        }

        return Task.CompletedTask;
    }

    public Task WaitForAsync(Func<IReadOnlyList<PartnershipEvent>, bool> condition, string what, TimeSpan? deadline = null) =>
        RedisNode.WaitUntilAsync(() => condition(Received), what, deadline);

    public void Dispose() => Subscription?.Dispose();
}
