using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Partnerships;

/// <summary>The overview renders again only for its details and its members.</summary>
public sealed class PartnershipOverviewPageRenderTests : WorkspaceBunitContext
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;

    public PartnershipOverviewPageRenderTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
    }

    [Fact]
    public async Task PresenceOrALogPost_RenderNothing_ARenameDoes()
    {
        SignInAs(_cara, "Cara Contributor");
        var page = RenderInteractive<PartnershipOverviewPage>(p => p.Add(x => x.PartnershipId, _partnership));
        page.WaitForAssertion(() => Assert.Equal("Food Security", page.Find("h1").TextContent.Trim()));
        var renders = page.RenderCount;

        await Events.PublishAsync(new PresenceChanged(_partnership, "goals", [new PresenceEntry(_fran, "Fran Facilitator", null, null)]), Ct);
        var posted = await new LogService(Db, Events, Clock).PostAsync(_fran, _partnership, new EntryInput { Title = "Kick-off notes" }, Ct);

        Assert.True(posted.Succeeded, posted.Error?.Message);
        Assert.Equal(renders, page.RenderCount);

        var partnerships = new PartnershipService(Db, Events, Clock);
        var version = (await partnerships.GetOverviewAsync(_fran, _partnership, Ct)).Value!.Version;
        await partnerships.UpdateAsync(_fran, _partnership, new PartnershipInput { Name = "Food Security Now", Purpose = "Feed every family", Version = version }, Ct);

        page.WaitForAssertion(() => Assert.Equal("Food Security Now", page.Find("h1").TextContent.Trim()));
        // The count takes in the MudBlazor parts rendering with the page: more than once, not precisely once.
        Assert.True(page.RenderCount > renders);
    }
}
