namespace Workspace.Web.Features.Goals;

public static class GoalProgress
{
    /// <summary>
    /// How far an indicator has come from its baseline to its target, 0–1 (can exceed 1 when the
    /// target is passed). For "maintain" indicators the target is a level to hold: 1 at the target,
    /// falling to 0 at 10% (of the target) away from it.
    /// </summary>
    public static double Of(IndicatorDirection direction, double baseline, double target, double value)
    {
        switch (direction)
        {
            case IndicatorDirection.Maintain:
                var tolerance = Math.Max(Math.Abs(target) * 0.1, 1e-9);
                return Math.Clamp(1 - (Math.Abs(value - target) / tolerance), 0, 1);
            default:
                var span = target - baseline;
                if (Math.Abs(span) < 1e-12)
                {
                    return value == target ? 1 : 0;
                }

                return Math.Max(0, (value - baseline) / span);
        }
    }

    /// <summary>A goal's progress: the mean of its measured indicators' progress, each capped at 100%.</summary>
    public static double? OfGoal(IEnumerable<double?> indicatorProgress)
    {
        var measured = indicatorProgress.OfType<double>().ToList();
        return measured.Count == 0 ? null : measured.Average(p => Math.Min(p, 1));
    }
}
