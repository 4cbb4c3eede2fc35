using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

public sealed class InProcessPartnershipEventsTests
{
    // These tests deliver inline and await; the background tests below use their own bus.
    private readonly InProcessPartnershipEvents _events = new(NullLogger<InProcessPartnershipEvents>.Instance) { DeliverInline = true };
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
        var fastGotIt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slow = _events.Subscribe(_rivers, _ => slowMayFinish.Task);
        using var fast = _events.Subscribe(_rivers, _ =>
        {
            fastGotIt.SetResult();
            return Task.CompletedTask;
        });

        var publishing = _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);

        await fastGotIt.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(publishing.IsCompleted);
        slowMayFinish.SetResult();
        await publishing;
    }

    [Fact]
    public async Task InTheBackground_ThePublisherReturnsBeforeAnySubscriberHasHandledTheEvent()
    {
        var events = new InProcessPartnershipEvents(NullLogger<InProcessPartnershipEvents>.Instance);
        var viewerMayRender = new ManualResetEventSlim();
        var rendered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var viewer = events.Subscribe(_rivers, _ =>
        {
            // Blocks its thread: were it run on the publisher's thread, PublishAsync would not return.
            viewerMayRender.Wait(TimeSpan.FromSeconds(10));
            rendered.SetResult();
            return Task.CompletedTask;
        });

        var publishing = events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);

        Assert.True(publishing.IsCompletedSuccessfully);
        Assert.False(rendered.Task.IsCompleted);
        viewerMayRender.Set();
        await rendered.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        viewerMayRender.Dispose();
    }

    [Fact]
    public async Task InTheBackground_EachSubscriberGetsEveryEventInPublishOrder_OneAtATime()
    {
        var events = new InProcessPartnershipEvents(NullLogger<InProcessPartnershipEvents>.Instance);
        const int Count = 200;
        var received = new List<int>();
        var inHandler = 0;
        var overlapped = false;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var viewer = events.Subscribe(_rivers, async change =>
        {
            overlapped |= Interlocked.Increment(ref inHandler) > 1;
            var number = ((Numbered)change).Number;
            if (number % 7 == 0)
            {
                await Task.Delay(1);
            }

            received.Add(number);
            Interlocked.Decrement(ref inHandler);
            if (received.Count == Count)
            {
                all.SetResult();
            }
        });
        var other = new List<PartnershipEvent>();
        using var otherViewer = events.Subscribe(_rivers, Collect(other));

        for (var i = 0; i < Count; i++)
        {
            await events.PublishAsync(new Numbered(_rivers, i), TestContext.Current.CancellationToken);
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(0, Count), received);
        Assert.False(overlapped);
    }

    [Fact]
    public async Task InTheBackground_AThrowingSubscriberStillGetsTheNextEvent()
    {
        var events = new InProcessPartnershipEvents(NullLogger<InProcessPartnershipEvents>.Instance);
        var second = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var viewer = events.Subscribe(_rivers, change =>
        {
            var number = ((Numbered)change).Number;
            if (number == 1)
            {
                throw new InvalidOperationException("Broken render.");
            }

            second.SetResult(number);
            return Task.CompletedTask;
        });

        await events.PublishAsync(new Numbered(_rivers, 1), TestContext.Current.CancellationToken);
        await events.PublishAsync(new Numbered(_rivers, 2), TestContext.Current.CancellationToken);

        Assert.Equal(2, await second.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task InTheBackground_EventsQueuedBeforeUnsubscribing_AreNotDeliveredAfterIt()
    {
        var events = new InProcessPartnershipEvents(NullLogger<InProcessPartnershipEvents>.Instance);
        var firstMayFinish = new TaskCompletionSource();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new List<int>();
        var viewer = events.Subscribe(_rivers, async change =>
        {
            handled.Add(((Numbered)change).Number);
            firstStarted.TrySetResult();
            await firstMayFinish.Task;
        });

        await events.PublishAsync(new Numbered(_rivers, 1), TestContext.Current.CancellationToken);
        await events.PublishAsync(new Numbered(_rivers, 2), TestContext.Current.CancellationToken);
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        viewer.Dispose();
        firstMayFinish.SetResult();
        await InProcessPartnershipEvents.QueueDrainedAsync(viewer).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([1], handled);
    }

    [Fact]
    public async Task AFilteredSubscriber_IsAskedOnThePublishersThread_AndHandedOnlyWhatConcernsIt_InOrder()
    {
        var events = new InProcessPartnershipEvents(NullLogger<InProcessPartnershipEvents>.Instance);
        var publisherThread = Environment.CurrentManagedThreadId;
        var askedElsewhere = false;
        var received = new List<PartnershipEvent>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var viewer = events.Subscribe(
            _rivers,
            change =>
            {
                askedElsewhere |= Environment.CurrentManagedThreadId != publisherThread;
                return change is Numbered { Number: var n } && n % 2 == 0;
            },
            change =>
            {
                received.Add(change);
                if (received.Count == 50)
                {
                    all.SetResult();
                }

                return Task.CompletedTask;
            });

        for (var i = 0; i < 100; i++)
        {
            await events.PublishAsync(new Numbered(_rivers, i), TestContext.Current.CancellationToken);
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await InProcessPartnershipEvents.QueueDrainedAsync(viewer).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(askedElsewhere);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 2), received.Cast<Numbered>().Select(n => n.Number));
    }

    [Fact]
    public async Task ABatchSubscriber_GetsWhatArrivedWhileItWasBusy_TogetherAndInOrder_OneCallAtATime()
    {
        var events = new InProcessPartnershipEvents(NullLogger<InProcessPartnershipEvents>.Instance);
        var firstMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new List<int[]>();
        var inHandler = 0;
        var overlapped = false;
        using var viewer = events.SubscribeBatches(_rivers, change => change is Numbered, async changes =>
        {
            overlapped |= Interlocked.Increment(ref inHandler) > 1;
            batches.Add([.. changes.Cast<Numbered>().Select(n => n.Number)]);
            if (batches.Count == 1)
            {
                firstStarted.SetResult();
                await firstMayFinish.Task;
            }

            Interlocked.Decrement(ref inHandler);
        });

        await events.PublishAsync(new Numbered(_rivers, 0), TestContext.Current.CancellationToken);
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        for (var i = 1; i <= 5; i++)
        {
            await events.PublishAsync(new Numbered(_rivers, i), TestContext.Current.CancellationToken);
            await events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);
        }

        firstMayFinish.SetResult();
        await InProcessPartnershipEvents.QueueDrainedAsync(viewer).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([[0], [1, 2, 3, 4, 5]], batches);
        Assert.False(overlapped);
    }

    [Fact]
    public async Task AThrowingFilter_SkipsTheEventForItsSubscriberOnly_AndNeverFailsThePublisher()
    {
        var skipped = new List<PartnershipEvent>();
        var others = new List<PartnershipEvent>();
        using var broken = _events.Subscribe(_rivers, _ => throw new InvalidOperationException("Broken filter."), Collect(skipped));
        using var healthy = _events.Subscribe(_rivers, _ => true, Collect(others));

        var failure = await Record.ExceptionAsync(() => _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken));

        Assert.Null(failure);
        Assert.Empty(skipped);
        Assert.Single(others);
    }

    [Fact]
    public async Task Inline_AFilteredSubscriber_GetsOnlyWhatConcernsIt()
    {
        var received = new List<PartnershipEvent>();
        using var viewer = _events.Subscribe(_rivers, change => change is Numbered, Collect(received));

        await _events.PublishAsync(new SomethingHappened(_rivers), TestContext.Current.CancellationToken);
        await _events.PublishAsync(new Numbered(_rivers, 1), TestContext.Current.CancellationToken);

        Assert.IsType<Numbered>(Assert.Single(received));
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

    private sealed record Numbered(Guid PartnershipId, int Number) : PartnershipEvent(PartnershipId, null);
}
