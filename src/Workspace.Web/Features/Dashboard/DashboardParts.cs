using Workspace.Web.Components.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Health;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Dashboard;

/// <summary>The partnership named at the top of the dashboard, wall and report.</summary>
public sealed record DashboardHeaderModel(Guid PartnershipId, string Name, string Purpose, PartnershipStatus Status, DateOnly Today);

/// <summary>The delivery status at a glance: the roll-up, goals by status and what needs attention.</summary>
public sealed record StatusSummaryModel(GoalStatus? RollUp, int ActiveGoals, ValueList<StatusCount> StatusCounts, int OverdueGoals,
    int Disagreements, int OverdueActions, int OpenActions, int OpenRisks);

/// <summary>The latest closed health check round and each principle's trend.</summary>
public sealed record HealthSummaryModel(Guid PartnershipId, HealthOverview? Health);

/// <summary>Goals with their status, lead, due date and progress; long lists are virtualised.</summary>
public sealed record GoalTableModel(Guid PartnershipId, DateOnly Today, ValueList<GoalSummary> Goals, bool Virtualized = true);

/// <summary>An indicator with the title of its goal.</summary>
public sealed record IndicatorRow(DashboardIndicator Indicator, string GoalTitle);

/// <summary>One goal's row in <see cref="GoalTableModel"/>: what it shows, with the day that decides "overdue".</summary>
public sealed record GoalRowModel(Guid PartnershipId, DateOnly Today, GoalSummary Goal);

/// <summary>One indicator's row in <see cref="IndicatorTableModel"/>, with the day that decides its next milestone.</summary>
public sealed record IndicatorRowModel(Guid PartnershipId, DateOnly Today, IndicatorRow Row);

/// <summary>Indicators with their progress, trend, next milestone and confidences; long lists are virtualised.</summary>
public sealed record IndicatorTableModel(Guid PartnershipId, DateOnly Today, ValueList<IndicatorRow> Rows, bool Virtualized = true);

/// <summary>The overdue actions (the first <see cref="Limit"/> of them) and how many are open.</summary>
public sealed record ActionListModel(Guid PartnershipId, DateOnly Today, ValueList<LogEntryView> Overdue, int OpenActions, int Limit = 20);

/// <summary>One of the recent decisions.</summary>
public sealed record DecisionRowModel(Guid PartnershipId, DecisionLine Line);

/// <summary>The latest decisions, one row each.</summary>
public sealed record DecisionListModel(ValueList<DecisionRowModel> Rows);

/// <summary>The open risks, placed by likelihood and impact.</summary>
public sealed record RisksModel(Guid PartnershipId, ValueList<LogEntryView> Risks);

/// <summary>Who carries what, by sector and organisation.</summary>
public sealed record BalanceTableModel(ValueList<SectorBalance> Sectors);

/// <summary>
/// The dashboard cut into one model per part of the page. Each part takes its model and renders again
/// only when it changed by value, so a live event renders only the parts whose figures it moved.
/// </summary>
public sealed record DashboardParts(
    DashboardHeaderModel Header,
    StatusSummaryModel Status,
    HealthSummaryModel Health,
    GoalTableModel Goals,
    IndicatorTableModel Indicators,
    ActionListModel Actions,
    DecisionListModel Decisions,
    RisksModel Risks,
    BalanceTableModel Balance)
{
    /// <summary>How many rows each of the wall's tables shows.</summary>
    public const int WallRows = 8;

    /// <summary>
    /// The parts of <paramref name="view"/>. Rows are made again only for the lists the view made again
    /// since <paramref name="last"/>; the others are the last parts' lists.
    /// </summary>
    internal static DashboardParts Of(DashboardView view, (DashboardView View, DashboardParts Parts)? last)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (before, parts) = (last?.View, last?.Parts);
        var indicatorRows = parts is not null && ReferenceEquals(before?.Indicators, view.Indicators) && ReferenceEquals(before?.Goals, view.Goals)
            ? parts.Indicators.Rows
            : RowsOf(view);
        var decisionRows = parts is not null && ReferenceEquals(before?.RecentDecisions, view.RecentDecisions)
            ? parts.Decisions.Rows
            : view.RecentDecisions.Select(line => new DecisionRowModel(view.PartnershipId, line)).ToValueList();
        return new(
            new(view.PartnershipId, view.Name, view.Purpose, view.Status, view.Today),
            new(view.RollUp, view.ActiveGoals, view.StatusCounts, view.OverdueGoals, view.Disagreements, view.OverdueActions.Count, view.OpenActions,
                view.OpenRisks.Count),
            new(view.PartnershipId, view.Health),
            new(view.PartnershipId, view.Today, view.Goals),
            new(view.PartnershipId, view.Today, indicatorRows),
            new(view.PartnershipId, view.Today, view.OverdueActions, view.OpenActions),
            new(decisionRows),
            new(view.PartnershipId, view.OpenRisks),
            new(view.Balance));
    }

    /// <summary>The wall's goals: off track, at risk or overdue, the worst first.</summary>
    internal static GoalTableModel NeedingAttention(GoalTableModel all) => all with
    {
        Virtualized = false,
        Goals = all.Goals
            .Where(g => g.Status is GoalStatus.OffTrack or GoalStatus.AtRisk || DashboardRules.IsOverdue(g, all.Today))
            .OrderBy(g => g.Status == GoalStatus.OffTrack ? 0 : g.Status == GoalStatus.AtRisk ? 1 : 2)
            .ThenBy(g => g.Progress ?? 0)
            .Take(WallRows)
            .ToValueList(),
    };

    /// <summary>The wall's indicators: those the partners disagree on first, then the least progressed.</summary>
    internal static IndicatorTableModel ToWatch(IndicatorTableModel all) => all with
    {
        Virtualized = false,
        Rows = all.Rows
            .OrderByDescending(r => r.Indicator.Disagreement)
            .ThenBy(r => r.Indicator.Progress ?? double.MaxValue)
            .Take(WallRows)
            .ToValueList(),
    };

    private static ValueList<IndicatorRow> RowsOf(DashboardView view)
    {
        var titles = view.Goals.ToDictionary(g => g.Id, g => g.Title);
        return view.Indicators.Select(i => new IndicatorRow(i, titles.GetValueOrDefault(i.GoalId, ""))).ToValueList();
    }
}
