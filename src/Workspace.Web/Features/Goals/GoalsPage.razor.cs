using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

public enum GoalSort
{
    Tree,
    Title,
    DueDate,
    Status,
    ProgressLowFirst,
    Updated,
}

/// <summary>A goal in the list, with its depth in the goal tree.</summary>
public sealed record GoalRow(GoalSummary Goal, int Depth);

public sealed partial class GoalsPage
{
    private List<GoalSummary>? _goals;
    private PartnershipRole _role;
    private IReadOnlyList<OrganisationOption> _organisations = [];
    private string? _search;
    private IReadOnlyCollection<GoalStatus> _statuses = [];
    private Sector? _sector;
    private Guid? _organisation;
    private GoalSort _sort = GoalSort.Tree;
    private DateOnly _today;
    private IPresenceHandle? _presence;

    [Inject]
    private CircuitPresence PresenceTracker { get; set; } = default!;

    [Inject]
    private ProfileService Profiles { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private IReadOnlyList<PresenceEntry> Presence { get; set; } = [];

    private bool CanEdit => _role >= PartnershipRole.Contributor;

    private string GoalCountText => _goals!.Count switch
    {
        0 => "What the partners want to achieve together.",
        1 => "1 goal the partners are working on together.",
        var n => $"{n} goals the partners are working on together.",
    };

    private IEnumerable<OrganisationOption> InvolvedOrganisations
    {
        get
        {
            var ids = _goals!.SelectMany(g => g.ContributorIds.Append(g.LeadOrganisationId ?? Guid.Empty)).ToHashSet();
            return _organisations.Where(o => ids.Contains(o.Id));
        }
    }

    protected override async Task<bool> LoadAsync()
    {
        var result = await Goals.ListAsync(UserId, PartnershipId);
        if (!result.Succeeded)
        {
            return false;
        }

        _goals = [.. result.Value!.Goals];
        _role = result.Value.MyRole;
        _organisations = await Organisations.ListAsync();
        _today = DateOnly.FromDateTime(Clock.GetLocalNow().Date);
        if (RendererInfo.IsInteractive && _presence is null)
        {
            // Joined once the list is loaded, in the interactive circuit only (not while prerendering).
            var me = await Profiles.GetSummaryAsync(UserId);
            _presence ??= PresenceTracker.Join(PartnershipId, "goals", UserId, me?.DisplayName ?? "Someone", me?.OrganisationName);
            Presence = PresenceTracker.At(PartnershipId, "goals");
        }

        return true;
    }

    protected override Task OnEventAsync(PartnershipEvent change)
    {
        switch (change)
        {
            case GoalSaved saved:
                Upsert(saved.Goal);
                break;
            case IndicatorSaved indicator:
                Upsert(indicator.Goal);
                break;
            case GoalContributionsChanged contributions:
                Upsert(contributions.Goal);
                break;
            case PresenceChanged presence when presence.Location == "goals":
                Presence = PresenceLists.Latest(Presence, presence.People);
                break;
        }

        return Task.CompletedTask;
    }

    private void Upsert(GoalSummary goal)
    {
        var index = _goals!.FindIndex(g => g.Id == goal.Id);
        if (index < 0)
        {
            _goals.Add(goal);
        }
        else
        {
            // An older picture overtaken on its way by a newer one changes nothing (see GoalSummary.Revision).
            _goals[index] = GoalSummary.Newest(_goals[index], goal);
        }
    }

    private bool Filtering => !string.IsNullOrWhiteSpace(_search) || _statuses.Count > 0 || _sector is not null || _organisation is not null;

    private List<GoalRow> VisibleRows()
    {
        var matches = _goals!.Where(Matches).ToList();
        if (_sort == GoalSort.Tree && !Filtering)
        {
            return GoalTree.Flatten(matches);
        }

        IEnumerable<GoalSummary> sorted = _sort switch
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
        if (_statuses.Count > 0 && !_statuses.Contains(goal.Status))
        {
            return false;
        }

        if (_sector is { } sector && goal.LeadSector != sector)
        {
            return false;
        }

        if (_organisation is { } organisation && goal.LeadOrganisationId != organisation && !goal.ContributorIds.Contains(organisation))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(_search))
        {
            return true;
        }

        var text = _search.Trim();
        return goal.Title.Contains(text, StringComparison.CurrentCultureIgnoreCase)
            || (goal.LeadOrganisationName?.Contains(text, StringComparison.CurrentCultureIgnoreCase) ?? false)
            || (goal.OwnerName?.Contains(text, StringComparison.CurrentCultureIgnoreCase) ?? false);
    }

    private void ClearFilters()
    {
        _search = null;
        _statuses = [];
        _sector = null;
        _organisation = null;
    }

    private async Task NewGoalAsync(Guid? parentId)
    {
        var dialog = await Dialogs.ShowAsync<NewGoalDialog>("New goal",
            new DialogParameters<NewGoalDialog>
            {
                { d => d.UserId, UserId },
                { d => d.PartnershipId, PartnershipId },
                { d => d.Goals, _goals! },
                { d => d.Organisations, _organisations },
                { d => d.ParentGoalId, parentId },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: GoalSummary created })
        {
            Upsert(created);
            Navigation.NavigateTo($"p/{PartnershipId}/goals/{created.Id}");
        }
    }

    protected override void Dispose(bool disposing)
    {
        _presence?.Dispose();
        base.Dispose(disposing);
    }
}

public static class GoalTree
{
    /// <summary>Goals in tree order (parents before their sub-goals, each level by title), with depth.</summary>
    public static List<GoalRow> Flatten(IReadOnlyCollection<GoalSummary> goals)
    {
        var ids = goals.Select(g => g.Id).ToHashSet();
        var children = goals.ToLookup(g => g.ParentGoalId is { } parent && ids.Contains(parent) ? parent : (Guid?)null);
        var rows = new List<GoalRow>(goals.Count);
        var visited = new HashSet<Guid>();

        void Visit(Guid? parent, int depth)
        {
            foreach (var goal in children[parent].OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase))
            {
                if (visited.Add(goal.Id))
                {
                    rows.Add(new GoalRow(goal, depth));
                    Visit(goal.Id, depth + 1);
                }
            }
        }

        Visit(null, 0);
        return rows;
    }
}
