using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Workspace.Tests.Support;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>
/// Two nodes sharing presence through a real Redis, each with its own connection and its own in-process bus,
/// on the real clock with short heartbeats: what one node's viewers do shows on the other, and a node that
/// dies or a Redis that crashes costs nobody their own people.
/// </summary>
public sealed class RedisPresenceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string GoalPage = "goal/1";
    private static readonly RedisPresenceOptions Fast = new() { Heartbeat = TimeSpan.FromMilliseconds(200), Expiry = TimeSpan.FromSeconds(1), Throttle = TimeSpan.FromMilliseconds(50) };

    private readonly Guid _rivers = Guid.NewGuid();

    [Fact]
    public async Task ViewerJoiningOnA_AppearsOnB_AndBPublishesBothNodesPeople()
    {
        await using var a = await Node.StartAsync(redis, _rivers);
        await using var b = await Node.StartAsync(redis, _rivers);

        using var anna = a.Presence.Join(_rivers, GoalPage, "anna", "Anna Archer", "Riverside Council");
        using var ben = b.Presence.Join(_rivers, GoalPage, "ben", "Ben Baker", "Tidewater Trust");

        await WaitUntilAsync(() => Ids(b.Presence.At(_rivers, GoalPage)) == "anna,ben", "B lists both nodes' people");
        await WaitUntilAsync(() => b.Published.Any(p => p.Location == GoalPage && Ids(p.People) == "anna,ben"), "B publishes both nodes' people");
        Assert.Equal(new PresenceEntry("anna", "Anna Archer", "Riverside Council", null), b.Presence.At(_rivers, GoalPage)[0]);
        await WaitUntilAsync(() => Ids(a.Presence.At(_rivers, GoalPage)) == "anna,ben", "A lists both nodes' people");
    }

    [Fact]
    public async Task EditingOnB_ShowsOnA_AndLeavingOnA_ShowsOnB()
    {
        await using var a = await Node.StartAsync(redis, _rivers);
        await using var b = await Node.StartAsync(redis, _rivers);
        var anna = a.Presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        using var ben = b.Presence.Join(_rivers, GoalPage, "ben", "Ben Baker", null);
        await WaitUntilAsync(() => Ids(b.Presence.At(_rivers, GoalPage)) == "anna,ben", "B lists Anna");

        ben.Editing("Description");
        await WaitUntilAsync(() => a.Presence.At(_rivers, GoalPage).Any(p => p is { UserId: "ben", EditingField: "Description" }), "A shows Ben editing");
        await WaitUntilAsync(() => a.Published.Any(p => p.People.Any(e => e is { UserId: "ben", EditingField: "Description" })), "A publishes Ben editing");

        anna.Dispose();
        await WaitUntilAsync(() => Ids(b.Presence.At(_rivers, GoalPage)) == "ben", "B drops Anna");
        await WaitUntilAsync(() => b.LastPublished is { } last && Ids(last.People) == "ben", "B publishes that Anna left");
    }

    [Fact]
    public async Task NodeADies_ItsPeopleVanishFromB_WithinTheExpiry()
    {
        await using var a = await Node.StartAsync(redis, _rivers);
        await using var b = await Node.StartAsync(redis, _rivers);
        using var anna = a.Presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        using var ben = b.Presence.Join(_rivers, GoalPage, "ben", "Ben Baker", null);
        await WaitUntilAsync(() => Ids(b.Presence.At(_rivers, GoalPage)) == "anna,ben", "B lists Anna");

        // The connection goes without a word: no field is removed, A's heartbeats stop reaching Redis.
        var died = Stopwatch.StartNew();
        a.Connection.Close(allowCommandsToComplete: false);

        await WaitUntilAsync(() => Ids(b.Presence.At(_rivers, GoalPage)) == "ben", "B drops A's people");
        Assert.True(died.Elapsed < Fast.Expiry + (3 * Fast.Heartbeat) + TimeSpan.FromSeconds(1), $"Took {died.Elapsed}.");
        await WaitUntilAsync(() => b.LastPublished is { } last && Ids(last.People) == "ben", "B publishes that A's people left");
        Assert.Equal("anna", Ids(a.Presence.At(_rivers, GoalPage).Where(p => p.UserId == "anna").ToList()));
    }

    [Fact]
    public async Task GracefulLeave_RemovesTheNodesPeopleBeforeTheyExpire()
    {
        var slow = Fast with { Expiry = TimeSpan.FromSeconds(30) };
        await using var a = await Node.StartAsync(redis, _rivers, slow);
        await using var b = await Node.StartAsync(redis, _rivers, slow);
        using var anna = a.Presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        using var ben = b.Presence.Join(_rivers, GoalPage, "ben", "Ben Baker", null);
        await WaitUntilAsync(() => Ids(b.Presence.At(_rivers, GoalPage)) == "anna,ben", "B lists Anna");

        await a.Presence.LeaveAsync();

        await WaitUntilAsync(() => Ids(b.Presence.At(_rivers, GoalPage)) == "ben", "B drops A's people", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task FiftyJoinsOnEachNodeAtOnce_LoseNobody()
    {
        await using var a = await Node.StartAsync(redis, _rivers);
        await using var b = await Node.StartAsync(redis, _rivers);
        var handles = new ConcurrentBag<IPresenceHandle>();

        await Task.WhenAll(
            Task.Run(() => Parallel.For(0, 50, i => handles.Add(a.Presence.Join(_rivers, GoalPage, $"a{i}", $"A {i:D2}", null)))),
            Task.Run(() => Parallel.For(0, 50, i => handles.Add(b.Presence.Join(_rivers, GoalPage, $"b{i}", $"B {i:D2}", null)))));

        await WaitUntilAsync(() => a.Presence.At(_rivers, GoalPage).Count == 100 && b.Presence.At(_rivers, GoalPage).Count == 100, "both nodes list all 100");
        await WaitUntilAsync(() => b.Published.Any(p => p.People.Count == 100), "B publishes all 100");
        Assert.Equal(2, (await a.Connection.GetDatabase().HashGetAllAsync($"ws:presence:{_rivers:N}:{GoalPage}")).Length);
        foreach (var handle in handles)
        {
            handle.Dispose();
        }
    }

    [Fact]
    public async Task RedisCrashes_EachNodeKeepsItsOwnPeople_AndTheMergedListComesBackWithRedis()
    {
        await using var a = await Node.StartAsync(redis, _rivers);
        await using var b = await Node.StartAsync(redis, _rivers);
        using var anna = a.Presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        using var ben = b.Presence.Join(_rivers, GoalPage, "ben", "Ben Baker", null);
        await WaitUntilAsync(() => Ids(a.Presence.At(_rivers, GoalPage)) == "anna,ben", "A lists Ben");

        await redis.StopAsync();
        using var carl = a.Presence.Join(_rivers, GoalPage, "carl", "Carl Cooper", null);
        carl.Editing("Title");

        Assert.Contains(a.Presence.At(_rivers, GoalPage), p => p.UserId == "carl");
        await WaitUntilAsync(() => Ids(a.Presence.At(_rivers, GoalPage)) == "anna,carl", "A falls back to its own people");
        await WaitUntilAsync(() => a.LastPublished is { } last && Ids(last.People) == "anna,carl", "A publishes its own people");

        await redis.StartAsync();
        await WaitUntilAsync(() => Ids(a.Presence.At(_rivers, GoalPage)) == "anna,ben,carl", "A lists Ben again", TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => b.Presence.At(_rivers, GoalPage).Any(p => p is { UserId: "carl", EditingField: "Title" }), "B lists Carl editing", TimeSpan.FromSeconds(30));
    }

    private static string Ids(IReadOnlyList<PresenceEntry> people) => string.Join(',', people.Select(p => p.UserId));

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < (within ?? TimeSpan.FromSeconds(10)), $"Timed out waiting until {what}.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>One node: its own connection to Redis, its own bus, and what that bus delivered to a page's subscription.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ConcurrentQueue<PresenceChanged> _published = new();
        private IDisposable? _subscription;

        private Node(ConnectionMultiplexer connection, RedisPresence presence, InProcessPartnershipEvents events)
        {
            Connection = connection;
            Presence = presence;
            Events = events;
        }

        public ConnectionMultiplexer Connection { get; }

        public RedisPresence Presence { get; }

        public InProcessPartnershipEvents Events { get; }

        public IReadOnlyList<PresenceChanged> Published => [.. _published];

        public PresenceChanged? LastPublished => _published.LastOrDefault();

        public static async Task<Node> StartAsync(RedisServer redis, Guid partnershipId, RedisPresenceOptions? options = null)
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(redis.ConnectionString));
            var events = new InProcessPartnershipEvents(NullLogger<InProcessPartnershipEvents>.Instance) { DeliverInline = true };
            var node = new Node(connection, new RedisPresence(connection, events, TimeProvider.System, NullLogger<RedisPresence>.Instance, options ?? Fast), events);
            node._subscription = events.Subscribe(partnershipId, change =>
            {
                if (change is PresenceChanged presence)
                {
                    node._published.Enqueue(presence);
                }

                return Task.CompletedTask;
            });
            return node;
        }

        public async ValueTask DisposeAsync()
        {
            _subscription?.Dispose();
            await Presence.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
