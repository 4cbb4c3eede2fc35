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

    public RoomScreenLiveViewTests()
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
