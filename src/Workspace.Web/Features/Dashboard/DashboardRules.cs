using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Dashboard;

/// <summary>The dashboard's rules, as pure functions: status roll-up, overdue, disagreement and the sector balance.</summary>
public static class DashboardRules
{
    /// <summary>Partners disagree when their latest confidences differ by this much or more.</summary>
    public const int DisagreementGap = 2;

    public const string NoOrganisation = "Organisation not given";

    /// <summary>
    /// One status for a set of goals: the worst of the goals still in play (off track, then at risk,
    /// then on track); achieved when every remaining goal is achieved; otherwise not started. Dropped
    /// goals do not count; null when no goal is left.
    /// </summary>
    public static GoalStatus? RollUp(IEnumerable<GoalStatus> statuses)
    {
        var counted = statuses.Where(s => s != GoalStatus.Dropped).ToHashSet();
        if (counted.Count == 0)
        {
            return null;
        }

        foreach (var worst in new[] { GoalStatus.OffTrack, GoalStatus.AtRisk, GoalStatus.OnTrack })
        {
            if (counted.Contains(worst))
            {
                return worst;
            }
        }

        return counted.All(s => s == GoalStatus.Achieved) ? GoalStatus.Achieved : GoalStatus.NotStarted;
    }

    /// <summary>Counts per status in the status order, every status listed (zeros included).</summary>
    public static IReadOnlyList<StatusCount> CountByStatus(IEnumerable<GoalStatus> statuses)
    {
        var counts = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        return [.. Enum.GetValues<GoalStatus>().Select(s => new StatusCount(s, counts.GetValueOrDefault(s)))];
    }

    /// <summary>A goal is overdue when its due date has passed and it is neither achieved nor dropped.</summary>
    public static bool IsOverdue(GoalSummary goal, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(goal);
        return goal.DueDate is { } due && due < today && goal.Status is not (GoalStatus.Achieved or GoalStatus.Dropped);
    }

    /// <summary>True when at least two partners' latest confidences differ by <see cref="DisagreementGap"/> or more.</summary>
    public static bool Disagree(IReadOnlyCollection<ConfidenceView> latest)
    {
        ArgumentNullException.ThrowIfNull(latest);
        return latest.Count >= 2 && latest.Max(c => c.Level) - latest.Min(c => c.Level) >= DisagreementGap;
    }

    /// <summary>
    /// Who carries what, by sector and organisation. Dropped goals count neither as led nor as
    /// contributed to; actions count while open or in progress; positions count on every decision.
    /// Organisations of members appear even when they carry nothing, so an absent partner shows.
    /// </summary>
    public static IReadOnlyList<SectorBalance> Balance(
        IEnumerable<GoalSummary> goals,
        IReadOnlyDictionary<Guid, (string Name, Sector Sector)> organisations,
        IEnumerable<LogEntryView> openActions,
        IEnumerable<PositionFact> positions,
        IEnumerable<(string Name, Sector? Sector)> memberOrganisations,
        DateOnly today,
        IEnumerable<ContributionEntry>? contributions = null)
    {
        ArgumentNullException.ThrowIfNull(organisations);
        var rows = new Dictionary<string, BalanceRow>(StringComparer.Ordinal);

        void Add(string? name, Sector? sector, BalanceRow add)
        {
            var key = name ?? NoOrganisation;
            rows[key] = rows.TryGetValue(key, out var row) ? row.Plus(add) : add with { Organisation = key, Sector = name is null ? null : sector };
        }

        foreach (var (name, sector) in memberOrganisations)
        {
            Add(name, sector, new BalanceRow("", sector, 0, 0, 0, 0, 0));
        }

        foreach (var goal in goals.Where(g => g.Status != GoalStatus.Dropped))
        {
            if (goal.LeadOrganisationId is not null)
            {
                Add(goal.LeadOrganisationName, goal.LeadSector, new BalanceRow("", null, 1, 0, 0, 0, 0));
            }

            foreach (var contributor in goal.ContributorIds)
            {
                if (organisations.TryGetValue(contributor, out var organisation))
                {
                    Add(organisation.Name, organisation.Sector, new BalanceRow("", null, 0, 1, 0, 0, 0));
                }
            }
        }

        foreach (var action in openActions)
        {
            Add(action.Assignee?.OrganisationName, action.Assignee?.Sector, new BalanceRow("", null, 0, 0, 1, action.IsOverdue(today) ? 1 : 0, 0));
        }

        foreach (var position in positions)
        {
            Add(position.OrganisationName, position.Sector, new BalanceRow("", null, 0, 0, 0, 0, 1));
        }

        foreach (var contribution in (contributions ?? []).Where(c => !c.IsRemoved))
        {
            Add(contribution.OrganisationName, contribution.Sector, new BalanceRow("", null, 0, 0, 0, 0, 0) { Brings = ContributionTally.Of(contribution) });
        }

        return [.. rows.Values
            .GroupBy(r => r.Sector)
            .OrderBy(g => g.Key is null ? 1 : 0).ThenBy(g => g.Key)
            .Select(g => new SectorBalance(
                g.Key,
                g.Aggregate(new BalanceRow(g.Key?.ToString() ?? NoOrganisation, g.Key, 0, 0, 0, 0, 0), (sum, row) => sum.Plus(row)),
                [.. g.OrderBy(r => r.Organisation, StringComparer.CurrentCultureIgnoreCase)]))];
    }
}
