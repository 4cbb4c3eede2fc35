using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dashboard;

/// <summary>
/// A viewer's dashboard in memory: loaded once, then kept current by applying each live event's data
/// (the goal summary, the indicator with its check-ins and confidences, the log entry, the positions)
/// without reading the database. <see cref="View"/> computes the figures from it.
/// </summary>
public sealed class DashboardState
{
    /// <summary>How many of the latest decisions the dashboard shows; a few more are kept so a removal leaves the list full.</summary>
    public const int RecentDecisionCount = 6;
    internal const int DecisionBuffer = RecentDecisionCount + 10;

    private readonly Dictionary<Guid, GoalSummary> _goals;
    private readonly Dictionary<Guid, DashboardIndicator> _indicators;
    private readonly Dictionary<Guid, (string Name, Sector Sector)> _organisations;
    private readonly Dictionary<string, (string Name, Sector? Sector)> _memberOrganisations;
    private readonly Dictionary<Guid, LogEntryView> _openActions = [];
    private readonly Dictionary<Guid, LogEntryView> _openRisks = [];
    private readonly List<LogEntryView> _decisions = [];
    private readonly Dictionary<Guid, IReadOnlyList<PositionFact>> _positions;

    internal DashboardState(
        PartnershipSummary partnership,
        IEnumerable<GoalSummary> goals,
        IEnumerable<DashboardIndicator> indicators,
        Dictionary<Guid, (string Name, Sector Sector)> organisations,
        Dictionary<string, (string Name, Sector? Sector)> memberOrganisations,
        IEnumerable<LogEntryView> entries,
        Dictionary<Guid, IReadOnlyList<PositionFact>> positions)
    {
        PartnershipId = partnership.Id;
        Name = partnership.Name;
        Purpose = partnership.Purpose;
        Status = partnership.Status;
        MyRole = partnership.MyRole;
        _goals = goals.ToDictionary(g => g.Id);
        _indicators = indicators.ToDictionary(i => i.Id);
        _organisations = organisations;
        _memberOrganisations = memberOrganisations;
        _positions = positions;
        foreach (var entry in entries)
        {
            Upsert(entry);
        }
    }

    public Guid PartnershipId { get; }

    public string Name { get; private set; }

    public string Purpose { get; private set; }

    public PartnershipStatus Status { get; private set; }

    public PartnershipRole MyRole { get; private set; }

    /// <summary>Applies an event's data; true when it changed what the dashboard shows.</summary>
    public bool Apply(PartnershipEvent change, string viewerUserId)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != PartnershipId)
        {
            return false;
        }

        switch (change)
        {
            case PartnershipDetailsChanged details:
                (Name, Purpose, Status) = (details.Name, details.Purpose, details.Status);
                return true;
            case GoalSaved saved:
                Upsert(saved.Goal);
                return true;
            case GoalContributionsChanged contributions:
                foreach (var contribution in contributions.Contributions)
                {
                    _organisations[contribution.OrganisationId] = (contribution.OrganisationName, contribution.Sector);
                }

                Upsert(contributions.Goal);
                return true;
            case IndicatorSaved indicator:
                Upsert(indicator.Goal);
                _indicators[indicator.Indicator.Id] = DashboardIndicator.From(indicator.Indicator);
                return true;
            case PositionsChanged positions:
                _positions[positions.EntryId] = [.. positions.Positions.Select(p => new PositionFact(p.OrganisationName, p.Sector, p.Position))];
                Upsert(positions.Entry);
                return true;
            case LogEntrySaved saved:
                Upsert(saved.Entry);
                return true;
            case ReplyPosted reply:
                Upsert(reply.Entry);
                return true;
            case MemberJoined joined:
                _memberOrganisations[joined.Member.UserId] = (joined.Member.OrganisationName, joined.Member.Sector);
                return true;
            case MemberRemoved removed:
                return _memberOrganisations.Remove(removed.UserId);
            case MemberRoleChanged role when role.UserId == viewerUserId:
                MyRole = role.Role;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The figures as of <paramref name="today"/>, computed in memory.</summary>
    public DashboardView View(DateOnly today)
    {
        var goals = _goals.Values.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
        var titles = _goals.ToDictionary(g => g.Key, g => g.Value.Title);
        var indicators = _indicators.Values
            .OrderBy(i => titles.GetValueOrDefault(i.GoalId), StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(i => i.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var overdueActions = _openActions.Values.Where(a => a.IsOverdue(today)).OrderBy(a => a.DueDate).ThenBy(a => a.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
        var decisions = _decisions.Take(RecentDecisionCount)
            .Select(d => new DecisionLine(d, [.. _positions.GetValueOrDefault(d.Id, []).Where(p => p.Position is Position.Concerns or Position.Objects)]))
            .ToList();
        var balance = DashboardRules.Balance(goals, _organisations, _openActions.Values, _positions.Values.SelectMany(p => p),
            _memberOrganisations.Values.Distinct(), today);
        return new DashboardView(
            PartnershipId, Name, Purpose, Status, MyRole, today,
            DashboardRules.RollUp(goals.Select(g => g.Status)),
            DashboardRules.CountByStatus(goals.Select(g => g.Status)),
            goals,
            goals.Count(g => DashboardRules.IsOverdue(g, today)),
            indicators,
            overdueActions,
            _openActions.Count,
            [.. _openRisks.Values.OrderByDescending(r => r.RiskScore).ThenBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase)],
            decisions,
            balance);
    }

    private void Upsert(GoalSummary goal)
    {
        if (!_goals.TryGetValue(goal.Id, out var known) || known.Version <= goal.Version || known.UpdatedUtc <= goal.UpdatedUtc)
        {
            _goals[goal.Id] = goal;
        }
    }

    private void Upsert(LogEntryView entry)
    {
        _openActions.Remove(entry.Id);
        _openRisks.Remove(entry.Id);
        var decision = _decisions.FindIndex(d => d.Id == entry.Id);
        if (entry.IsRemoved)
        {
            if (decision >= 0)
            {
                _decisions.RemoveAt(decision);
            }

            _positions.Remove(entry.Id);
            return;
        }

        switch (entry.Kind)
        {
            case EntryKind.Action when entry.ActionState is ActionState.Open or ActionState.InProgress:
                _openActions[entry.Id] = entry;
                break;
            case EntryKind.Risk when entry.RiskState == RiskState.Open:
                _openRisks[entry.Id] = entry;
                break;
            case EntryKind.Decision when decision >= 0:
                _decisions[decision] = entry;
                break;
            case EntryKind.Decision:
                _decisions.Add(entry);
                _decisions.Sort((a, b) => b.CreatedUtc.CompareTo(a.CreatedUtc));
                if (_decisions.Count > DecisionBuffer)
                {
                    _decisions.RemoveRange(DecisionBuffer, _decisions.Count - DecisionBuffer);
                }

                break;
        }
    }
}
