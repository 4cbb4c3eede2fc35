using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dialogue;

public sealed partial class LogPage
{
    /// <summary>How many older entries each further load brings, once the first page is shown.</summary>
    private const int MorePageSize = 100;

    private LogPageState? _state;
    private ElementReference _moreMarker;
    private ElementReference? _observed;
    private DotNetObjectReference<LogPage>? _self;
    private IReadOnlyCollection<EntryKind> _kinds = [];
    private bool _busy;
    private int _view;
    private bool _filtersOpen;

    [Inject]
    private LogService Log { get; set; } = default!;

    [Inject]
    private ReadStateService ReadState { get; set; } = default!;

    [Inject]
    private Workshops.WorkshopService Workshops { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The page's state, once loaded (the markup reads it only then).</summary>
    private LogPageState State => _state!;

    protected override async Task<bool> LoadAsync()
    {
        var filter = _state?.Filter ?? new LogFilter();
        var page = await Log.GetLogPageAsync(UserId, PartnershipId, filter);
        if (!page.Succeeded)
        {
            return false;
        }

        _state = new LogPageState(PartnershipId, UserId, page.Value!, filter);
        if (RendererInfo.IsInteractive)
        {
            // "New" markers stay for this visit; the next visit counts from now.
            await ReadState.MarkSeenAsync(UserId, PartnershipId);
            if (Layout is not null)
            {
                await Layout.RefreshAsync();
            }
        }

        return true;
    }

    protected override Task<bool> ApplyEventAsync(PartnershipEvent change) => Task.FromResult(_state?.Apply(change) ?? false);

    protected override async Task ResyncAsync()
    {
        if (_state is not null && (await Log.GetLogPageAsync(UserId, PartnershipId, _state.Filter)).Value is { } fresh)
        {
            _state.Resync(fresh);
        }
    }

    private async Task ReloadAsync()
    {
        var page = await Log.ListAsync(UserId, PartnershipId, State.Filter);
        State.ShowResults(page.Value ?? new LogResults([], 0, State.PreviousVisitUtc));
    }

    private async Task LoadMoreAsync()
    {
        if (_busy || _state is not { HasMore: true })
        {
            return;
        }

        _busy = true;
        try
        {
            if ((await Log.ListAsync(UserId, PartnershipId, _state.Filter, _state.Entries.Count, MorePageSize)).Value is { } page)
            {
                _state.AddMore(page);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Called from the browser when the end of the list comes near; returns whether more remain.</summary>
    [JSInvokable]
    public async Task<bool> LoadMoreNearEndAsync()
    {
        await InvokeAsync(async () =>
        {
            await LoadMoreAsync();
            StateHasChanged();
        });
        return _state is { HasMore: true };
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        var marker = _view == 0 && _state is { HasMore: true } ? _moreMarker : (ElementReference?)null;
        if (!RendererInfo.IsInteractive || Equals(marker, _observed))
        {
            return;
        }

        try
        {
            if (_observed is { } previous)
            {
                await JS.InvokeVoidAsync("workspace.stopObserving", previous);
            }

            _observed = marker;
            if (marker is { } element && element.Context is not null)
            {
                _self ??= DotNetObjectReference.Create(this);
                await JS.InvokeVoidAsync("workspace.observeNearViewport", element, _self, nameof(LoadMoreNearEndAsync));
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; nothing to observe.
        }
    }

    private Task SearchAsync(string? text)
    {
        State.Filter.Search = text is { Length: > SearchQuery.MaxLength } ? text[..SearchQuery.MaxLength] : text;
        return ReloadAsync();
    }

    private Task KindsChangedAsync(IReadOnlyCollection<EntryKind> kinds)
    {
        _kinds = kinds;
        State.Filter.Kinds = kinds;
        return ReloadAsync();
    }

    private Task StateChangedAsync(string? state)
    {
        State.Filter.State = state;
        return ReloadAsync();
    }

    private Task GoalChangedAsync(Guid? goalId)
    {
        State.Filter.GoalId = goalId;
        return ReloadAsync();
    }

    private Task OrganisationChangedAsync(Guid? organisationId)
    {
        State.Filter.OrganisationId = organisationId;
        return ReloadAsync();
    }

    private Task SectorChangedAsync(Sector? sector)
    {
        State.Filter.Sector = sector;
        return ReloadAsync();
    }

    private Task AuthorChangedAsync(string? author)
    {
        State.Filter.AuthorUserId = author;
        return ReloadAsync();
    }

    private async Task<List<LogEntryView>> DecisionsAsync()
    {
        var decisions = await Log.ListAsync(UserId, PartnershipId, new LogFilter { Kinds = [EntryKind.Decision] }, take: LogService.MaxPageSize);
        return [.. decisions.Value?.Entries.Where(e => !e.IsRemoved) ?? []];
    }

    private async Task PostAsync()
    {
        var dialog = await Dialogs.ShowAsync<EntryDialog>("New entry",
            new DialogParameters<EntryDialog>
            {
                { d => d.UserId, UserId }, { d => d.PartnershipId, PartnershipId }, { d => d.Goals, State.Goals }, { d => d.Members, State.Members },
                { d => d.Decisions, await DecisionsAsync() },
                { d => d.Workshops, (await Workshops.ListAsync(UserId, PartnershipId)).Value ?? [] },
            },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: LogEntryView posted })
        {
            Navigation.NavigateTo($"p/{PartnershipId}/log/{posted.Id}");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _self?.Dispose();
        }

        base.Dispose(disposing);
    }
}
