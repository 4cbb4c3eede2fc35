using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;

namespace Workspace.Tests.Features.Dashboard;

/// <summary>The dashboard's rules: roll-up, overdue, disagreement, indicator progress and the sector balance.</summary>
public sealed class DashboardRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly Guid Council = Guid.NewGuid();
    private static readonly Guid Trust = Guid.NewGuid();
    private static readonly Dictionary<Guid, (string Name, Sector Sector)> Organisations = new()
    {
        [Council] = ("Riverside Council", Sector.Public),
        [Trust] = ("Tidewater Trust", Sector.CivilSociety),
    };

    public static TheoryData<GoalStatus[], GoalStatus?> RollUps => new()
    {
        { [], null },
        { [GoalStatus.Dropped, GoalStatus.Dropped], null },
        { [GoalStatus.OnTrack, GoalStatus.AtRisk, GoalStatus.OffTrack, GoalStatus.Achieved], GoalStatus.OffTrack },
        { [GoalStatus.OnTrack, GoalStatus.AtRisk, GoalStatus.NotStarted], GoalStatus.AtRisk },
        { [GoalStatus.OnTrack, GoalStatus.Achieved, GoalStatus.Dropped], GoalStatus.OnTrack },
        { [GoalStatus.Achieved, GoalStatus.Achieved, GoalStatus.Dropped], GoalStatus.Achieved },
        { [GoalStatus.NotStarted, GoalStatus.Achieved], GoalStatus.NotStarted },
        { [GoalStatus.Dropped, GoalStatus.OffTrack], GoalStatus.OffTrack },
    };

    [Theory]
    [MemberData(nameof(RollUps))]
    public void RollUp_IsTheWorstStatusInPlay_IgnoringDroppedGoals(GoalStatus[] statuses, GoalStatus? expected) =>
        Assert.Equal(expected, DashboardRules.RollUp(statuses));

    [Fact]
    public void CountByStatus_ListsEveryStatusIncludingZeros()
    {
        var counts = DashboardRules.CountByStatus([GoalStatus.OnTrack, GoalStatus.OnTrack, GoalStatus.Dropped]);

        Assert.Equal(Enum.GetValues<GoalStatus>().Length, counts.Count);
        Assert.Equal(2, counts.Single(c => c.Status == GoalStatus.OnTrack).Count);
        Assert.Equal(1, counts.Single(c => c.Status == GoalStatus.Dropped).Count);
        Assert.Equal(0, counts.Single(c => c.Status == GoalStatus.AtRisk).Count);
    }

    public static TheoryData<GoalStatus, string?, bool> OverdueCases => new()
    {
        { GoalStatus.OnTrack, "2026-03-01", true },
        { GoalStatus.NotStarted, "2025-12-31", true },
        { GoalStatus.OnTrack, "2026-03-02", false },
        { GoalStatus.AtRisk, "2026-04-01", false },
        { GoalStatus.Achieved, "2026-01-01", false },
        { GoalStatus.Dropped, "2026-01-01", false },
        { GoalStatus.OffTrack, null, false },
    };

    [Theory]
    [MemberData(nameof(OverdueCases))]
    public void Goal_IsOverdueOnlyAfterItsDueDateAndWhileStillInPlay(GoalStatus status, string? due, bool expected) =>
        Assert.Equal(expected, DashboardRules.IsOverdue(Goal("G", status, due: due is null ? null : DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture)), Today));

    public static TheoryData<int[], bool> Confidences => new()
    {
        { [], false },
        { [1], false },
        { [3, 4], false },
        { [2, 4], true },
        { [5, 1], true },
        { [4, 4, 4], false },
        { [1, 2, 3], true },
    };

    [Theory]
    [MemberData(nameof(Confidences))]
    public void Partners_DisagreeWhenTheirLatestConfidencesDifferByTwoOrMore(int[] levels, bool expected) =>
        Assert.Equal(expected, DashboardRules.Disagree([.. levels.Select((level, i) => Confidence($"Organisation {i}", level))]));

    [Fact]
    public void Disagreement_UsesEachPartnersLatestConfidenceOnly()
    {
        var trust = Guid.NewGuid();
        var view = Indicator(confidences:
        [
            Confidence("Riverside Council", 4, Council, new DateTime(2026, 1, 1)),
            Confidence("Tidewater Trust", 1, trust, new DateTime(2026, 1, 1)),
            Confidence("Tidewater Trust", 3, trust, new DateTime(2026, 2, 1)),
        ]);

        var indicator = DashboardIndicator.From(view);

        Assert.Equal([4, 3], indicator.Confidences.Select(c => c.Level));
        Assert.False(indicator.Disagreement);
    }

    [Fact]
    public void IndicatorWithoutCheckIns_HasNoProgressNoTrendAndNoLatest()
    {
        var indicator = DashboardIndicator.From(Indicator());

        Assert.Null(indicator.Progress);
        Assert.Null(indicator.Latest);
        Assert.Empty(indicator.Trend);
        Assert.Equal(0, indicator.CheckInCount);
    }

    [Fact]
    public void IndicatorPastItsTarget_ShowsProgressOverOneHundredPercent_AndTheGoalCapsIt()
    {
        var indicator = DashboardIndicator.From(Indicator(baseline: 10, target: 50, values: [30, 60]));

        Assert.Equal(1.25, indicator.Progress!.Value, 3);
        Assert.Equal(1, GoalProgress.OfGoal([indicator.Progress])!.Value, 3);
    }

    [Fact]
    public void DecreasingIndicator_ProgressesAsTheValueFalls()
    {
        var indicator = DashboardIndicator.From(Indicator(baseline: 100, target: 50, direction: IndicatorDirection.Decrease, values: [90, 75]));

        Assert.Equal(0.5, indicator.Progress!.Value, 3);
        Assert.Equal(0, DashboardIndicator.From(Indicator(baseline: 100, target: 50, direction: IndicatorDirection.Decrease, values: [120])).Progress);
    }

    [Fact]
    public void Trend_KeepsTheLatestTwelveCheckInsInDateOrder()
    {
        var indicator = DashboardIndicator.From(Indicator(values: [.. Enumerable.Range(1, 20).Select(v => (double)v)]));

        Assert.Equal(20, indicator.CheckInCount);
        Assert.Equal([.. Enumerable.Range(9, 12).Select(v => (double)v)], indicator.Trend.Select(p => p.Value));
        Assert.Equal(20, indicator.Latest!.Value);
    }

    [Fact]
    public void NextMilestone_IsTheFirstOnOrAfterToday()
    {
        var indicator = DashboardIndicator.From(Indicator(milestones: [new(new DateOnly(2026, 1, 1), 20), new(new DateOnly(2026, 6, 1), 40), new(Today, 30)]));

        Assert.Equal(new MilestoneView(Today, 30), indicator.NextMilestone(Today));
        Assert.Null(indicator.NextMilestone(new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public void Balance_CountsGoalsLedContributionsOpenActionsAndPositions_BySectorAndOrganisation()
    {
        var goals = new[]
        {
            Goal("Led by the council", GoalStatus.OnTrack, lead: Council, contributors: [Council, Trust]),
            Goal("Also the council", GoalStatus.AtRisk, lead: Council, contributors: [Trust]),
            Goal("Dropped, counts for nobody", GoalStatus.Dropped, lead: Trust, contributors: [Trust]),
        };
        var actions = new[]
        {
            Action("Late", new PersonRef("u1", "Ana", "Riverside Council", Sector.Public), Today.AddDays(-3)),
            Action("On time", new PersonRef("u1", "Ana", "Riverside Council", Sector.Public), Today.AddDays(3)),
            Action("Nobody's organisation", new PersonRef("u2", "Sam", null, null), Today.AddDays(-1)),
        };
        var positions = new[]
        {
            new PositionFact("Tidewater Trust", Sector.CivilSociety, Position.Objects),
            new PositionFact("Tidewater Trust", Sector.CivilSociety, Position.Agree),
            new PositionFact("Riverside Council", Sector.Public, Position.Agree),
        };

        var balance = DashboardRules.Balance(goals, Organisations, actions, positions,
            [("Riverside Council", Sector.Public), ("Quiet Academy", Sector.Academic)], Today);

        Assert.Equal([Sector.Public, Sector.CivilSociety, Sector.Academic, null], balance.Select(b => b.Sector));
        var council = balance[0].Organisations.Single();
        Assert.Equal(new BalanceRow("Riverside Council", Sector.Public, 2, 1, 2, 1, 1), council);
        Assert.Equal(new BalanceRow("Tidewater Trust", Sector.CivilSociety, 0, 2, 0, 0, 2), balance[1].Organisations.Single());
        Assert.Equal(new BalanceRow("Quiet Academy", Sector.Academic, 0, 0, 0, 0, 0), balance[2].Organisations.Single());
        Assert.Equal((1, 1), (balance[3].Total.ActionsOwned, balance[3].Total.ActionsOverdue));
        Assert.Equal(DashboardRules.NoOrganisation, balance[3].Organisations.Single().Organisation);
    }

    [Fact]
    public void Balance_OfAnEmptyPartnership_IsEmpty() =>
        Assert.Empty(DashboardRules.Balance([], Organisations, [], [], [], Today));

    internal static GoalSummary Goal(string title, GoalStatus status, Guid? lead = null, IReadOnlyList<Guid>? contributors = null, DateOnly? due = null, double? progress = null) =>
        new(Guid.NewGuid(), null, title, status, lead, lead is { } id ? Organisations[id].Name : null, lead is { } l ? Organisations[l].Sector : null,
            null, null, due, progress, 0, contributors ?? [], new DateTime(2026, 1, 1), 1);

    internal static LogEntryView Action(string title, PersonRef assignee, DateOnly? due, ActionState state = ActionState.Open) =>
        new(Guid.NewGuid(), EntryKind.Action, title, "", assignee, null, null, new DateTime(2026, 1, 1), new DateTime(2026, 1, 1), null, null,
            null, null, null, null, new Tally(0, 0, 0, 0), assignee, due, state, null, null, null, null, null, null, 0, [], 1);

    private static ConfidenceView Confidence(string organisation, int level, Guid? id = null, DateTime? at = null) =>
        new(id ?? Guid.NewGuid(), organisation, Sector.Public, level, "", "Someone", at ?? new DateTime(2026, 1, 1));

    private static IndicatorView Indicator(double baseline = 0, double target = 100, IndicatorDirection direction = IndicatorDirection.Increase,
        double[]? values = null, IReadOnlyList<ConfidenceView>? confidences = null, IReadOnlyList<MilestoneView>? milestones = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Measure", "units", baseline, target, direction, Cadence.Monthly, "", milestones ?? [],
            [.. (values ?? []).Select((v, i) => new CheckInView(Guid.NewGuid(), v, new DateOnly(2025, 1, 1).AddDays(i * 7), "", "Someone", null, new DateTime(2025, 1, 1)))],
            confidences ?? [], 1);
}
