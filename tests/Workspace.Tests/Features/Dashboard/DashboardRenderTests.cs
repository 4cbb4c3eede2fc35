using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Components.Common;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dashboard;

/// <summary>A live event renders only the dashboard sections whose figures it changed.</summary>
public sealed class DashboardRenderTests : WorkspaceBunitContext
{
    private readonly string _ana;
    private readonly string _olga;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly Guid _indicator;

    public DashboardRenderTests()
    {

        _ana = Db.AddPerson("Ana Costa", organisationId: Db.AddOrganisation("Youth Justice Unit", Sector.Public));
        _olga = Db.AddPerson("Olga Owusu", organisationId: Db.AddOrganisation("Riverside City Council", Sector.Public));
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Contributor), (_olga, PartnershipRole.Observer));
        _goal = Db.AddGoal(_partnership, "Fewer first-time entrants");
        _indicator = Db.AddIndicator(_goal, "First-time entrants", 200, 100, IndicatorDirection.Decrease);
        Db.AddLogEntry(_partnership, _ana, EntryKind.Decision, "Meet monthly", createdUtc: Clock.GetUtcNow().UtcDateTime.AddDays(-2));
        Db.AddLogEntry(_partnership, _ana, EntryKind.Decision, "Share the data", createdUtc: Clock.GetUtcNow().UtcDateTime.AddDays(-1));
    }

    private IRenderedComponent<DashboardPage> RenderDashboard()
    {
        SignInAs(_olga, "Olga Owusu");
        var page = RenderInteractive<DashboardPage>(p => p.Add(x => x.PartnershipId, _partnership));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[aria-label='Recent decisions'] li").Count));
        return page;
    }

    private LogService OtherCircuitLog => new(Db, Events, Clock);

    [Fact]
    public async Task DecisionRecordedElsewhere_RendersRecentDecisions_AndOnlyTheNewRow()
    {
        var page = RenderDashboard();
        var decisions = page.FindComponent<DecisionList>();
        var rows = page.FindComponents<DecisionRow>();
        var unchanged = new IRenderedComponent<IComponent>[]
        {
            page.FindComponent<StatusSummary>(), page.FindComponent<GoalStatusTable>(), page.FindComponent<IndicatorTable>(),
            page.FindComponent<ActionList>(), page.FindComponent<BalanceTable>(), page.FindComponent<RiskGrid>(), page.FindComponent<StatusChip>(),
            page.FindComponent<HealthSummary>(), page.FindComponent<DashboardLinks>(), page.FindComponent<DownloadLinks>(), rows[0], rows[1],
        };
        var counts = unchanged.Select(c => c.RenderCount).ToList();
        var decisionRenders = decisions.RenderCount;

        await OtherCircuitLog.PostAsync(_ana, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Fund the mentors" }, Ct);

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[aria-label='Recent decisions'] li").Count));
        Assert.Equal("Fund the mentors", page.Find("[aria-label='Recent decisions'] li a").TextContent);
        Assert.Equal(decisionRenders + 1, decisions.RenderCount);
        Assert.Equal(1, page.FindComponents<DecisionRow>()[0].RenderCount);
        Assert.Equal(counts, unchanged.Select(c => c.RenderCount).ToList());
    }

    [Fact]
    public async Task CheckInElsewhere_RendersTheIndicators_NotTheDecisionsActionsRisksBalanceOrStatus()
    {
        var page = RenderDashboard();
        var indicators = page.FindComponent<IndicatorTable>();
        IRenderedComponent<IComponent>[] unchanged =
        [
            page.FindComponent<StatusSummary>(), page.FindComponent<HealthSummary>(), page.FindComponent<DecisionList>(),
            page.FindComponent<ActionList>(), page.FindComponent<BalanceTable>(), page.FindComponent<RiskGrid>(), page.FindComponent<StatusChip>(),
            page.FindComponent<DashboardLinks>(), page.FindComponent<DownloadLinks>(), .. page.FindComponents<DecisionRow>(),
        ];
        var counts = unchanged.Select(c => c.RenderCount).ToList();
        var indicatorRenders = indicators.RenderCount;

        await new IndicatorService(Db, Events, Clock).RecordCheckInAsync(_ana, _partnership, _indicator,
            new CheckInInput { Value = 150, AsOf = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime) }, Ct);

        page.WaitForAssertion(() => Assert.Equal("150", page.Find($"[data-indicator='{_indicator}'] [data-figure='latest'] span").TextContent.Trim()));
        Assert.True(indicators.RenderCount > indicatorRenders);
        Assert.Equal(counts, unchanged.Select(c => c.RenderCount).ToList());
        Assert.StartsWith("Last change", page.Find("[data-last-change]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusChangedElsewhere_RendersTheStatusAndGoals_NotTheDecisionsOrActions()
    {
        var page = RenderDashboard();
        var (status, goals, decisions, actions) = (page.FindComponent<StatusSummary>(), page.FindComponent<GoalStatusTable>(),
            page.FindComponent<DecisionList>(), page.FindComponent<ActionList>());
        var before = (status.RenderCount, goals.RenderCount, decisions.RenderCount, actions.RenderCount);

        await new GoalService(Db, Events, Clock, new(Db, Events, Clock)).SaveFieldAsync(_ana, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.AtRisk), Ct);

        page.WaitForAssertion(() => Assert.Equal("1", page.Find($"[data-status='{GoalStatus.AtRisk}']").TextContent.Trim()));
        // (A component's render count also counts the renders of what it holds: the goals table's rows are virtualised.)
        Assert.True(status.RenderCount > before.Item1);
        Assert.True(goals.RenderCount > before.Item2);
        Assert.Equal((before.Item3, before.Item4), (decisions.RenderCount, actions.RenderCount));
    }

    [Fact]
    public async Task State_KeepsTheListsAnEventDidNotChange_AsTheSameInstances()
    {
        var state = (await new DashboardService(Db, Clock, NullLogger<DashboardService>.Instance).LoadAsync(_olga, _partnership, Ct)).Value!;
        var today = new DateOnly(2026, 3, 2);
        var first = state.View(today);
        Assert.Same(first, state.View(today));

        var elsewhere = new RecordingPartnershipEvents();
        await new LogService(Db, elsewhere, Clock).PostAsync(_ana, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Fund the mentors" }, Ct);
        Assert.True(state.Apply(Assert.Single(elsewhere.Published), _olga));
        var second = state.View(today);

        Assert.NotSame(first.RecentDecisions, second.RecentDecisions);
        Assert.Equal("Fund the mentors", second.RecentDecisions[0].Entry.Title);
        Assert.Same(first.RecentDecisions[0], second.RecentDecisions[1]);
        Assert.Same(first.Goals, second.Goals);
        Assert.Same(first.Indicators, second.Indicators);
        Assert.Same(first.OverdueActions, second.OverdueActions);
        Assert.Same(first.OpenRisks, second.OpenRisks);
        Assert.Same(first.Balance, second.Balance);
        Assert.Same(first.StatusCounts, second.StatusCounts);

        // A new day computes every part again.
        var tomorrow = state.View(today.AddDays(1));
        Assert.NotSame(second.Goals, tomorrow.Goals);
    }
}
