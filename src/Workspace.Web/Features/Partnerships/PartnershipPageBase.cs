using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workspace.Web.Components.Common;
using Workspace.Web.Components.Layout;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Partnerships;

/// <summary>
/// A page inside one partnership: loads through the services (which check membership), answers
/// "not found" to non-members, and applies the partnership's live events while it is shown.
/// </summary>
public abstract class PartnershipPageBase : WorkspaceComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private Guid _loadedFor;

    [Parameter]
    public Guid PartnershipId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [CascadingParameter]
    protected MainLayout? Layout { get; set; }

    [Inject]
    protected IPartnershipEvents Events { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    protected string UserId { get; private set; } = "";

    protected bool Loading { get; private set; } = true;

    /// <summary>Set when the viewer was removed from the partnership while looking at it.</summary>
    protected string? RemovedMessage { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        if (PartnershipId == _loadedFor)
        {
            return;
        }

        _loadedFor = PartnershipId;
        _subscription?.Dispose();
        _subscription = null;
        RemovedMessage = null;
        if (AuthenticationState is not null)
        {
            UserId = (await AuthenticationState).User.GetUserId() ?? "";
        }

        Loading = true;
        var found = await LoadAsync();
        Loading = false;
        if (!found)
        {
            Navigation.NotFound();
            return;
        }

        if (RendererInfo.IsInteractive)
        {
            // A burst (forty people typing) comes in one trip through the renderer, and renders once.
            _subscription = Events.SubscribeBatches(PartnershipId, static change => change is not ITextEditorEvent, changes => InvokeAsync(() => ApplyAllAsync(changes)));
        }
    }

    /// <summary>Loads the page's data; false when the partnership is not visible to the viewer.</summary>
    protected abstract Task<bool> LoadAsync();

    /// <summary>
    /// Applies a live event (on the circuit's dispatcher) and tells whether anything shown changed: the
    /// page renders only then, so an event the page does not show costs its viewers no render.
    /// </summary>
    protected abstract Task<bool> ApplyEventAsync(PartnershipEvent change);

    /// <summary>Loads what the page shows again after events were missed (<see cref="EventsMissed"/>); by default the whole load.</summary>
    protected virtual Task ResyncAsync() => LoadAsync();

    private async Task ApplyAllAsync(IReadOnlyList<PartnershipEvent> changes)
    {
        foreach (var change in changes)
        {
            if (_subscription is null)
            {
                // Removed from the partnership: nothing after that is shown.
                return;
            }

            await ApplyAsync(change);
        }
    }

    private async Task ApplyAsync(PartnershipEvent change)
    {
        try
        {
            if (change is MemberRemoved removed && removed.UserId == UserId)
            {
                RemovedMessage = removed.ActorUserId == UserId
                    ? "You left this partnership."
                    : "A facilitator removed you from this partnership, so you can no longer see it.";
                _subscription?.Dispose();
                _subscription = null;
                StateHasChanged();
                return;
            }

            if (change is EventsMissed)
            {
                await ResyncAsync();
                StateHasChanged();
            }
            else if (await ApplyEventAsync(change))
            {
                StateHasChanged();
            }
        }
#pragma warning disable CA1031 // Errors from a live update belong to this circuit, not to the publisher.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _subscription?.Dispose();
        }
    }
}
