using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dashboard;

/// <summary>The portfolio follows every partnership it lists: a change in one updates its line without a reload.</summary>
public sealed class PortfolioPageLiveTests : WorkspaceBunitContext
{
    [Fact]
    public async Task AStatusChangeInOnePartnership_UpdatesItsLine_AfterOneCoalescedRefresh()
    {
        var ana = Db.AddPerson("Ana Costa", organisationId: Db.AddOrganisation("Youth Justice Unit", Sector.Public));
        var olga = Db.AddPerson("Olga Owusu");
        var streets = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Contributor), (olga, PartnershipRole.Observer));
        Db.AddPartnership("Clean Rivers", (ana, PartnershipRole.Contributor), (olga, PartnershipRole.Observer));
        var goal = Db.AddGoal(streets, "Fewer first-time entrants");
        SignInAs(olga, "Olga Owusu");
        var page = RenderInteractive<PortfolioPage>(_ => { });
        page.WaitForAssertion(() => Assert.Contains("1 not started", Line(page, "Safer Streets"), StringComparison.Ordinal));

        var goals = new GoalService(Db, Events, Clock, new(Db, Events, Clock));
        await goals.SaveFieldAsync(ana, streets, goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OffTrack), Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() =>
        {
            Assert.Contains("1 off track", Line(page, "Safer Streets"), StringComparison.Ordinal);
            Assert.Contains("Off track", page.FindAll("tbody tr")[1].QuerySelectorAll("td")[1].TextContent, StringComparison.Ordinal);
        });
        Assert.Contains("No goals", Line(page, "Clean Rivers"), StringComparison.Ordinal);
    }

    private static string Line(IRenderedComponent<PortfolioPage> page, string name) =>
        page.FindAll("tbody tr").Single(r => r.QuerySelector("a")!.TextContent == name).TextContent;
}
