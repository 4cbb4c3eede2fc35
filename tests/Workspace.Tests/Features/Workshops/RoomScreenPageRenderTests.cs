using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>The room screen renders again only for what the room sees.</summary>
public sealed class RoomScreenPageRenderTests : WorkspaceBunitContext
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly Guid _workshop;
    private readonly Guid _item;
    private readonly Guid _laterItem;

    public RoomScreenPageRenderTests()
    {

        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        var workshops = new WorkshopService(Db, Events, Clock, new WorkshopOutputService(Db, Events, Clock, new LogService(Db, Events, Clock)));
        _workshop = workshops.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Winter plan", StartsUtc = Clock.GetUtcNow().UtcDateTime }, Ct).Result.Value!.Id;
        _item = workshops.AddItemAsync(_fran, _partnership, _workshop, new AgendaItemInput { Title = "Opening", TimeBoxMinutes = 10 }, Ct).Result.Value!.Items[^1].Id;
        _laterItem = workshops.AddItemAsync(_fran, _partnership, _workshop, new AgendaItemInput { Title = "Close", TimeBoxMinutes = 10 }, Ct).Result.Value!.Items[^1].Id;
        workshops.StartAsync(_fran, _partnership, _workshop, Ct).Wait(Ct);
    }

    private IdeaService IdeasElsewhere => new(Db, Events, Clock);

    [Fact]
    public async Task PresenceALogPostOrAnIdeaOnALaterItem_RenderNothing_AnIdeaOnTheCurrentItemDoes()
    {
        SignInAs(_fran, "Fran Facilitator");
        var page = RenderInteractive<RoomScreenPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.WorkshopId, _workshop));
        page.WaitForAssertion(() => Assert.Equal("Opening", page.Find("h1").TextContent.Trim()));
        var renders = page.RenderCount;

        await Events.PublishAsync(new PresenceChanged(_partnership, "goals", [new PresenceEntry(_cara, "Cara Contributor", null, null)]), Ct);
        await new LogService(Db, Events, Clock).PostAsync(_cara, _partnership, new EntryInput { Title = "Kick-off notes" }, Ct);
        var later = await IdeasElsewhere.AddIdeaAsync(_cara, _partnership, _workshop, _laterItem, "For the close", Ct);

        Assert.True(later.Succeeded, later.Error?.Message);
        Assert.Equal(renders, page.RenderCount);

        await IdeasElsewhere.AddIdeaAsync(_cara, _partnership, _workshop, _item, "Pool the food banks' stock lists", Ct);

        page.WaitForAssertion(() => Assert.Contains("Pool the food banks' stock lists", page.Find(".room-ideas").TextContent, StringComparison.Ordinal));
        Assert.Equal(renders + 1, page.RenderCount);
    }
}
