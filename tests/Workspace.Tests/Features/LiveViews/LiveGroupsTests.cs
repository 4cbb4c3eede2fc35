using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Workspace.Tests.Support;
using Workspace.Web.Components.Common;
using Workspace.Web.Data;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.LiveViews;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Publication;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.LiveViews;

/// <summary>
/// The watchers' path renders a change once per view: an event that changes nothing shown sends nothing,
/// one that does sends only the fragments it changed, numbered one after the last; and only members join.
/// </summary>
public sealed class LiveGroupsTests : ServiceTestBase, IAsyncDisposable
{
    private readonly string _anna;
    private readonly string _olga;
    private readonly string _stranger;
    private readonly Guid _partnership;
    private readonly Guid _indicator;
    private readonly ServiceProvider _services;
    private readonly RecordingHubContext _hub = new();

    // A live group reloads on its own while the test writes, as in the app: each context needs its own connection.
    public LiveGroupsTests()
        : base(TestDatabase.OnFile())
    {
        _anna = Db.AddPerson("Anna Archer");
        _olga = Db.AddPerson("Olga Observer");
        _stranger = Db.AddPerson("Sam Stranger");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Facilitator), (_olga, PartnershipRole.Observer));
        Db.AddPartnership("Other Partnership", (_stranger, PartnershipRole.Facilitator));
        _indicator = Db.AddIndicator(Db.AddGoal(_partnership, "Halve river pollution"), "Fish counted", 10, 50);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMudServices();
        services.AddSingleton<IDbContextFactory<WorkspaceDbContext>>(Db);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IPartnershipEvents, InProcessPartnershipEvents>();
        services.AddScoped<DashboardService>();
        services.AddScoped<IndicatorService>();
        services.AddScoped<LogService>();
        // As outside a circuit in the app: components may ask for the JavaScript runtime, never call it while rendering to HTML.
        services.AddScoped<Microsoft.JSInterop.IJSRuntime, NoJavaScript>();
        services.AddScoped<Microsoft.AspNetCore.Components.NavigationManager, Nowhere>();
        services.AddWorkspaceLiveViews();
        services.AddSingleton<IHubContext<LiveHub>>(_hub);
        services.AddSingleton(new LiveViewOptions { CoalesceWindow = TimeSpan.Zero });
        _services = services.BuildServiceProvider();
    }

    private LiveGroups Groups => _services.GetRequiredService<LiveGroups>();

    private static ClaimsPrincipal SignedIn(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Test"));

    private Task<LiveSnapshot?> JoinWallAsync(string connectionId, ClaimsPrincipal user) =>
        Groups.JoinAsync(connectionId, user, WallLiveView.KindName, _partnership.ToString("D"), Ct);

    private async Task RecordCheckInAsync(double value)
    {
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IndicatorService>().RecordCheckInAsync(_anna, _partnership, _indicator,
            new CheckInInput { Value = value, AsOf = DateOnly.FromDateTime(UtcNow) }, Ct);
        Assert.True(result.Succeeded);
    }

    private async Task<LiveUpdate> NextUpdateAsync(int count)
    {
        await WaitWhileAsync(() => _hub.UpdatesTo(WallLiveView.KindName).Count() < count);

        return Assert.Single(_hub.UpdatesTo(WallLiveView.KindName).Skip(count - 1));
    }

    [Fact]
    public async Task MemberJoins_GetsEveryFragmentOfTheWall_AtSeqZero()
    {
        var snapshot = await JoinWallAsync("c1", SignedIn(_olga));

        Assert.NotNull(snapshot);
        Assert.Equal(0, snapshot.Seq);
        string[] expected = [WallFragments.NameId, .. Enum.GetValues<WallSection>().Select(WallFragments.IdOf)];
        Assert.Equal(expected.Order(StringComparer.Ordinal), snapshot.Fragments.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Clean Rivers", snapshot.Fragments[WallFragments.NameId], StringComparison.Ordinal);
        Assert.Contains("Fish counted", snapshot.Fragments[WallFragments.IdOf(WallSection.Indicators)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckIn_SendsOneUpdate_WithOnlyTheFragmentsItChanged_AndTheNextSeq()
    {
        await JoinWallAsync("c1", SignedIn(_olga));
        await JoinWallAsync("c2", SignedIn(_anna));

        await RecordCheckInAsync(30);
        var first = await NextUpdateAsync(1);
        await RecordCheckInAsync(40);
        var second = await NextUpdateAsync(2);

        Assert.Equal(1, first.Seq);
        Assert.Equal(2, second.Seq);
        Assert.Contains(WallFragments.IdOf(WallSection.Indicators), first.Fragments.Keys);
        Assert.Contains("30", first.Fragments[WallFragments.IdOf(WallSection.Indicators)], StringComparison.Ordinal);
        Assert.DoesNotContain(WallFragments.NameId, first.Fragments.Keys);
        Assert.DoesNotContain(WallFragments.IdOf(WallSection.Decisions), first.Fragments.Keys);
        Assert.DoesNotContain(WallFragments.IdOf(WallSection.Risks), first.Fragments.Keys);
        Assert.Contains("Indicators to watch", first.Summary, StringComparison.Ordinal);
        // One message for the view's group, whatever the number of watchers.
        Assert.Single(_hub.Sent, s => s.Method == LiveContract.Update && ((LiveUpdate)s.Arguments[0]!).Seq == 1);
        Assert.Equal(1, Groups.GroupCount);
    }

    [Fact]
    public async Task ManyWatchers_GetOneRenderedMessage_SentSliceBySlice_EachWatcherExactlyOnce()
    {
        _services.GetRequiredService<LiveViewOptions>().SliceSize = 2;
        string[] connections = ["c1", "c2", "c3", "c4", "c5"];
        foreach (var (connectionId, i) in connections.Select((c, i) => (c, i)))
        {
            Assert.NotNull(await JoinWallAsync(connectionId, SignedIn(i % 2 == 0 ? _olga : _anna)));
        }

        await RecordCheckInAsync(30);
        await WaitWhileAsync(() => connections.Any(c => !_hub.DeliveredTo(c, LiveContract.Update).Any()));

        // Three slices of at most two: three group sends of the one message, rendered once.
        var sends = _hub.Sent.Where(s => s.Method == LiveContract.Update).ToList();
        Assert.Equal(3, sends.Count);
        Assert.Equal(3, sends.Select(s => s.Target).Distinct().Count());
        Assert.All(sends, s => Assert.Same(sends[0].Arguments[0], s.Arguments[0]));
        Assert.All(connections, c => Assert.Equal(1, ((LiveUpdate)Assert.Single(_hub.DeliveredTo(c, LiveContract.Update))!).Seq));
    }

    [Fact]
    public async Task AWatcherLeaving_FreesItsPlace_InItsSlice()
    {
        _services.GetRequiredService<LiveViewOptions>().SliceSize = 2;
        await JoinWallAsync("c1", SignedIn(_olga));
        await JoinWallAsync("c2", SignedIn(_anna));
        await Groups.LeaveAllAsync("c1");
        await JoinWallAsync("c3", SignedIn(_olga));

        await RecordCheckInAsync(30);
        var update = await NextUpdateAsync(1);

        // c3 took c1's place (a closed connection leaves its SignalR groups by itself): one slice, one send.
        Assert.Single(_hub.Sent, s => s.Method == LiveContract.Update);
        Assert.Same(update, Assert.Single(_hub.DeliveredTo("c2", LiveContract.Update)));
        Assert.Same(update, Assert.Single(_hub.DeliveredTo("c3", LiveContract.Update)));
    }

    [Fact]
    public async Task EventThatChangesNothingShown_SendsNothing_AndLeavesSeqAlone()
    {
        await JoinWallAsync("c1", SignedIn(_olga));
        var events = _services.GetRequiredService<IPartnershipEvents>();

        // Another person's role: nothing the wall shows.
        await events.PublishAsync(new MemberRoleChanged(_partnership, _anna, _anna, PartnershipRole.Contributor), Ct);
        await events.PublishAsync(new MemberRoleChanged(_partnership, _anna, _anna, PartnershipRole.Facilitator), Ct);
        await RecordCheckInAsync(30);
        var update = await NextUpdateAsync(1);

        Assert.Equal(1, update.Seq);
        Assert.Single(_hub.UpdatesTo(WallLiveView.KindName));
    }

    [Fact]
    public async Task RemovedMember_StopsReceivingTheView_AndIsTold()
    {
        await JoinWallAsync("c1", SignedIn(_olga));
        await JoinWallAsync("c2", SignedIn(_anna));
        var events = _services.GetRequiredService<IPartnershipEvents>();

        await events.PublishAsync(new MemberRemoved(_partnership, _anna, _olga, "Olga Observer"), Ct);
        await WaitWhileAsync(() => !_hub.Sent.Any(s => s.Method == LiveContract.Closed));

        Assert.Single(_hub.Sent, s => s.Method == LiveContract.Closed && s.Target == "client:c1");
        Assert.Null(await Groups.SnapshotAsync("c1", WallLiveView.KindName, _partnership.ToString("D"), Ct));
        Assert.NotNull(await Groups.SnapshotAsync("c2", WallLiveView.KindName, _partnership.ToString("D"), Ct));
    }

    [Fact]
    public async Task RemovedMember_GetsNoFurtherUpdate_AndCannotJoinAgain()
    {
        await JoinWallAsync("c1", SignedIn(_olga));
        await JoinWallAsync("c2", SignedIn(_anna));
        await using (var db = Db.CreateDbContext())
        {
            await db.Memberships.Where(m => m.PartnershipId == _partnership && m.UserId == _olga).ExecuteDeleteAsync(Ct);
        }

        await _services.GetRequiredService<IPartnershipEvents>().PublishAsync(new MemberRemoved(_partnership, _anna, _olga, "Olga Observer"), Ct);
        // The removal and the next change are taken in order: by the time the check-in's update is sent, Olga is gone.
        await RecordCheckInAsync(30);
        await NextUpdateAsync(1);

        Assert.Single(_hub.DeliveredTo("c1", LiveContract.Closed));
        Assert.Empty(_hub.DeliveredTo("c1", LiveContract.Update));
        Assert.Single(_hub.DeliveredTo("c2", LiveContract.Update));
        Assert.Null(await JoinWallAsync("c1", SignedIn(_olga)));
        Assert.Null(await JoinWallAsync("c3", SignedIn(_olga)));
        Assert.Null(await Groups.JoinAsync("c3", SignedIn(_olga), FollowLiveView.KindName, _partnership.ToString("D"), Ct));
        await RecordCheckInAsync(40);
        await NextUpdateAsync(2);
        Assert.Empty(_hub.DeliveredTo("c1", LiveContract.Update));
        Assert.Empty(_hub.DeliveredTo("c3", LiveContract.Update));
    }

    [Fact]
    public async Task ARemovedDecision_LeavesTheWallAndTheFollowedDashboard_AndNoFragmentShowsIt()
    {
        await using var scope = _services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<LogService>();
        var posted = await log.PostAsync(_anna, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Close the Ashford site" }, Ct);
        Assert.True(posted.Succeeded, posted.Error?.Message);
        var wall = await JoinWallAsync("c1", SignedIn(_olga));
        var follow = await Groups.JoinAsync("c2", SignedIn(_olga), FollowLiveView.KindName, _partnership.ToString("D"), Ct);
        Assert.Contains("Close the Ashford site", string.Concat(wall!.Fragments.Values), StringComparison.Ordinal);
        Assert.Contains("Close the Ashford site", string.Concat(follow!.Fragments.Values), StringComparison.Ordinal);

        Assert.True((await log.RemoveAsync(_anna, _partnership, posted.Value!.Id, Ct)).Succeeded);
        await NextUpdateAsync(1);
        await WaitWhileAsync(() => !_hub.UpdatesTo(FollowLiveView.KindName).Any());

        var updates = _hub.UpdatesTo(WallLiveView.KindName).Concat(_hub.UpdatesTo(FollowLiveView.KindName)).ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.DoesNotContain("Close the Ashford site", string.Concat(u.Fragments.Values), StringComparison.Ordinal));
        var now = await Groups.SnapshotAsync("c1", WallLiveView.KindName, _partnership.ToString("D"), Ct);
        Assert.DoesNotContain("Close the Ashford site", string.Concat(now!.Fragments.Values), StringComparison.Ordinal);
    }

    private async Task<Guid> PostDecisionAsync(string title)
    {
        // Recent decisions are newest first: each a minute after the last.
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using var scope = _services.CreateAsyncScope();
        var posted = await scope.ServiceProvider.GetRequiredService<LogService>().PostAsync(
            _anna, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = title }, Ct);
        Assert.True(posted.Succeeded, posted.Error?.Message);
        return posted.Value!.Id;
    }

    [Theory]
    [InlineData(WallLiveView.KindName, "wall-decisions")]
    [InlineData(FollowLiveView.KindName, "follow-decisions")]
    public async Task NewDecision_SendsOnlyItsRow_OnTop_TheOldestLeaves_AndTheRowIsWhatTheWholeListRenders(string kind, string id)
    {
        var decisions = new List<Guid>();
        for (var i = 1; i <= DashboardState.RecentDecisionCount; i++)
        {
            decisions.Add(await PostDecisionAsync($"Decision number {i}"));
        }

        var key = _partnership.ToString("D");
        var joined = await Groups.JoinAsync("c1", SignedIn(_olga), kind, key, Ct);
        Assert.Contains("Decision number 1<", joined!.Fragments[id], StringComparison.Ordinal);
        var added = await PostDecisionAsync("Decision number 7");
        await WaitWhileAsync(() => !_hub.UpdatesTo(kind).Any());

        var update = Assert.Single(_hub.UpdatesTo(kind));
        Assert.DoesNotContain(id, update.Fragments.Keys);
        var patch = update.Lists![id];
        Assert.Equal([DashboardLists.KeyOf(decisions[0])], patch.Removed);
        var item = Assert.Single(patch.Items);
        Assert.Equal(DashboardLists.KeyOf(added), item.Key);
        Assert.Equal(DashboardLists.KeyOf(decisions[^1]), item.Before);
        Assert.StartsWith($"<li data-live-item=\"{item.Key}\">", item.Html, StringComparison.Ordinal);
        Assert.Contains("Decision number 7", item.Html, StringComparison.Ordinal);
        Assert.Contains("decisions", update.Summary, StringComparison.Ordinal);
        Assert.True(item.Html.Length * 3 < joined.Fragments[id].Length, "one row is a fraction of the list");

        // A watcher arriving now (or after a gap) gets the whole list, holding the very row sent, first.
        var now = await Groups.SnapshotAsync("c1", kind, key, Ct);
        var list = now!.Fragments[id];
        Assert.Contains(item.Html, list, StringComparison.Ordinal);
        Assert.DoesNotContain("Decision number 1<", list, StringComparison.Ordinal);
        Assert.True(list.IndexOf("Decision number 7", StringComparison.Ordinal) < list.IndexOf("Decision number 6", StringComparison.Ordinal));
        Assert.Equal(1, now.Seq);

        // On the wire (the hub's JSON protocol), against the same update carrying the whole list as before.
        var patchBytes = WireBytes(update);
        var wholeBytes = WireBytes(update with { Fragments = new Dictionary<string, string> { [id] = list }, Lists = null });
        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: patch {patchBytes} bytes, whole list {wholeBytes} bytes");
        Assert.True(patchBytes * 3 < wholeBytes, $"patch {patchBytes} bytes, whole list {wholeBytes} bytes");
    }

    private static int WireBytes(LiveUpdate update)
    {
        var protocol = new Microsoft.AspNetCore.SignalR.Protocol.JsonHubProtocol();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        protocol.WriteMessage(new Microsoft.AspNetCore.SignalR.Protocol.InvocationMessage(LiveContract.Update, [update]), buffer);
        return buffer.WrittenCount;
    }

    [Fact]
    public async Task PublicDecision_RenderedAlone_IsExactlyWhatTheWholeSectionRendersForIt()
    {
        var decisions = new PublicDecisions(ValueList<PublicDecision>.Of([
            new(Guid.NewGuid(), "Fund the app", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), "Funded for a year",
                ValueList<PublicDissent>.Of([new("Northern Bank", Position.Objects)])),
            new(Guid.NewGuid(), "Close the office", null, null, ValueList<PublicDissent>.Empty),
        ]));
        var list = PublicFragments.Decisions(decisions);

        var html = await _services.GetRequiredService<LiveFragmentRenderer>().RenderAsync(
            [("section", typeof(PublicDecisionsSection), decisions), .. list.Items.Select(i => (i.Key, i.Component, i.Model))]);

        Assert.Equal(2, list.Items.Count);
        Assert.All(list.Items, i => Assert.Contains(html[i.Key], html["section"], StringComparison.Ordinal));
        Assert.All(list.Items, i => Assert.Contains($"data-live-item=\"{i.Key}\"", html[i.Key], StringComparison.Ordinal));
        Assert.Contains("data-live-list", html["section"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckIn_OnTheFollowedDashboard_SendsOnlyItsIndicatorsRow_WhichIsWhatTheWholeTableRenders()
    {
        Db.AddIndicator(Db.AddGoal(_partnership, "Plant river banks"), "Trees planted", 0, 500);
        var key = _partnership.ToString("D");
        var joined = await Groups.JoinAsync("c1", SignedIn(_olga), FollowLiveView.KindName, key, Ct);
        Assert.Contains("Trees planted", joined!.Fragments["follow-indicators"], StringComparison.Ordinal);

        await RecordCheckInAsync(30);
        await WaitWhileAsync(() => !_hub.UpdatesTo(FollowLiveView.KindName).Any());

        var update = Assert.Single(_hub.UpdatesTo(FollowLiveView.KindName));
        Assert.DoesNotContain("follow-indicators", update.Fragments.Keys);
        var item = Assert.Single(update.Lists!["follow-indicators"].Items);
        Assert.Empty(update.Lists["follow-indicators"].Removed);
        Assert.Equal(DashboardLists.KeyOf(_indicator), item.Key);
        Assert.StartsWith($"<tr data-indicator=\"{_indicator}\" data-live-item=\"{item.Key}\">", item.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Trees planted", item.Html, StringComparison.Ordinal);
        var now = await Groups.SnapshotAsync("c1", FollowLiveView.KindName, key, Ct);
        Assert.Contains(item.Html, now!.Fragments["follow-indicators"], StringComparison.Ordinal);
        Assert.Contains("Trees planted", now.Fragments["follow-indicators"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstDecision_SendsTheWholeList_SinceTheEmptyListsShellChanged()
    {
        await JoinWallAsync("c1", SignedIn(_olga));

        await PostDecisionAsync("The very first decision");
        var update = await NextUpdateAsync(1);

        Assert.Contains("The very first decision", update.Fragments[WallFragments.IdOf(WallSection.Decisions)], StringComparison.Ordinal);
        Assert.Null(update.Lists);
    }

    /// <summary>The live views' services with <paramref name="view"/> as the only view, sending to the recording hub.</summary>
    /// <summary>Waits, up to 10 s, while <paramref name="waiting"/> holds: what the group does next happens on its own loop.</summary>
    private static async Task WaitWhileAsync(Func<bool> waiting)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (waiting() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }
    }

    private ServiceProvider ServicesWith(ILiveView view, LiveViewOptions? options = null) => new ServiceCollection()
        .AddLogging()
        .AddSingleton<IPartnershipEvents, InProcessPartnershipEvents>()
        .AddSingleton(view)
        .AddSingleton<LiveViewRegistry>()
        .AddSingleton<LiveFragmentRenderer>()
        .AddSingleton<LiveGroups>()
        .AddSingleton<IHubContext<LiveHub>>(_hub)
        .AddSingleton(options ?? new LiveViewOptions())
        .BuildServiceProvider();

    [Fact]
    public async Task LoopEndedByAForeignCancellation_KeepsGoing_AndTheLastWatcherLeavesCleanly()
    {
        var view = new CancellingView(_partnership);
        await using var services = ServicesWith(view);
        var groups = services.GetRequiredService<LiveGroups>();
        var events = services.GetRequiredService<IPartnershipEvents>();
        Assert.NotNull(await groups.JoinAsync("c1", SignedIn(_olga), CancellingView.KindName, "k", Ct));

        // The first event's work is cancelled by something else than the group (a timed-out load, say)...
        await events.PublishAsync(new MemberRoleChanged(_partnership, _anna, _anna, PartnershipRole.Contributor), Ct);
        await events.PublishAsync(new MemberRoleChanged(_partnership, _anna, _anna, PartnershipRole.Facilitator), Ct);
        await WaitWhileAsync(() => !_hub.UpdatesTo(CancellingView.KindName).Any());

        // ...yet the last watcher leaving stops the group without an error (it used to cancel a disposed token
        // source), and the next event was still sent.
        var sent = _hub.UpdatesTo(CancellingView.KindName).ToList();
        Assert.Null(await Record.ExceptionAsync(() => groups.LeaveAllAsync("c1")));
        Assert.Equal(1, Assert.Single(sent).Seq);
        Assert.Equal(0, groups.GroupCount);
        Assert.Null(await Record.ExceptionAsync(() => groups.LeaveAllAsync("c1")));
    }

    /// <summary>
    /// A view whose first event's work is cancelled from outside the group, and whose every other event changes
    /// its one fragment; the count is the view's, so a load after the failure shows it too.
    /// </summary>
    private sealed class CancellingView(Guid partnershipId) : ILiveView
    {
        public const string KindName = "cancelling";

        private int _events;

        public string Kind => KindName;

        public Task<bool> MayWatchAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<LiveModel?> LoadAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken) =>
            Task.FromResult<LiveModel?>(new Model(this, partnershipId));

        public IReadOnlyList<LiveFragment> WarmUpFragments() => [];

        private sealed class Model(CancellingView view, Guid partnershipId) : LiveModel
        {
            public override Guid PartnershipId => partnershipId;

            public override bool Apply(PartnershipEvent change) =>
                Interlocked.Increment(ref view._events) == 1 ? throw new OperationCanceledException("Timed out elsewhere.") : true;

            public override IReadOnlyList<LiveFragment> Fragments() => [new("count", typeof(LiveText), $"{view._events} events", "count")];
        }
    }

    [Fact]
    public async Task AChangeCommittedWhileTheFirstLoadReads_ReachesTheWatchers()
    {
        var view = new CommittedDuringLoadView(_partnership);
        await using var services = ServicesWith(view);
        view.Events = services.GetRequiredService<IPartnershipEvents>();

        var joined = await services.GetRequiredService<LiveGroups>().JoinAsync("c1", SignedIn(_olga), CommittedDuringLoadView.KindName, _partnership.ToString("D"), Ct);

        // The load read "0 changes"; the change it missed arrives as the next update.
        Assert.Contains("0 changes", joined!.Fragments["count"], StringComparison.Ordinal);
        await WaitWhileAsync(() => !_hub.UpdatesTo(CommittedDuringLoadView.KindName).Any());

        var update = Assert.Single(_hub.UpdatesTo(CommittedDuringLoadView.KindName));
        Assert.Contains("1 changes", update.Fragments["count"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangeCommittedBeforeALateSubscription_IsLoadedOnceMore()
    {
        var view = new CommittedBeforeSubscribingView(_partnership);
        await using var services = ServicesWith(view, new LiveViewOptions { ReloadInterval = TimeSpan.Zero });
        view.Events = services.GetRequiredService<IPartnershipEvents>();

        var joined = await services.GetRequiredService<LiveGroups>().JoinAsync("c1", SignedIn(_olga), CommittedBeforeSubscribingView.KindName, "by-slug", Ct);

        // The key does not name the partnership, so the group subscribed after the read; it loads again and sends what it missed.
        Assert.Contains("0 changes", joined!.Fragments["count"], StringComparison.Ordinal);
        await WaitWhileAsync(() => !_hub.UpdatesTo(CommittedBeforeSubscribingView.KindName).Any());

        var update = Assert.Single(_hub.UpdatesTo(CommittedBeforeSubscribingView.KindName));
        Assert.Contains("1 changes", update.Fragments["count"], StringComparison.Ordinal);
        Assert.Equal(2, view.Loads);
    }

    /// <summary>A view keyed by a slug (no partnership in its key) whose first load reads its count just before a change is committed and published.</summary>
    private sealed class CommittedBeforeSubscribingView(Guid partnershipId) : ILiveView
    {
        public const string KindName = "committed-before-subscribing";
        private int _committed;

        public IPartnershipEvents Events { get; set; } = default!;

        public int Loads { get; private set; }

        public string Kind => KindName;

        public Task<bool> MayWatchAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken) => Task.FromResult(true);

        public async Task<LiveModel?> LoadAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken)
        {
            var model = new Model(partnershipId, _committed);
            if (++Loads == 1)
            {
                _committed++;
                await Events.PublishAsync(new MemberRoleChanged(partnershipId, "someone", "someone", PartnershipRole.Contributor), cancellationToken);
            }

            return model;
        }

        public IReadOnlyList<LiveFragment> WarmUpFragments() => [];

        private sealed class Model(Guid partnershipId, int changes) : LiveModel
        {
            public override Guid PartnershipId => partnershipId;

            public override bool Apply(PartnershipEvent change) => false;

            public override bool ReloadsOn(PartnershipEvent change) => true;

            public override IReadOnlyList<LiveFragment> Fragments() => [new("count", typeof(LiveText), $"{changes} changes", "count")];
        }
    }

    /// <summary>A partnership view whose load reads its count, and then a change to it is committed (and published) before the load returns.</summary>
    private sealed class CommittedDuringLoadView(Guid partnershipId) : ILiveView
    {
        public const string KindName = "committed-during-load";

        public IPartnershipEvents Events { get; set; } = default!;

        public string Kind => KindName;

        public Task<bool> MayWatchAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken) => Task.FromResult(true);

        public Guid? PartnershipOf(string key) => partnershipId;

        public async Task<LiveModel?> LoadAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken)
        {
            var model = new Model(partnershipId);
            await Events.PublishAsync(new MemberRoleChanged(partnershipId, "someone", "someone", PartnershipRole.Contributor), cancellationToken);
            return model;
        }

        public IReadOnlyList<LiveFragment> WarmUpFragments() => [];

        private sealed class Model(Guid partnershipId) : LiveModel
        {
            private int _changes;

            public override Guid PartnershipId => partnershipId;

            public override bool Apply(PartnershipEvent change)
            {
                _changes++;
                return true;
            }

            public override IReadOnlyList<LiveFragment> Fragments() => [new("count", typeof(LiveText), $"{_changes} changes", "count")];
        }
    }

    [Fact]
    public async Task AJoinFromAPageShowingTheCurrentFragments_IsSentOnlyTheOthers()
    {
        var first = (await JoinWallAsync("c1", SignedIn(_anna)))!;
        var indicators = WallFragments.IdOf(WallSection.Indicators);
        var decisions = WallFragments.IdOf(WallSection.Decisions);
        var shown = first.Fragments.Where(f => f.Key != decisions).ToDictionary(f => f.Key, f => LiveFragmentHash.Of(f.Value));
        shown[indicators] = LiveFragmentHash.Of(first.Fragments[indicators] + " as it was an hour ago");

        var second = await Groups.JoinAsync("c2", SignedIn(_olga), WallLiveView.KindName, _partnership.ToString("D"), Ct, shown);

        Assert.NotNull(second);
        Assert.Equal(first.Seq, second.Seq);
        Assert.Equal([decisions, indicators], second.Fragments.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(first.Fragments[indicators], second.Fragments[indicators]);
    }

    [Theory]
    [InlineData("too many")]
    [InlineData("overlong hash")]
    [InlineData("overlong id")]
    public async Task AJoinNamingMoreOrLongerThanAPageCanShow_GetsTheWholeView(string which)
    {
        var first = (await JoinWallAsync("c1", SignedIn(_anna)))!;
        var shown = first.Fragments.ToDictionary(f => f.Key, f => LiveFragmentHash.Of(f.Value));
        switch (which)
        {
            case "too many":
                foreach (var i in Enumerable.Range(0, LiveContract.MaxShown))
                {
                    shown[$"extra-{i}"] = "x";
                }

                break;
            case "overlong hash":
                shown[shown.Keys.First()] = new string('a', LiveFragmentHash.MaxLength + 1);
                break;
            default:
                shown[new string('a', LiveContract.MaxNameLength + 1)] = "x";
                break;
        }

        var second = await Groups.JoinAsync("c2", SignedIn(_olga), WallLiveView.KindName, _partnership.ToString("D"), Ct, shown);

        Assert.Equal(first.Fragments.Keys.Order(StringComparer.Ordinal), second!.Fragments.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task APagesFragment_CarriesTheHashItsGroupComputes_ForTheSameState()
    {
        var view = _services.GetRequiredService<LiveViewRegistry>().Find(WallLiveView.KindName)!;
        var model = (await view.LoadAsync(SignedIn(_olga), _partnership.ToString("D"), Ct))!;
        var fragment = model.Fragments().Single(f => f.ElementId == WallFragments.IdOf(WallSection.Indicators));
        var joined = (await JoinWallAsync("c1", SignedIn(_olga)))!;

        await using var scope = _services.CreateAsyncScope();
        await using var renderer = new Microsoft.AspNetCore.Components.Web.HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
        var page = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<LiveFragmentOutlet>(
            Microsoft.AspNetCore.Components.ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(LiveFragmentOutlet.Fragment)] = fragment }))).ToHtmlString());

        var expected = LiveFragmentHash.Of(joined.Fragments[fragment.ElementId]);
        Assert.Contains($"data-live-hash=\"{expected}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmUp_RendersEveryViewsSampleFragments()
    {
        var warmUp = new LiveViewsWarmUp(_services.GetServices<ILiveView>(), _services.GetRequiredService<LiveFragmentRenderer>(),
            new StoppedLifetime(), Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveViewsWarmUp>.Instance);

        Assert.True(await warmUp.WarmUpAsync(Ct));
        Assert.Equal(0, Groups.GroupCount);
    }

    private sealed class NoJavaScript : Microsoft.JSInterop.IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new InvalidOperationException("No JavaScript while rendering to HTML.");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            throw new InvalidOperationException("No JavaScript while rendering to HTML.");
    }

    private sealed class Nowhere : Microsoft.AspNetCore.Components.NavigationManager
    {
        public Nowhere() => Initialize("http://localhost/", "http://localhost/");
    }

    private sealed class StoppedLifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("stranger")]
    public async Task NonMember_IsRefused_AndNoGroupIsMade(string who)
    {
        var user = who == "anonymous" ? new ClaimsPrincipal(new ClaimsIdentity()) : SignedIn(_stranger);

        Assert.Null(await JoinWallAsync("c1", user));
        Assert.Null(await Groups.JoinAsync("c1", user, FollowLiveView.KindName, _partnership.ToString("D"), Ct));
        Assert.Equal(0, Groups.GroupCount);
        Assert.NotNull(await JoinWallAsync("c2", SignedIn(_olga)));
    }

    [Theory]
    [InlineData("wall", "not-a-guid")]
    [InlineData("wall", "")]
    [InlineData("nosuchview", "00000000-0000-0000-0000-000000000000")]
    [InlineData("room", "00000000-0000-0000-0000-000000000000/garbage")]
    public async Task GarbageKindOrKey_IsRefused(string kind, string key)
    {
        Assert.Null(await Groups.JoinAsync("c1", SignedIn(_olga), kind, key, Ct));
        Assert.Null(await Groups.JoinAsync("c1", SignedIn(_olga), kind, new string('x', LiveContract.MaxNameLength + 1), Ct));
        Assert.Equal(0, Groups.GroupCount);
    }

    [Fact]
    public async Task LastWatcherLeaving_EndsTheGroup()
    {
        await JoinWallAsync("c1", SignedIn(_olga));
        await JoinWallAsync("c2", SignedIn(_anna));

        await Groups.LeaveAllAsync("c1");
        Assert.Equal(1, Groups.GroupCount);
        await Groups.LeaveAllAsync("c2");

        Assert.Equal(0, Groups.GroupCount);
    }

    [Theory]
    [InlineData(WallLiveView.KindName)]
    [InlineData(FollowLiveView.KindName)]
    public async Task WhoeverOpensTheGroup_AnObserverOrAFacilitator_EveryWatcherGetsTheSameFragments(string kind)
    {
        Db.AddLogEntry(_partnership, _anna, EntryKind.Decision, "Share the sampling rota");
        await RecordCheckInAsync(20);
        var key = _partnership.ToString("D");

        var openedByObserver = await Groups.JoinAsync("c1", SignedIn(_olga), kind, key, Ct);
        await Groups.LeaveAllAsync("c1");
        var openedByFacilitator = await Groups.JoinAsync("c2", SignedIn(_anna), kind, key, Ct);

        // One render serves the group, so nothing in it may depend on the role of the watcher who opened it.
        Assert.NotNull(openedByObserver);
        Assert.NotNull(openedByFacilitator);
        foreach (var (id, html) in openedByObserver.Fragments)
        {
            Assert.Equal(WithoutElementIds(html), WithoutElementIds(openedByFacilitator.Fragments[id]));
        }

        Assert.Equal(openedByObserver.Fragments.Count, openedByFacilitator.Fragments.Count);
        Assert.Contains("Share the sampling rota", string.Concat(openedByFacilitator.Fragments.Values), StringComparison.Ordinal);
    }

    // MudBlazor gives some elements a fresh random id at each render.
    private static string WithoutElementIds(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "id=\"([a-z-]*)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"", "id=\"$1\"");

    // The base class's Dispose closes the database; this closes the services (MudBlazor's need async disposal).
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
