using Workspace.Web.Components.Common;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Health;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Dashboard;

/// <summary>One measurement in an indicator's trend.</summary>
public sealed record TrendPoint(DateOnly AsOf, double Value);

/// <summary>An indicator as the dashboard shows it: progress, its recent trend, milestones and each partner's latest confidence.</summary>
public sealed record DashboardIndicator(
    Guid Id,
    Guid GoalId,
    string Name,
    string Unit,
    double Baseline,
    double Target,
    IndicatorDirection Direction,
    IReadOnlyList<MilestoneView> Milestones,
    IReadOnlyList<TrendPoint> Trend,
    int CheckInCount,
    IReadOnlyList<ConfidenceView> Confidences)
{
    /// <summary>How many of the latest check-ins the trend keeps (sparkline and report chart).</summary>
    public const int TrendLength = 12;

    public TrendPoint? Latest => Trend.Count == 0 ? null : Trend[^1];

    public double? Progress => Latest is { } latest ? GoalProgress.Of(Direction, Baseline, Target, latest.Value) : null;

    public bool Disagreement => DashboardRules.Disagree(Confidences);

    public MilestoneView? NextMilestone(DateOnly today) => MilestoneView.NextOf(Milestones, today);

    /// <summary>Built from the indicator a live event carries, so a viewer needs no read to apply it.</summary>
    public static DashboardIndicator From(IndicatorView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Id, view.GoalId, view.Name, view.Unit, view.Baseline, view.Target, view.Direction, view.Milestones,
            [.. view.CheckIns.TakeLast(TrendLength).Select(c => new TrendPoint(c.AsOf, c.Value))], view.CheckIns.Count, view.CurrentConfidences);
    }

    /// <summary>The indicator's recent trend in the shape the goal page's line chart draws.</summary>
    public IndicatorView ToChart() => new(Id, GoalId, Name, Unit, Baseline, Target, Direction, Cadence.Monthly, "", Milestones,
        [.. Trend.Select(p => new CheckInView(Guid.Empty, p.Value, p.AsOf, "", "", null, default))], Confidences, 0);
}

/// <summary>A member's position on a decision, reduced to what the balance and dissent need.</summary>
public sealed record PositionFact(string? OrganisationName, Sector? Sector, Position Position);

/// <summary>
/// How much one organisation carries: goals led, goals contributed to, open actions owned (and overdue),
/// positions taken, and what it brings from the contributions register (<see cref="Brings"/>).
/// </summary>
public sealed record BalanceRow(string Organisation, Sector? Sector, int GoalsLed, int Contributions, int ActionsOwned, int ActionsOverdue, int Positions)
{
    /// <summary>The organisation's contributions in the register: counted by status, staff days, money per currency.</summary>
    public ContributionTally Brings { get; init; } = ContributionTally.None;

    public BalanceRow Plus(BalanceRow other) => this with
    {
        Brings = Brings.Plus(other.Brings),
        GoalsLed = GoalsLed + other.GoalsLed,
        Contributions = Contributions + other.Contributions,
        ActionsOwned = ActionsOwned + other.ActionsOwned,
        ActionsOverdue = ActionsOverdue + other.ActionsOverdue,
        Positions = Positions + other.Positions,
    };
}

/// <summary>A sector's total and its organisations.</summary>
public sealed record SectorBalance(Sector? Sector, BalanceRow Total, IReadOnlyList<BalanceRow> Organisations);

public sealed record StatusCount(GoalStatus Status, int Count);

/// <summary>A decision with its outcome and the organisations that raised concerns or objected.</summary>
public sealed record DecisionLine(LogEntryView Entry, ValueList<PositionFact> Dissent);

/// <summary>
/// Everything the dashboard, wall, report and JSON endpoint show, computed in memory from the dashboard's
/// state. Its lists compare by items; <see cref="DashboardParts"/> cuts it into one model per part of the page.
/// </summary>
public sealed record DashboardView(
    Guid PartnershipId,
    string Name,
    string Purpose,
    PartnershipStatus Status,
    PartnershipRole MyRole,
    DateOnly Today,
    GoalStatus? RollUp,
    ValueList<StatusCount> StatusCounts,
    ValueList<GoalSummary> Goals,
    int OverdueGoals,
    ValueList<DashboardIndicator> Indicators,
    ValueList<LogEntryView> OverdueActions,
    int OpenActions,
    ValueList<LogEntryView> OpenRisks,
    ValueList<DecisionLine> RecentDecisions,
    ValueList<SectorBalance> Balance,
    HealthOverview? Health = null)
{
    public int Disagreements => Indicators.Count(i => i.Disagreement);

    public int ActiveGoals => Goals.Count(g => g.Status != GoalStatus.Dropped);

    public string GoalTitle(Guid goalId) => Goals.FirstOrDefault(g => g.Id == goalId)?.Title ?? "";
}

/// <summary>One partnership in a person's portfolio.</summary>
public sealed record PortfolioLine(
    Guid PartnershipId,
    string Name,
    PartnershipStatus Status,
    PartnershipRole MyRole,
    GoalStatus? RollUp,
    IReadOnlyList<StatusCount> StatusCounts,
    int OverdueGoals,
    int OverdueActions,
    int OpenRisks)
{
    public int Goals => StatusCounts.Sum(c => c.Count);
}
