using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.LiveViews;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.LiveViews;

/// <summary>The room screen on the watchers' path sends an update only for what the room sees.</summary>
public sealed class RoomScreenLiveViewTests : ServiceTestBase, IAsyncDisposable
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly Guid _workshop;
    private readonly Guid _item;
    private readonly Guid _laterItem;
    private readonly ServiceProvider _services;
    private readonly RecordingHubContext _hub = new();

    // A live group reloads on its own while the test writes, as in the app: each context needs its own connection.
    public RoomScreenLiveViewTests()
        : base(TestDatabase.OnFile())
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMudServices();
        services.AddSingleton<IDbContextFactory<WorkspaceDbContext>>(Db);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IPartnershipEvents, InProcessPartnershipEvents>();
        services.AddScoped<LogService>();
        services.AddScoped<WorkshopOutputService>();
        services.AddScoped<WorkshopService>();
        services.AddScoped<IdeaService>();
        services.AddScoped<VotingService>();
        services.AddWorkspaceLiveViews();
        services.AddSingleton<IHubContext<LiveHub>>(_hub);
        services.AddSingleton(new LiveViewOptions { CoalesceWindow = TimeSpan.Zero });
        _services = services.BuildServiceProvider();

        var workshops = Service<WorkshopService>();
        _workshop = workshops.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Winter plan", StartsUtc = UtcNow }, Ct).Result.Value!.Id;
        _item = workshops.AddItemAsync(_fran, _partnership, _workshop, new AgendaItemInput { Title = "Opening", TimeBoxMinutes = 10 }, Ct).Result.Value!.Items[^1].Id;
        _laterItem = workshops.AddItemAsync(_fran, _partnership, _workshop, new AgendaItemInput { Title = "Close", TimeBoxMinutes = 10 }, Ct).Result.Value!.Items[^1].Id;
        workshops.StartAsync(_fran, _partnership, _workshop, Ct).Wait(Ct);
    }

    private T Service<T>()
        where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private LiveGroups Groups => _services.GetRequiredService<LiveGroups>();

    private string Key => RoomScreenFragments.KeyOf(_partnership, _workshop);

    [Fact]
    public void TheKey_NamesItsPartnership_SoAGroupSubscribesBeforeItsFirstLoad()
    {
        var view = _services.GetServices<ILiveView>().OfType<RoomScreenLiveView>().Single();

        Assert.Equal(_partnership, view.PartnershipOf(Key));
        Assert.Null(view.PartnershipOf("not-a-room"));
        Assert.Null(view.PartnershipOf(_partnership.ToString("D")));
    }

    [Fact]
    public async Task PresenceALogPostOrAnIdeaOnALaterItem_SendNothing_AnIdeaOnTheCurrentItemSendsTheBodyOnly()
    {
        var fran = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, _fran)], "Test"));
        var snapshot = await Groups.JoinAsync("room-1", fran, RoomScreenLiveView.KindName, Key, Ct);
        Assert.NotNull(snapshot);
        Assert.Contains("Opening", snapshot.Fragments[RoomScreenFragments.BodyId], StringComparison.Ordinal);
        var events = _services.GetRequiredService<IPartnershipEvents>();

        await events.PublishAsync(new PresenceChanged(_partnership, "goals", [new PresenceEntry(_cara, "Cara Contributor", null, null)]), Ct);
        await Service<LogService>().PostAsync(_cara, _partnership, new EntryInput { Title = "Kick-off notes" }, Ct);
        var later = await Service<IdeaService>().AddIdeaAsync(_cara, _partnership, _workshop, _laterItem, "For the close", Ct);
        Assert.True(later.Succeeded, later.Error?.Message);
        var current = await Service<IdeaService>().AddIdeaAsync(_cara, _partnership, _workshop, _item, "Pool the food banks' stock lists", Ct);
        Assert.True(current.Succeeded, current.Error?.Message);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_hub.UpdatesTo(RoomScreenLiveView.KindName).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        var update = Assert.Single(_hub.UpdatesTo(RoomScreenLiveView.KindName));
        Assert.Equal(1, update.Seq);
        Assert.Equal([RoomScreenFragments.BodyId], update.Fragments.Keys);
        Assert.Contains("Pool the food banks&#x27; stock lists", update.Fragments[RoomScreenFragments.BodyId], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateIdeasAndUnrevealedDots_NeverReachTheRoom_WhoeverJoinedFirst_UntilRevealed()
    {
        var olu = Db.AddPerson("Olu Observer");
        Db.AddMember(_partnership, olu, PartnershipRole.Observer);
        var ideas = Service<IdeaService>();
        var made = await ideas.SetIdeasPrivateAsync(_fran, _partnership, _workshop, _item, isPrivate: true, Ct);
        Assert.True(made.Succeeded, made.Error?.Message);

        // The facilitator, who may see unrevealed counts on their own screen, opens the group; the observer joins it.
        var fran = Person(_fran);
        Assert.NotNull(await Groups.JoinAsync("room-fran", fran, RoomScreenLiveView.KindName, Key, Ct));
        var franIdea = await ideas.AddIdeaAsync(_fran, _partnership, _workshop, _item, "Fran's sealed proposal", Ct);
        var caraIdea = await ideas.AddIdeaAsync(_cara, _partnership, _workshop, _item, "Cara's sealed proposal", Ct);
        Assert.True(franIdea.Succeeded && caraIdea.Succeeded);
        await UntilAsync(() => _hub.UpdatesTo(RoomScreenLiveView.KindName).Any(u => u.Fragments.Values.Any(f => f.Contains("2 ideas", StringComparison.Ordinal))));
        var observerSnapshot = await Groups.JoinAsync("room-olu", Person(olu), RoomScreenLiveView.KindName, Key, Ct);
        Assert.NotNull(observerSnapshot);
        AssertNothingSealed(observerSnapshot.Fragments.Values.Concat(_hub.UpdatesTo(RoomScreenLiveView.KindName).SelectMany(u => u.Fragments.Values)));

        // Dots cast before the reveal: the room learns no count, while the facilitator's own view would.
        var reveal = await ideas.RevealIdeasAsync(_fran, _partnership, _workshop, _item, Ct);
        Assert.True(reveal.Succeeded, reveal.Error?.Message);
        await UntilAsync(() => _hub.UpdatesTo(RoomScreenLiveView.KindName).Any(u => u.Fragments.Values.Any(f => f.Contains("Cara&#x27;s sealed proposal", StringComparison.Ordinal))));
        var voting = Service<VotingService>();
        Assert.True((await voting.OpenDotVoteAsync(_fran, _partnership, _workshop, _item, votesPerPerson: 3, anonymous: false, Ct)).Succeeded);
        Assert.True((await voting.DotVoteAsync(_cara, _partnership, _workshop, franIdea.Value!.Id, add: true, Ct)).Succeeded);
        Assert.True((await voting.DotVoteAsync(_cara, _partnership, _workshop, franIdea.Value!.Id, add: true, Ct)).Succeeded);
        var facilitatorView = await Service<WorkshopService>().GetAsync(_fran, _partnership, _workshop, Ct);
        Assert.Equal(2, facilitatorView.Value!.DotCounts[_item].Single(c => c.Id == franIdea.Value!.Id).Count);
        var whileSealed = (await Groups.SnapshotAsync("room-olu", RoomScreenLiveView.KindName, Key, Ct))!;
        Assert.DoesNotContain("dot", string.Concat(whileSealed.Fragments.Values), StringComparison.OrdinalIgnoreCase);

        Assert.True((await voting.RevealDotVotesAsync(_fran, _partnership, _workshop, _item, Ct)).Succeeded);
        await UntilAsync(() => _hub.UpdatesTo(RoomScreenLiveView.KindName).Any(u => u.Fragments.Values.Any(f => f.Contains("2 dots", StringComparison.Ordinal))));
    }

    private static ClaimsPrincipal Person(string userId) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Test"));

    private static void AssertNothingSealed(IEnumerable<string> fragments)
    {
        var all = string.Concat(fragments);
        Assert.DoesNotContain("sealed proposal", all, StringComparison.Ordinal);
        Assert.Contains("2 ideas", all, StringComparison.Ordinal);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "The room screen was not updated in time.");
    }

    [Fact]
    public async Task Stranger_CannotWatchTheRoom()
    {
        var stranger = Db.AddPerson("Sam Stranger");
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, stranger)], "Test"));

        Assert.Null(await Groups.JoinAsync("room-1", user, RoomScreenLiveView.KindName, Key, Ct));
        Assert.Null(await Groups.JoinAsync("room-1", user, RoomScreenLiveView.KindName, RoomScreenFragments.KeyOf(_partnership, Guid.NewGuid()), Ct));
        Assert.Equal(0, Groups.GroupCount);
        var cara = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, _cara)], "Test"));
        Assert.NotNull(await Groups.JoinAsync("room-2", cara, RoomScreenLiveView.KindName, Key, Ct));
    }

    // The base class's Dispose closes the database; this closes the services (MudBlazor's need async disposal).
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
