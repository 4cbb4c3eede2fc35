using Workspace.Web.Features.LiveViews;

namespace Workspace.Web.Features.Dashboard;

/// <summary>
/// The wall cut into fragments, one per section plus the partnership's name: what the page renders and
/// what the live hub renders again when a section's model changed.
/// </summary>
public static class WallFragments
{
    public const string NameId = "wall-name";

    public static string IdOf(WallSection section) => $"wall-{section.ToString().ToLowerInvariant()}";

    public static IReadOnlyList<LiveFragment> Of(DashboardState state, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parts = state.Parts(today);
        return
        [
            new(NameId, typeof(LiveText), parts.Header.Name, "name"),
            Section(WallSection.Status, typeof(StatusSummary), parts.Status),
            Section(WallSection.Goals, typeof(GoalStatusTable), state.GoalsNeedingAttention(today)),
            Section(WallSection.Indicators, typeof(IndicatorTable), state.IndicatorsToWatch(today)),
            Section(WallSection.Actions, typeof(ActionList), parts.Actions with { Limit = DashboardParts.WallRows }),
            Section(WallSection.Risks, typeof(DashboardRisks), parts.Risks),
            Section(WallSection.Decisions, typeof(DecisionList), parts.Decisions) with { List = DashboardLists.Decisions(parts.Decisions) },
            Section(WallSection.Balance, typeof(BalanceTable), parts.Balance),
        ];
    }

    private static LiveFragment Section(WallSection section, Type component, object model) =>
        new(IdOf(section), component, model, WallPage.SectionName(section));
}

/// <summary>
/// The followed dashboard cut into fragments, one per section of the interactive dashboard, with the
/// same components; its tables are not virtualised, since the page is rendered once and then patched.
/// </summary>
public static class FollowFragments
{
    public const string HeadingId = "follow-heading";

    public static IReadOnlyList<LiveFragment> Of(DashboardState state, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parts = state.Parts(today);
        return
        [
            new(HeadingId, typeof(DashboardHeading), parts.Header, "partnership"),
            new("follow-status", typeof(StatusSummary), parts.Status, "delivery status"),
            new("follow-health", typeof(HealthSummary), parts.Health, "partnership health"),
            List("follow-goals", typeof(GoalStatusTable), parts.Goals with { Virtualized = false }, "goals", DashboardLists.Goals),
            List("follow-indicators", typeof(IndicatorTable), parts.Indicators with { Virtualized = false }, "indicators", DashboardLists.Indicators),
            new("follow-actions", typeof(ActionList), parts.Actions, "overdue actions"),
            new("follow-decisions", typeof(DecisionList), parts.Decisions, "recent decisions", DashboardLists.Decisions(parts.Decisions)),
            new("follow-risks", typeof(DashboardRisks), parts.Risks, "open risks"),
            new("follow-balance", typeof(BalanceTable), parts.Balance, "balance"),
        ];
    }

    private static LiveFragment List<TModel>(string id, Type component, TModel model, string name, Func<TModel, LiveList?> list)
        where TModel : notnull => new(id, component, model, name, list(model));
}

/// <summary>
/// The dashboard's lists as the watchers' pages patch them (<see cref="LiveList"/>): a change that keeps a
/// list's shell sends only the items that came, changed or left.
/// </summary>
public static class DashboardLists
{
    public static string KeyOf(Guid id) => id.ToString("N");

    /// <summary>Goals, when not virtualised: the shell is the partnership, the day and whether there are any.</summary>
    public static LiveList? Goals(GoalTableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Virtualized ? null : new((model.PartnershipId, model.Today, model.Goals.Count == 0),
            [.. model.Goals.Select(goal => new LiveItem(KeyOf(goal.Id), typeof(GoalRow), new GoalRowModel(model.PartnershipId, model.Today, goal)))]);
    }

    /// <summary>Indicators, when not virtualised: the shell is the partnership, the day and whether there are any.</summary>
    public static LiveList? Indicators(IndicatorTableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Virtualized ? null : new((model.PartnershipId, model.Today, model.Rows.Count == 0),
            [.. model.Rows.Select(row => new LiveItem(KeyOf(row.Indicator.Id), typeof(IndicatorTableRow), new IndicatorRowModel(model.PartnershipId, model.Today, row)))]);
    }

    /// <summary>Recent decisions: the shell is only whether there are any.</summary>
    public static LiveList Decisions(DecisionListModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new(model.Rows.Count == 0, [.. model.Rows.Select(row => new LiveItem(KeyOf(row.Line.Entry.Id), typeof(DecisionRow), row))]);
    }
}
