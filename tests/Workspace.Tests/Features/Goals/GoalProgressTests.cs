using Workspace.Web.Features.Goals;

namespace Workspace.Tests.Features.Goals;

/// <summary>How far an indicator has come from its baseline to its target, and what that makes of the goal.</summary>
public sealed class GoalProgressTests
{
    [Theory]
    [InlineData(10, 0)]
    [InlineData(15, 0.5)]
    [InlineData(20, 1)]
    [InlineData(25, 1.5)]
    [InlineData(5, 0)]
    public void IncreasingIndicator_IsTheShareOfTheWayFromBaselineToTarget(double value, double expected)
    {
        Assert.Equal(expected, GoalProgress.Of(IndicatorDirection.Increase, baseline: 10, target: 20, value), precision: 9);
    }

    [Theory]
    [InlineData(40, 0)]
    [InlineData(30, 0.5)]
    [InlineData(20, 1)]
    [InlineData(10, 1.5)]
    [InlineData(50, 0)]
    public void DecreasingIndicator_CountsProgressDownwards(double value, double expected)
    {
        Assert.Equal(expected, GoalProgress.Of(IndicatorDirection.Decrease, baseline: 40, target: 20, value), precision: 9);
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(95, 0.5)]
    [InlineData(105, 0.5)]
    [InlineData(110, 0)]
    [InlineData(70, 0)]
    public void MaintainedIndicator_IsFullAtTheTargetAndNothingTenPercentAway(double value, double expected)
    {
        Assert.Equal(expected, GoalProgress.Of(IndicatorDirection.Maintain, baseline: 80, target: 100, value), precision: 9);
    }

    [Fact]
    public void MaintainedIndicatorWithTargetZero_IsFullOnlyAtZero()
    {
        Assert.Equal((1.0, 0.0), (GoalProgress.Of(IndicatorDirection.Maintain, 0, 0, 0), GoalProgress.Of(IndicatorDirection.Maintain, 0, 0, 0.5)));
    }

    [Fact]
    public void GoalWithoutCheckIns_HasNoProgress()
    {
        Assert.Null(GoalProgress.OfGoal([]));
        Assert.Null(GoalProgress.OfGoal([null, null]));
    }

    [Fact]
    public void GoalWithEveryTargetReached_IsComplete()
    {
        Assert.Equal(1, GoalProgress.OfGoal([1.0, 1.0]));
    }

    [Fact]
    public void GoalProgress_AveragesMeasuredIndicatorsAndIgnoresUnmeasuredOnes()
    {
        Assert.Equal(0.5, GoalProgress.OfGoal([0.25, null, 0.75]));
    }

    [Fact]
    public void IndicatorBeyondItsTarget_CountsAsOnlyCompleteInTheGoal()
    {
        var beyond = GoalProgress.Of(IndicatorDirection.Increase, baseline: 0, target: 10, value: 30);

        Assert.Equal(3, beyond);
        Assert.Equal(0.5, GoalProgress.OfGoal([beyond, 0.0]));
    }
}
