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
    private GoalsListState? _state;
    private DateOnly _today;
    private IPresenceHandle? _presence;

    [Inject]
    private GoalPageService GoalPages { get; set; } = default!;

    [Inject]
    private CircuitPresence PresenceTracker { get; set; } = default!;

    [Inject]
    private ProfileService Profiles { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override async Task<bool> LoadAsync()
    {
        var result = await GoalPages.LoadListAsync(UserId, PartnershipId);
        if (!result.Succeeded)
        {
            return false;
        }

        _state = new GoalsListState(result.Value!, UserId);
        _today = DateOnly.FromDateTime(Clock.GetLocalNow().Date);
        if (RendererInfo.IsInteractive && _presence is null)
        {
            // Joined once the list is loaded, in the interactive circuit only (not while prerendering).
            var me = await Profiles.GetSummaryAsync(UserId);
            _presence ??= PresenceTracker.Join(PartnershipId, GoalsListState.Location, UserId, me?.DisplayName ?? "Someone", me?.OrganisationName);
            _state.SetPresence(PresenceTracker.At(PartnershipId, GoalsListState.Location));
        }

        return true;
    }

    protected override Task<bool> ApplyEventAsync(PartnershipEvent change) => Task.FromResult(_state?.Apply(change) ?? false);

    protected override async Task ResyncAsync()
    {
        var result = await GoalPages.LoadListAsync(UserId, PartnershipId);
        if (result.Succeeded && _state is not null)
        {
            _state.Resync(result.Value!);
            _state.SetPresence(PresenceTracker.At(PartnershipId, GoalsListState.Location));
        }
    }

    private async Task NewGoalAsync(Guid? parentId)
    {
        var dialog = await Dialogs.ShowAsync<NewGoalDialog>("New goal",
            new DialogParameters<NewGoalDialog>
            {
                { d => d.UserId, UserId },
                { d => d.PartnershipId, PartnershipId },
                { d => d.Goals, _state!.Goals },
                { d => d.Organisations, _state.Organisations },
                { d => d.ParentGoalId, parentId },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: GoalSummary created })
        {
            _state.Upsert(created);
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
