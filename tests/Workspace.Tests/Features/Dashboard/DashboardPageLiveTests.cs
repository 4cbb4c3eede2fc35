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

/// <summary>Dashboards follow changes made elsewhere from the event alone: no viewer reads the database to apply one.</summary>
public sealed class DashboardPageLiveTests : WorkspaceBunitContext
{
    private readonly string _ana;
    private readonly string _olga;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly Guid _indicator;

    public DashboardPageLiveTests()
    {

        _ana = Db.AddPerson("Ana Costa", organisationId: Db.AddOrganisation("Youth Justice Unit", Sector.Public));
        _olga = Db.AddPerson("Olga Owusu", organisationId: Db.AddOrganisation("Riverside City Council", Sector.Public));
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Contributor), (_olga, PartnershipRole.Observer));
        _goal = Db.AddGoal(_partnership, "Fewer first-time entrants");
        _indicator = Db.AddIndicator(_goal, "First-time entrants", 200, 100, IndicatorDirection.Decrease);
    }

    [Fact]
    public async Task CheckInAndStatusChange_UpdateEveryViewersFigures_WithNoDatabaseCommands()
    {
        SignInAs(_olga, "Olga Owusu");
        var first = RenderInteractive<DashboardPage>(p => p.Add(x => x.PartnershipId, _partnership));
        var second = Render<DashboardPage>(p => p.Add(x => x.PartnershipId, _partnership));
        foreach (var page in new[] { first, second })
        {
            page.WaitForAssertion(() => Assert.Equal("—", Latest(page)));
            Assert.Equal("1", StatusCount(page, GoalStatus.NotStarted));
        }

        // The changes are made by another person's circuit; their events are then delivered to the two viewers.
        var elsewhere = new RecordingPartnershipEvents();
        await new IndicatorService(Db, elsewhere, Clock).RecordCheckInAsync(_ana, _partnership, _indicator, new CheckInInput { Value = 150, AsOf = new DateOnly(2026, 2, 1) }, Ct);
        await new GoalService(Db, elsewhere, Clock, new(Db, elsewhere, Clock)).SaveFieldAsync(_ana, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.AtRisk), Ct);
        Db.Commands.Reset();
        foreach (var change in elsewhere.Published)
        {
            await Events.PublishAsync(change, Ct);
        }

        foreach (var page in new[] { first, second })
        {
            page.WaitForAssertion(() =>
            {
                Assert.Equal("150", Latest(page));
                Assert.Contains("50%", page.Find($"[data-indicator='{_indicator}']").TextContent, StringComparison.Ordinal);
                Assert.Equal("0", StatusCount(page, GoalStatus.NotStarted));
                Assert.Equal("1", StatusCount(page, GoalStatus.AtRisk));
            });
        }

        Assert.Equal(0, Db.Commands.Count);
    }

    [Fact]
    public void NonMember_SeesPageNotFound()
    {
        var stranger = Db.AddPerson("Sam Stranger");
        SignInAs(stranger, "Sam Stranger");

        var page = RenderInteractive<DashboardPage>(p => p.Add(x => x.PartnershipId, _partnership));

        Assert.DoesNotContain("Fewer first-time entrants", page.Markup, StringComparison.Ordinal);
    }

    private static string Latest(IRenderedComponent<DashboardPage> page) =>
        page.Find("[data-figure='latest'] span").TextContent.Trim();

    private static string StatusCount(IRenderedComponent<DashboardPage> page, GoalStatus status) =>
        page.Find($"[data-status='{status}']").TextContent.Trim();
}
