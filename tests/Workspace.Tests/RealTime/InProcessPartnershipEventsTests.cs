using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

public sealed class InProcessPartnershipEventsTests
{
    private readonly InProcessPartnershipEvents _events = new(NullLogger<InProcessPartnershipEvents>.Instance);
    private readonly Guid _rivers = Guid.NewGuid();
    private readonly Guid _forests = Guid.NewGuid();

    [Fact]
    public async Task EverySubscriberOfThePartnership_GetsTheEvent()
    {
        var first = new List<PartnershipEvent>();
        var second = new List<PartnershipEvent>();
        using var a = _events.Subscribe(_rivers, Collect(first));
        using var b = _events.Subscribe(_rivers, Collect(second));
        var change = new SomethingHappened(_rivers);

        await _events.PublishAsync(change, TestContext.Current.CancellationToken);

        Assert.Same(change, Assert.Single(first));
        Assert.Same(change, Assert.Single(second));
    }

    [Fact]
    public async Task SubscriberOfAnotherPartnership_GetsNothing()
    {
        var forestsEvents = new List<PartnershipEvent>();
        using var subscription = _events.Subscribe(_forests, Collect(forestsEvents));

        await _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);

        Assert.Empty(forestsEvents);
    }

    [Fact]
    public async Task DisposedSubscription_GetsNothingMore()
    {
        var received = new List<PartnershipEvent>();
        var subscription = _events.Subscribe(_rivers, Collect(received));
        await _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);

        subscription.Dispose();
        subscription.Dispose();
        await _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);

        Assert.Single(received);
        Assert.Equal(0, _events.SubscriberCount(_rivers));
    }

    [Fact]
    public async Task DisposingOneSubscription_LeavesTheOthers()
    {
        var kept = new List<PartnershipEvent>();
        var dropped = _events.Subscribe(_rivers, Collect([]));
        using var keep = _events.Subscribe(_rivers, Collect(kept));

        dropped.Dispose();
        await _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);

        Assert.Single(kept);
        Assert.Equal(1, _events.SubscriberCount(_rivers));
    }

    [Fact]
    public async Task ThrowingSubscribers_DoNotStopOthersOrThePublisher()
    {
        var received = new List<PartnershipEvent>();
        using var throwsAtOnce = _events.Subscribe(_rivers, _ => throw new InvalidOperationException("Broken viewer."));
        using var failsLater = _events.Subscribe(_rivers, async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("Broken viewer.");
        });
        using var healthy = _events.Subscribe(_rivers, Collect(received));

        var publishing = _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);
        var failure = await Record.ExceptionAsync(() => publishing);

        Assert.Null(failure);
        Assert.Single(received);
    }

    [Fact]
    public async Task SlowSubscriber_DoesNotHoldUpTheOthers()
    {
        var slowMayFinish = new TaskCompletionSource();
        var fastReceived = new List<PartnershipEvent>();
        using var slow = _events.Subscribe(_rivers, _ => slowMayFinish.Task);
        using var fast = _events.Subscribe(_rivers, Collect(fastReceived));

        var publishing = _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);

        Assert.Single(fastReceived);
        Assert.False(publishing.IsCompleted);
        slowMayFinish.SetResult();
        await publishing;
    }

    [Fact]
    public async Task PublishingWithoutSubscribers_CompletesAtOnce()
    {
        var publishing = _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);

        Assert.True(publishing.IsCompletedSuccessfully);
        await publishing;
    }

    private static Func<PartnershipEvent, Task> Collect(List<PartnershipEvent> into) => change =>
    {
        lock (into)
        {
            into.Add(change);
        }

        return Task.CompletedTask;
    };

    private sealed record SomethingHappened(Guid PartnershipId) : PartnershipEvent(PartnershipId, null);
}
