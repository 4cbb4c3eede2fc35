using Workspace.Web.Components.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

/// <summary>Everything the goals list shows when it opens (see <see cref="GoalPageService.LoadListAsync"/>).</summary>
public sealed record GoalsListModel(IReadOnlyList<GoalSummary> Goals, PartnershipRole Role, IReadOnlyList<OrganisationOption> Organisations);

/// <summary>
/// One viewer's list of shared goals: the goals, kept current from live events without reading the
/// database, and the viewer's filters and sort, which decide the rows shown.
/// </summary>
public sealed class GoalsListState
{
    /// <summary>Where the list's presence is kept.</summary>
    public const string Location = "goals";

    private readonly string _viewerUserId;
    private readonly List<GoalSummary> _goals = [];

    public GoalsListState(GoalsListModel model, string viewerUserId)
    {
        _viewerUserId = viewerUserId;
        Take(model);
    }

    public IReadOnlyList<GoalSummary> Goals => _goals;

    public PartnershipRole Role { get; private set; }

    public bool CanEdit => Role >= PartnershipRole.Contributor;

    public IReadOnlyList<OrganisationOption> Organisations { get; private set; } = [];

    public ValueList<PresenceEntry> Presence { get; private set; } = ValueList<PresenceEntry>.Empty;

    public string? Search { get; set; }

    public IReadOnlyCollection<GoalStatus> Statuses { get; set; } = [];

    public Sector? Sector { get; set; }

    public Guid? Organisation { get; set; }

    public GoalSort Sort { get; set; } = GoalSort.Tree;

    public bool Filtering => !string.IsNullOrWhiteSpace(Search) || Statuses.Count > 0 || Sector is not null || Organisation is not null;

    public string CountText => _goals.Count switch
    {
        0 => "What the partners want to achieve together.",
        1 => "1 goal the partners are working on together.",
        var n => $"{n} goals the partners are working on together.",
    };

    /// <summary>The organisations that lead or contribute to a goal: the only useful choices for the organisation filter.</summary>
    public IEnumerable<OrganisationOption> InvolvedOrganisations
    {
        get
        {
            var ids = _goals.SelectMany(g => g.ContributorIds.Append(g.LeadOrganisationId ?? Guid.Empty)).ToHashSet();
            return Organisations.Where(o => ids.Contains(o.Id));
        }
    }

    /// <summary>Applies a live event; true when anything the list shows changed.</summary>
    public bool Apply(PartnershipEvent change) => change switch
    {
        GoalSaved saved => Upsert(saved.Goal),
        IndicatorSaved indicator => Upsert(indicator.Goal),
        GoalContributionsChanged contributions => Upsert(contributions.Goal),
        PresenceChanged presence when presence.Location == Location => SetPresence(presence.People),
        MemberRoleChanged role when role.UserId == _viewerUserId => SetRole(role.Role),
        _ => false,
    };

    /// <summary>Takes the list as loaded again after events were missed, keeping the viewer's filters and sort.</summary>
    public void Resync(GoalsListModel fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        Take(fresh);
    }

    /// <summary>Adds a goal or shows its newer picture; an older picture overtaken on its way changes nothing (see <see cref="GoalSummary.Revision"/>).</summary>
    public bool Upsert(GoalSummary goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var index = _goals.FindIndex(g => g.Id == goal.Id);
        if (index < 0)
        {
            _goals.Add(goal);
            return true;
        }

        var newest = GoalSummary.Newest(_goals[index], goal);
        if (ReferenceEquals(newest, _goals[index]))
        {
            return false;
        }

        _goals[index] = newest;
        return true;
    }

    public bool SetPresence(IReadOnlyList<PresenceEntry> people)
    {
        var incoming = ValueList<PresenceEntry>.Of(people);
        if (incoming.Equals(Presence))
        {
            return false;
        }

        Presence = incoming;
        return true;
    }

    public void ClearFilters()
    {
        Search = null;
        Statuses = [];
        Sector = null;
        Organisation = null;
    }

    /// <summary>The rows shown: the goal tree when nothing filters and the sort is the tree, else the matches in the chosen order.</summary>
    public List<GoalRow> VisibleRows()
    {
        var matches = _goals.Where(Matches).ToList();
        if (Sort == GoalSort.Tree && !Filtering)
        {
            return GoalTree.Flatten(matches);
        }

        IEnumerable<GoalSummary> sorted = Sort switch
        {
            GoalSort.DueDate => matches.OrderBy(g => g.DueDate ?? DateOnly.MaxValue),
            GoalSort.Status => matches.OrderBy(g => g.Status),
            GoalSort.ProgressLowFirst => matches.OrderBy(g => g.Progress ?? double.MaxValue),
            GoalSort.Updated => matches.OrderByDescending(g => g.UpdatedUtc),
            _ => matches.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase),
        };
        return [.. sorted.Select(g => new GoalRow(g, 0))];
    }

    private bool Matches(GoalSummary goal)
    {
        if (Statuses.Count > 0 && !Statuses.Contains(goal.Status))
        {
            return false;
        }

        if (Sector is { } sector && goal.LeadSector != sector)
        {
            return false;
        }

        if (Organisation is { } organisation && goal.LeadOrganisationId != organisation && !goal.ContributorIds.Contains(organisation))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        var text = Search.Trim();
        return goal.Title.Contains(text, StringComparison.CurrentCultureIgnoreCase)
            || (goal.LeadOrganisationName?.Contains(text, StringComparison.CurrentCultureIgnoreCase) ?? false)
            || (goal.OwnerName?.Contains(text, StringComparison.CurrentCultureIgnoreCase) ?? false);
    }

    private bool SetRole(PartnershipRole role)
    {
        var changed = Role != role;
        Role = role;
        return changed;
    }

    private void Take(GoalsListModel model)
    {
        _goals.Clear();
        _goals.AddRange(model.Goals);
        Role = model.Role;
        Organisations = model.Organisations;
    }
}
