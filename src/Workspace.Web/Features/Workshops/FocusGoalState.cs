using Workspace.Web.Features.Goals;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// The goal under discussion as the workshop's panel shows it (title, status, indicators), loaded by
/// <see cref="GoalService.GetAsync"/>. Its goal's saves and check-ins arrive with their data; an edit
/// of a field the panel does not show, or another goal's, changes nothing.
/// </summary>
public sealed class FocusGoalState(Guid partnershipId, GoalDetail detail)
{
    private List<IndicatorView> _indicators = [.. detail.Indicators];

    public GoalSummary Goal { get; private set; } = detail.Summary;

    public IReadOnlyList<IndicatorView> Indicators => _indicators;

    /// <summary>Applies a live event; true when the title, the status or an indicator of the goal changed.</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != partnershipId)
        {
            return false;
        }

        switch (change)
        {
            case GoalSaved saved when saved.Goal.Id == Goal.Id:
                return TakeGoal(saved.Goal);
            case IndicatorSaved saved when saved.Indicator.GoalId == Goal.Id:
                var index = _indicators.FindIndex(i => i.Id == saved.Indicator.Id);
                var shown = index >= 0 && saved.Indicator.Revision < _indicators[index].Revision;
                if (index < 0)
                {
                    _indicators.Add(saved.Indicator);
                }
                else if (!shown)
                {
                    _indicators[index] = saved.Indicator;
                }

                return TakeGoal(saved.Goal) | !shown;
            default:
                return false;
        }
    }

    /// <summary>Takes the newer of the goal shown and <paramref name="incoming"/>; true when its title or status changed.</summary>
    public bool TakeGoal(GoalSummary incoming)
    {
        var before = Goal;
        Goal = GoalSummary.Newest(Goal, incoming);
        return (before.Title, before.Status) != (Goal.Title, Goal.Status);
    }

    /// <summary>Takes the goal as read again after events were missed.</summary>
    public void Resync(GoalDetail fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        Goal = fresh.Summary;
        _indicators = [.. fresh.Indicators];
    }
}
