using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// One workshop: its plan before it starts (<see cref="WorkshopPlan"/>), the live room while it runs
/// (<see cref="WorkshopRoom"/>) and its record after it ends (<see cref="WorkshopRecord"/>). What it shows
/// lives in a <see cref="WorkshopRoomState"/>, loaded by one service call and kept current by the events;
/// the parts render when their record changed. Participants follow the facilitator's item unless they roam.
/// </summary>
public sealed partial class WorkshopPage
{
    private WorkshopRoomState? _state;
    private WorkshopActions? _actions;
    private IPresenceHandle? _presence;
    private ITimer? _equityRefresh;
    private bool _joined;
    private string? _error;

    [Parameter]
    public Guid WorkshopId { get; set; }

    [Inject]
    private WorkshopService Workshops { get; set; } = default!;

    [Inject]
    private IdeaService Ideas { get; set; } = default!;

    [Inject]
    private VotingService Voting { get; set; } = default!;

    [Inject]
    private WorkshopOutputService Outputs { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CircuitPresence PresenceTracker { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    /// <summary>
    /// How long the facilitator's equity view waits after a change before it reads the figures again:
    /// a burst of ideas and votes costs one read, not one per change.
    /// </summary>
    public static readonly TimeSpan EquityRefreshDelay = TimeSpan.FromSeconds(2);

    private string Location => $"workshop/{WorkshopId}";

    protected override async Task<bool> LoadAsync()
    {
        var result = await Workshops.GetPageAsync(UserId, PartnershipId, WorkshopId);
        if (!result.Succeeded)
        {
            return false;
        }

        _state = new WorkshopRoomState(result.Value!, UserId, PartnershipId);
        if (RendererInfo.IsInteractive)
        {
            var me = _state.Members.FirstOrDefault(m => m.UserId == UserId);
            _presence ??= PresenceTracker.Join(PartnershipId, Location, UserId, me?.DisplayName ?? "Someone", me?.OrganisationName);
            _state.SetPresent(PresenceTracker.At(PartnershipId, Location));
            await JoinIfLiveAsync();
            await RefreshEquityAsync();
        }

        return true;
    }

    protected override async Task<bool> ApplyEventAsync(PartnershipEvent change)
    {
        if (_state is null)
        {
            return false;
        }

        var wasLive = _state.Run.State == WorkshopState.Live;
        var changed = _state.Apply(change);
        if (_state.Cancelled)
        {
            Navigation.NavigateTo($"p/{PartnershipId}/workshops");
            return false;
        }

        if (!wasLive && _state.Run.State == WorkshopState.Live)
        {
            await JoinIfLiveAsync();
        }

        return await FollowUpAsync() | changed;
    }

    protected override async Task ResyncAsync()
    {
        await ReloadAsync();
        await FollowUpAsync();
    }

    /// <summary>Reads what the events asked for: a fresh load, counts only a facilitator may see, the equity figures.</summary>
    private async Task<bool> FollowUpAsync()
    {
        var followUps = _state!.TakeFollowUps();
        var changed = false;
        if (followUps.Reload)
        {
            changed = await ReloadAsync();
        }

        foreach (var target in followUps.Tallies)
        {
            var tally = await Voting.VoteCountsAsync(UserId, PartnershipId, WorkshopId, target);
            changed |= tally.Succeeded && _state.ApplyTally(tally.Value!);
        }

        if (followUps.Equity)
        {
            ScheduleEquityRefresh();
        }

        return changed;
    }

    private async Task<bool> ReloadAsync()
    {
        var load = _state!.StartLoad();
        var fresh = await Workshops.GetPageAsync(UserId, PartnershipId, WorkshopId);
        return fresh.Succeeded && _state.Resync(fresh.Value!, load);
    }

    private async Task JoinIfLiveAsync()
    {
        if (!_joined && _state?.Run.State == WorkshopState.Live)
        {
            _joined = true;
            await Workshops.JoinAsync(UserId, PartnershipId, WorkshopId);
        }
    }

    private async Task<bool> RefreshEquityAsync()
    {
        if (_state is { IsFacilitator: true, Run.State: WorkshopState.Live })
        {
            return _state.ApplyEquity((await Outputs.EquityAsync(UserId, PartnershipId, WorkshopId)).Value);
        }

        return false;
    }

    /// <summary>
    /// The equity view counts what is in the database (private ideas, organisations, edits), more than
    /// the events carry, so a change schedules one read after <see cref="EquityRefreshDelay"/>; changes
    /// arriving meanwhile share that read. A page that is not the facilitator's never reads it.
    /// </summary>
    private void ScheduleEquityRefresh()
    {
        if (_equityRefresh is null)
        {
            _equityRefresh = Clock.CreateTimer(_ => _ = InvokeAsync(RefreshEquityLaterAsync), null, EquityRefreshDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RefreshEquityLaterAsync()
    {
        _equityRefresh?.Dispose();
        _equityRefresh = null;
        bool changed;
        try
        {
            changed = await RefreshEquityAsync();
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while the read was waiting.
            return;
        }

        if (changed)
        {
            StateHasChanged();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _presence?.Dispose();
            _equityRefresh?.Dispose();
            _equityRefresh = null;
        }

        base.Dispose(disposing);
    }
}
