using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Workspace.Tests.Support;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>
/// Who is on a goal page, and what they are editing. Updates are throttled: nothing is published until
/// the fake clock passes the throttle, then one update carries the state at that moment.
/// </summary>
public sealed class InMemoryPresenceTests : IDisposable
{
    private const string GoalPage = "goal/1";

    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly InProcessPartnershipEvents _events = new(NullLogger<InProcessPartnershipEvents>.Instance) { DeliverInline = true };
    private readonly Channel<PresenceChanged> _published = Channel.CreateUnbounded<PresenceChanged>();
    private readonly Guid _rivers = Guid.NewGuid();
    private readonly IDisposable _subscription;
    private readonly InMemoryPresence _presence;

    public InMemoryPresenceTests()
    {
        _presence = new InMemoryPresence(_events, _clock);
        _subscription = _events.Subscribe(_rivers, change =>
        {
            if (change is PresenceChanged presence)
            {
                _published.Writer.TryWrite(presence);
            }

            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task TwoViewersJoining_ArePublishedTogetherOnceTheThrottlePasses()
    {
        using var anna = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", "Riverside Council");
        using var ben = _presence.Join(_rivers, GoalPage, "ben", "Ben Baker", "Tidewater Trust");

        _clock.Advance(InMemoryPresence.Throttle - TimeSpan.FromMilliseconds(1));
        Assert.False(_published.Reader.TryRead(out _));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var change = await NextAsync();

        Assert.Equal((_rivers, GoalPage), (change.PartnershipId, change.Location));
        Assert.Equal(
            [new PresenceEntry("anna", "Anna Archer", "Riverside Council", null), new PresenceEntry("ben", "Ben Baker", "Tidewater Trust", null)],
            change.People);
        Assert.False(_published.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SamePersonInTwoTabs_IsListedOnce()
    {
        using var firstTab = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        using var secondTab = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);

        var change = await PublishedAfterThrottleAsync();

        Assert.Equal(["anna"], change.People.Select(p => p.UserId));
        Assert.Equal(["anna"], _presence.At(_rivers, GoalPage).Select(p => p.UserId));
    }

    [Fact]
    public async Task Editing_ShowsTheFieldInThePersonsEntry()
    {
        using var anna = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        using var ben = _presence.Join(_rivers, GoalPage, "ben", "Ben Baker", null);
        await PublishedAfterThrottleAsync();

        ben.Editing("Description");
        var change = await PublishedAfterThrottleAsync();

        Assert.Equal([("anna", (string?)null), ("ben", "Description")], change.People.Select(p => (p.UserId, p.EditingField)));
    }

    [Fact]
    public async Task EditingInEitherTab_ShowsThePersonAsEditing()
    {
        using var firstTab = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        using var secondTab = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);

        secondTab.Editing("Title");
        var change = await PublishedAfterThrottleAsync();

        Assert.Equal("Title", Assert.Single(change.People).EditingField);
    }

    [Fact]
    public async Task StoppingEditing_ClearsTheField()
    {
        using var anna = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        anna.Editing("Description");
        await PublishedAfterThrottleAsync();

        anna.Editing(null);
        var change = await PublishedAfterThrottleAsync();

        Assert.Null(Assert.Single(change.People).EditingField);
    }

    [Fact]
    public async Task Disposing_RemovesTheViewer()
    {
        var anna = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        var ben = _presence.Join(_rivers, GoalPage, "ben", "Ben Baker", null);
        await PublishedAfterThrottleAsync();

        anna.Dispose();
        var afterAnnaLeft = await PublishedAfterThrottleAsync();
        ben.Dispose();
        ben.Dispose();
        var afterBothLeft = await PublishedAfterThrottleAsync();

        Assert.Equal(["ben"], afterAnnaLeft.People.Select(p => p.UserId));
        Assert.Empty(afterBothLeft.People);
        Assert.Empty(_presence.At(_rivers, GoalPage));
    }

    [Fact]
    public async Task ClosingOneOfTwoTabs_KeepsThePersonPresent()
    {
        using var firstTab = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        var secondTab = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        await PublishedAfterThrottleAsync();

        secondTab.Dispose();
        var change = await PublishedAfterThrottleAsync();

        Assert.Equal(["anna"], change.People.Select(p => p.UserId));
    }

    [Fact]
    public async Task ViewerAtAnotherLocation_IsNotListedHere()
    {
        using var anna = _presence.Join(_rivers, GoalPage, "anna", "Anna Archer", null);
        using var ben = _presence.Join(_rivers, "goals", "Ben", "Ben Baker", null);

        _clock.Advance(InMemoryPresence.Throttle);
        var first = await NextAsync();
        var second = await NextAsync();

        var here = Assert.Single(new[] { first, second }, c => c.Location == GoalPage);
        Assert.Equal(["anna"], here.People.Select(p => p.UserId));
    }

    public void Dispose() => _subscription.Dispose();

    private async Task<PresenceChanged> PublishedAfterThrottleAsync()
    {
        _clock.Advance(InMemoryPresence.Throttle);
        return await NextAsync();
    }

    /// <summary>Waits for the next published update; the timeout only bounds a failing test.</summary>
    private async Task<PresenceChanged> NextAsync() =>
        await _published.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
}
