using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Members;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>
/// The node's relay of co-typed operations to the editors joined on the hub: one subscription per partnership with
/// joined texts, one group message per text per burst, the subscription ended with the last text's last editor.
/// </summary>
public sealed class CoTextRelayTests
{
    private static readonly Guid Partnership = Guid.NewGuid();
    private static readonly Guid Text = Guid.NewGuid();
    private static readonly Guid OtherText = Guid.NewGuid();

    private readonly Bus _bus = new();
    private readonly RecordingHubContext<CoTextHub> _hub = new();
    private readonly CoTextRelay _relay;

    public CoTextRelayTests() => _relay = new CoTextRelay(_bus, _hub, NullLogger<CoTextRelay>.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CoTextChanged Op(Guid text, long revision, string clientId = "ben-tab") =>
        new(Partnership, "ben", text, CoText.GoalDescription, Guid.NewGuid(), revision, $"[\"{revision}\"]", clientId, revision);

    [Fact]
    public async Task ABurst_GoesToEachJoinedTextsGroupAsOneMessage_InTheOrderHeard_AndOtherTextsAreNotSent()
    {
        Assert.True(await _relay.JoinAsync("c1", "ben", Partnership, Text, Ct));
        Assert.True(await _relay.JoinAsync("c2", "anna", Partnership, Text, Ct));
        var (concerns, handler) = Assert.Single(_bus.Subscriptions.Values);

        Assert.True(concerns(Op(Text, 1)));
        Assert.False(concerns(Op(OtherText, 1)));
        Assert.False(concerns(new CoTextCaretLeft(Partnership, "ben", Text, "ben-tab")));
        await handler([Op(Text, 3), Op(Text, 2), Op(Text, 4, "anna-tab")]);

        var (group, method, args) = Assert.Single(_hub.Sent);
        Assert.Equal($"group:{_relay.GroupOf(Text)}", group);
        Assert.Equal(CoTextContract.Operations, method);
        Assert.Equal(Text, args[0]);
        Assert.Equal([3L, 2L, 4L], ((IEnumerable<CoTextDelivery>)args[1]!).Select(d => d.Revision));
        Assert.Equal(["c1", "c2"], _hub.Members(_relay.GroupOf(Text)).Order());
    }

    [Fact]
    public async Task OneSubscriptionPerPartnership_EndedWhenItsLastJoinedTextIsLeft()
    {
        await _relay.JoinAsync("c1", "ben", Partnership, Text, Ct);
        await _relay.JoinAsync("c2", "anna", Partnership, OtherText, Ct);
        await _relay.JoinAsync("c2", "anna", Partnership, Text, Ct);
        Assert.Single(_bus.Subscriptions);
        Assert.Equal(1, _relay.PartnershipCount);

        await _relay.LeaveAsync("c1", Text);
        Assert.Equal(["c2"], _hub.Members(_relay.GroupOf(Text)));
        Assert.Single(_bus.Subscriptions);
        // Closed: SignalR takes the connection out of its groups itself.
        await _relay.LeaveAllAsync("c2");

        Assert.Empty(_bus.Subscriptions);
        Assert.Equal(0, _relay.PartnershipCount);
    }

    [Fact]
    public async Task AConnection_MayJoinOnlyAFewTexts()
    {
        for (var i = 0; i < CoTextContract.MaxTextsPerConnection; i++)
        {
            Assert.True(await _relay.JoinAsync("c1", "ben", Partnership, Guid.NewGuid(), Ct));
        }

        Assert.False(await _relay.JoinAsync("c1", "ben", Partnership, Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task AMemberRemovedFromThePartnership_StopsReceivingItsTexts_AndOthersStay()
    {
        await _relay.JoinAsync("c1", "ben", Partnership, Text, Ct);
        await _relay.JoinAsync("c2", "anna", Partnership, Text, Ct);
        var (concerns, handler) = Assert.Single(_bus.Subscriptions.Values);
        var removed = new MemberRemoved(Partnership, "anna", "ben", "Ben Baker");
        Assert.True(concerns(removed));

        await handler([removed]);

        Assert.Equal(["c2"], _hub.Members(_relay.GroupOf(Text)));
        Assert.Single(_bus.Subscriptions);
        // Joining again is checked again by the hub (membership in the database); the relay forgot this one.
        await _relay.LeaveAllAsync("c2");
        Assert.Empty(_bus.Subscriptions);
    }

    [Fact]
    public async Task MissedEvents_TellEveryJoinedTextOfThePartnershipToReadWhatItLacks()
    {
        await _relay.JoinAsync("c1", "ben", Partnership, Text, Ct);
        var (_, handler) = Assert.Single(_bus.Subscriptions.Values);

        await handler([new EventsMissed(Partnership)]);

        var (group, method, args) = Assert.Single(_hub.Sent);
        Assert.Equal(($"group:{_relay.GroupOf(Text)}", CoTextContract.Missed, (object?)Text), (group, method, args[0]));
    }

    private sealed class Bus : IPartnershipEvents
    {
        private int _next;

        public ConcurrentDictionary<int, (Func<PartnershipEvent, bool> Concerns, Func<IReadOnlyList<PartnershipEvent>, Task> Handler)> Subscriptions { get; } = new();

        public Task PublishAsync(PartnershipEvent change, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, Task> handler) => throw new NotSupportedException();

        public IDisposable Subscribe(Guid partnershipId, Func<PartnershipEvent, bool> concerns, Func<PartnershipEvent, Task> handler) => throw new NotSupportedException();

        public IDisposable SubscribeBatches(Guid partnershipId, Func<PartnershipEvent, bool> concerns, Func<IReadOnlyList<PartnershipEvent>, Task> handler)
        {
            var id = Interlocked.Increment(ref _next);
            Subscriptions[id] = (concerns, handler);
            return new Unsubscribe(() => Subscriptions.TryRemove(id, out _));
        }

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
