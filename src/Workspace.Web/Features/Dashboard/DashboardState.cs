using Workspace.Web.Components.Common;
using Workspace.Web.Features.Contributions;
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
/// without reading the database. <see cref="View"/> computes the figures from it, again only for the
/// parts an event changed (the other lists of the view stay the same instances), and
/// <see cref="Parts"/> cuts them into one model per part of the page, each equal to the last one while
/// nothing it shows changed.
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
    private readonly Dictionary<Guid, ContributionEntry> _contributions;
    // A removed contribution stays removed, whatever older picture of it arrives later.
    private readonly HashSet<Guid> _removedContributions = [];
    /// <summary>
    /// Which picture of each entry, and of its positions, is shown: two changes at once can publish theirs
    /// out of order (see <see cref="LogEntryView.Revision"/>). Only positions events carry positions.
    /// </summary>
    private readonly SnapshotRevisions _entryRevisions = new();
    private readonly SnapshotRevisions _positionRevisions = new();
    private readonly SnapshotRevisions _indicatorRevisions = new();
    private readonly Dictionary<Guid, (LogEntryView Entry, IReadOnlyList<PositionFact>? Positions, DecisionLine Line)> _lines = [];
    /// <summary>The latest closed health check rounds, latest first, and the overview made of them.</summary>
    private readonly List<Health.ClosedRoundView> _healthRounds;
    private Health.HealthOverview? _health;
    private DashboardView? _view;
    private (DashboardView View, DashboardParts Parts)? _parts;
    private (GoalTableModel From, GoalTableModel Wall)? _wallGoals;
    private (IndicatorTableModel From, IndicatorTableModel Wall)? _wallIndicators;
    private Section _changed = Section.All;

    /// <summary>The sections of the view an event can change; each is computed again only when changed.</summary>
    [Flags]
    private enum Section
    {
        None = 0,
        Header = 1,
        Goals = 2,
        Indicators = 4,
        Actions = 8,
        Risks = 16,
        Decisions = 32,
        Balance = 64,
        Health = 128,
        All = Header | Goals | Indicators | Actions | Risks | Decisions | Balance | Health,
    }

    /// <summary>An empty partnership's state: what the live views render once at start to warm up.</summary>
    internal static DashboardState Sample() =>
        new(new PartnershipSummary(Guid.Empty, "", "", PartnershipStatus.Forming, PartnershipRole.Observer, 0, 0), [], [], [], [], [], []);

    internal DashboardState(
        PartnershipSummary partnership,
        IEnumerable<GoalSummary> goals,
        IEnumerable<DashboardIndicator> indicators,
        Dictionary<Guid, (string Name, Sector Sector)> organisations,
        Dictionary<string, (string Name, Sector? Sector)> memberOrganisations,
        IEnumerable<LogEntryView> entries,
        Dictionary<Guid, IReadOnlyList<PositionFact>> positions,
        IEnumerable<ContributionEntry>? contributions = null,
        IEnumerable<Health.ClosedRoundView>? healthRounds = null)
    {
        _healthRounds = [.. healthRounds ?? []];
        _health = Health.HealthOverview.Of(_healthRounds);
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
        _contributions = (contributions ?? []).Where(c => !c.IsRemoved).ToDictionary(c => c.Id);
        foreach (var entry in entries)
        {
            _positionRevisions.Accept(entry.Id, entry.Revision);
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

        var changed = Changes(change, viewerUserId);
        _changed |= changed;
        return changed != Section.None;
    }

    private Section Changes(PartnershipEvent change, string viewerUserId)
    {
        switch (change)
        {
            case PartnershipDetailsChanged details:
                (Name, Purpose, Status) = (details.Name, details.Purpose, details.Status);
                return Section.Header;
            case GoalSaved saved:
                return Upsert(saved.Goal);
            case GoalContributionsChanged contributions:
                foreach (var contribution in contributions.Contributions)
                {
                    _organisations[contribution.OrganisationId] = (contribution.OrganisationName, contribution.Sector);
                }

                return Upsert(contributions.Goal) | Section.Balance;
            case IndicatorSaved indicator:
                var indicatorChanged = Section.None;
                if (_indicatorRevisions.Accept(indicator.Indicator.Id, indicator.Indicator.Revision))
                {
                    _indicators[indicator.Indicator.Id] = DashboardIndicator.From(indicator.Indicator);
                    indicatorChanged = Section.Indicators;
                }

                return Upsert(indicator.Goal) | indicatorChanged;
            case PositionsChanged positions:
                var positionsChanged = Section.None;
                if (_positionRevisions.Accept(positions.EntryId, positions.Entry.Revision))
                {
                    _positions[positions.EntryId] = [.. positions.Positions.Select(p => new PositionFact(p.OrganisationName, p.Sector, p.Position))];
                    positionsChanged = Section.Decisions | Section.Balance;
                }

                return Upsert(positions.Entry) | positionsChanged;
            case LogEntrySaved saved:
                return Upsert(saved.Entry);
            case ReplyPosted reply:
                return Upsert(reply.Entry);
            case MemberJoined joined:
                _memberOrganisations[joined.Member.UserId] = (joined.Member.OrganisationName, joined.Member.Sector);
                return Section.Balance;
            case MemberRemoved removed:
                return _memberOrganisations.Remove(removed.UserId) ? Section.Balance : Section.None;
            case ContributionChanged contribution:
                return ApplyContribution(contribution.Contribution);
            case Health.HealthRoundClosed closed when _healthRounds.TrueForAll(r => r.Number != closed.Round.Number):
                _healthRounds.Add(closed.Round);
                _healthRounds.Sort((a, b) => b.Number.CompareTo(a.Number));
                if (_healthRounds.Count > Health.HealthOverview.TrendLength)
                {
                    _healthRounds.RemoveRange(Health.HealthOverview.TrendLength, _healthRounds.Count - Health.HealthOverview.TrendLength);
                }

                _health = Health.HealthOverview.Of(_healthRounds);
                return Section.Health;
            case MemberRoleChanged role when role.UserId == viewerUserId:
                MyRole = role.Role;
                return Section.Header;
            default:
                return Section.None;
        }
    }

    /// <summary>
    /// The figures as of <paramref name="today"/>, computed in memory. Sections no event changed since the
    /// last call (and the same day) are the previous view's instances.
    /// </summary>
    public DashboardView View(DateOnly today)
    {
        var last = _view;
        var changed = last is null || last.Today != today ? Section.All : _changed;
        _changed = Section.None;
        if (last is not null && changed == Section.None)
        {
            return last;
        }

        ValueList<GoalSummary> goals;
        GoalStatus? rollUp;
        ValueList<StatusCount> statusCounts;
        int overdueGoals;
        if (last is null || changed.HasFlag(Section.Goals))
        {
            var sorted = _goals.Values.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase).ToValueList();
            (goals, rollUp, statusCounts, overdueGoals) = (sorted, DashboardRules.RollUp(sorted.Select(g => g.Status)),
                DashboardRules.CountByStatus(sorted.Select(g => g.Status)).ToValueList(), sorted.Count(g => DashboardRules.IsOverdue(g, today)));
        }
        else
        {
            (goals, rollUp, statusCounts, overdueGoals) = (last.Goals, last.RollUp, last.StatusCounts, last.OverdueGoals);
        }

        var indicators = last?.Indicators ?? ValueList<DashboardIndicator>.Empty;
        if (last is null || changed.HasFlag(Section.Indicators))
        {
            var titles = _goals.ToDictionary(g => g.Key, g => g.Value.Title);
            indicators = _indicators.Values
                .OrderBy(i => titles.GetValueOrDefault(i.GoalId), StringComparer.CurrentCultureIgnoreCase)
                .ThenBy(i => i.Name, StringComparer.CurrentCultureIgnoreCase).ToValueList();
        }

        var overdueActions = last?.OverdueActions ?? ValueList<LogEntryView>.Empty;
        if (last is null || changed.HasFlag(Section.Actions))
        {
            overdueActions = _openActions.Values.Where(a => a.IsOverdue(today)).OrderBy(a => a.DueDate).ThenBy(a => a.Title, StringComparer.CurrentCultureIgnoreCase).ToValueList();
        }

        var openRisks = last?.OpenRisks ?? ValueList<LogEntryView>.Empty;
        if (last is null || changed.HasFlag(Section.Risks))
        {
            openRisks = _openRisks.Values.OrderByDescending(r => r.RiskScore).ThenBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase).ToValueList();
        }

        var decisions = last is null || changed.HasFlag(Section.Decisions) ? RecentDecisions() : last.RecentDecisions;
        var balance = last?.Balance ?? ValueList<SectorBalance>.Empty;
        if (last is null || changed.HasFlag(Section.Balance) || changed.HasFlag(Section.Goals))
        {
            var computed = DashboardRules.Balance(goals, _organisations, _openActions.Values, _positions.Values.SelectMany(p => p),
                _memberOrganisations.Values.Distinct(), today, _contributions.Values);
            balance = last is not null && SameBalance(last.Balance, computed) ? last.Balance : computed.ToValueList();
        }

        _view = new DashboardView(
            PartnershipId, Name, Purpose, Status, MyRole, today, rollUp, statusCounts, goals, overdueGoals, indicators,
            overdueActions, _openActions.Count, openRisks, decisions, balance, _health);
        return _view;
    }

    /// <summary>
    /// The page's parts as of <paramref name="today"/>, one model each (see <see cref="DashboardParts"/>): a
    /// part equals the last one while nothing it shows changed, so it does not render again.
    /// </summary>
    public DashboardParts Parts(DateOnly today)
    {
        var view = View(today);
        if (_parts is not { } known || !ReferenceEquals(known.View, view))
        {
            known = (view, DashboardParts.Of(view, _parts));
            _parts = known;
        }

        return known.Parts;
    }

    /// <summary>The goals the wall shows: off track, at risk or overdue, the worst first.</summary>
    public GoalTableModel GoalsNeedingAttention(DateOnly today)
    {
        var all = Parts(today).Goals;
        if (_wallGoals is not { } known || !known.From.Equals(all))
        {
            known = (all, DashboardParts.NeedingAttention(all));
            _wallGoals = known;
        }

        return known.Wall;
    }

    /// <summary>The indicators the wall shows: those partners disagree on, then the least progressed.</summary>
    public IndicatorTableModel IndicatorsToWatch(DateOnly today)
    {
        var all = Parts(today).Indicators;
        if (_wallIndicators is not { } known || !known.From.Equals(all))
        {
            known = (all, DashboardParts.ToWatch(all));
            _wallIndicators = known;
        }

        return known.Wall;
    }

    /// <summary>The latest decisions; a line whose decision and positions did not change is the same instance as before.</summary>
    private ValueList<DecisionLine> RecentDecisions()
    {
        var lines = new List<DecisionLine>(RecentDecisionCount);
        foreach (var decision in _decisions.Take(RecentDecisionCount))
        {
            var positions = _positions.GetValueOrDefault(decision.Id);
            if (!_lines.TryGetValue(decision.Id, out var known) || !ReferenceEquals(known.Entry, decision) || !ReferenceEquals(known.Positions, positions))
            {
                known = (decision, positions, new DecisionLine(decision, (positions ?? []).Where(p => p.Position is Position.Concerns or Position.Objects).ToValueList()));
                _lines[decision.Id] = known;
            }

            lines.Add(known.Line);
        }

        foreach (var gone in _lines.Keys.Where(id => !lines.Exists(l => l.Entry.Id == id)).ToList())
        {
            _lines.Remove(gone);
        }

        return lines.ToValueList();
    }

    private static bool SameBalance(ValueList<SectorBalance> a, IReadOnlyList<SectorBalance> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Sector == p.Second.Sector && p.First.Total == p.Second.Total
            && p.First.Organisations.SequenceEqual(p.Second.Organisations));

    private Section ApplyContribution(ContributionEntry contribution)
    {
        if (_removedContributions.Contains(contribution.Id)
            || (_contributions.TryGetValue(contribution.Id, out var known) && known.Version >= contribution.Version))
        {
            return Section.None;
        }

        if (contribution.IsRemoved)
        {
            _removedContributions.Add(contribution.Id);
            return _contributions.Remove(contribution.Id) ? Section.Balance : Section.None;
        }

        _contributions[contribution.Id] = contribution;
        return Section.Balance;
    }

    private Section Upsert(GoalSummary goal)
    {
        var known = _goals.GetValueOrDefault(goal.Id);
        if (known is not null && known.Revision > goal.Revision)
        {
            // An older picture of the goal, overtaken on its way by a newer one (see GoalSummary.Revision).
            return Section.None;
        }

        _goals[goal.Id] = goal;
        // The indicators show (and are sorted by) their goal's title.
        return Section.Goals | Section.Balance | (known?.Title == goal.Title ? Section.None : Section.Indicators);
    }

    private Section Upsert(LogEntryView entry)
    {
        if (!_entryRevisions.Accept(entry.Id, entry.Revision))
        {
            return Section.None;
        }

        var changed = Section.None;
        if (_openActions.Remove(entry.Id))
        {
            changed |= Section.Actions | Section.Balance;
        }

        if (_openRisks.Remove(entry.Id))
        {
            changed |= Section.Risks;
        }

        var decision = _decisions.FindIndex(d => d.Id == entry.Id);
        if (entry.IsRemoved)
        {
            if (decision >= 0)
            {
                _decisions.RemoveAt(decision);
                changed |= Section.Decisions;
            }

            if (_positions.Remove(entry.Id))
            {
                changed |= Section.Decisions | Section.Balance;
            }

            return changed;
        }

        switch (entry.Kind)
        {
            case EntryKind.Action when entry.ActionState is ActionState.Open or ActionState.InProgress:
                _openActions[entry.Id] = entry;
                return changed | Section.Actions | Section.Balance;
            case EntryKind.Risk when entry.RiskState == RiskState.Open:
                _openRisks[entry.Id] = entry;
                return changed | Section.Risks;
            case EntryKind.Decision when decision >= 0:
                _decisions[decision] = entry;
                return changed | Section.Decisions;
            case EntryKind.Decision:
                _decisions.Add(entry);
                _decisions.Sort((a, b) => b.CreatedUtc.CompareTo(a.CreatedUtc));
                if (_decisions.Count > DecisionBuffer)
                {
                    _decisions.RemoveRange(DecisionBuffer, _decisions.Count - DecisionBuffer);
                }

                return changed | Section.Decisions;
            default:
                return changed;
        }
    }
}
