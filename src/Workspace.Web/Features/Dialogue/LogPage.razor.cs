using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dialogue;

public sealed partial class LogPage
{
    /// <summary>How many older entries each further load brings, once the first page is shown.</summary>
    private const int MorePageSize = 100;

    private SearchQuery _search = SearchQuery.Parse(null);
    private ElementReference _moreMarker;
    private ElementReference? _observed;
    private DotNetObjectReference<LogPage>? _self;
    private int _unreadAtLoad;
    private readonly HashSet<Guid> _arrived = [];
    private List<LogEntryView>? _entries;
    private List<LogEntryView> _forMe = [];
    private List<LogEntryView> _risks = [];
    private int _total;
    private int _forMeCount;
    private DateTime _lastSeen = DateTime.MinValue;
    private DateTime? _previousVisit;
    private readonly LogFilter _filter = new();
    private IReadOnlyCollection<EntryKind> _kinds = [];
    private IReadOnlyList<GoalSummary> _goals = [];
    private IReadOnlyList<MemberView> _members = [];
    private PartnershipRole _role;
    private DateOnly _today;
    private bool _busy;
    private int _view;

    [Inject]
    private LogService Log { get; set; } = default!;

    [Inject]
    private GoalService Goals { get; set; } = default!;

    [Inject]
    private MemberService Members { get; set; } = default!;

    [Inject]
    private Workshops.WorkshopService Workshops { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    private bool CanPost => _role >= PartnershipRole.Contributor;

    /// <summary>Entries new or changed since the last visit (counted before this visit marked them seen), and those that arrived live since.</summary>
    private int NewCount => _unreadAtLoad + _arrived.Count;

    private bool IsNew(LogEntryView entry) => entry.UpdatedUtc > _lastSeen && entry.Author.UserId != UserId;

    protected override async Task<bool> LoadAsync()
    {
        var page = await Log.ListAsync(UserId, PartnershipId, _filter);
        if (!page.Succeeded)
        {
            return false;
        }

        _entries = [.. page.Value!.Entries];
        _total = page.Value.Total;
        _lastSeen = page.Value.LastSeenUtc ?? DateTime.MinValue;
        _previousVisit = page.Value.LastSeenUtc;
        _today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        _unreadAtLoad = await Log.UnreadCountAsync(UserId!, PartnershipId);
        _members = (await Members.ListAsync(UserId, PartnershipId)).Value ?? [];
        _role = _members.FirstOrDefault(m => m.UserId == UserId)?.Role ?? PartnershipRole.Observer;
        _goals = (await Goals.ListAsync(UserId, PartnershipId)).Value?.Goals.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase).ToList() ?? [];
        await LoadSideListsAsync();
        if (RendererInfo.IsInteractive)
        {
            // "New" markers stay for this visit; the next visit counts from now.
            await Log.MarkSeenAsync(UserId, PartnershipId);
            if (Layout is not null)
            {
                await Layout.RefreshAsync();
            }
        }

        return true;
    }

    private async Task LoadSideListsAsync()
    {
        _forMe = [.. (await Log.ForMeAsync(UserId, PartnershipId)).Value ?? []];
        _forMeCount = _forMe.Count;
        var openRisks = new LogFilter { Kinds = [EntryKind.Risk], State = "open" };
        _risks = [.. (await Log.ListAsync(UserId, PartnershipId, openRisks, take: LogService.MaxPageSize)).Value?.Entries ?? []];
    }

    private async Task ReloadAsync()
    {
        _search = SearchQuery.Parse(_filter.Search);
        var page = await Log.ListAsync(UserId, PartnershipId, _filter);
        _entries = [.. page.Value?.Entries ?? []];
        _total = page.Value?.Total ?? 0;
    }

    private async Task LoadMoreAsync()
    {
        if (_busy || _entries is null || _entries.Count >= _total)
        {
            return;
        }

        _busy = true;
        try
        {
            var page = await Log.ListAsync(UserId, PartnershipId, _filter, _entries.Count, MorePageSize);
            var known = _entries.Select(e => e.Id).ToHashSet();
            _entries.AddRange(page.Value?.Entries.Where(e => known.Add(e.Id)) ?? []);
            _total = page.Value?.Total ?? _total;
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
        return _entries is not null && _entries.Count < _total;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        var marker = _view == 0 && _entries is not null && _entries.Count < _total ? _moreMarker : (ElementReference?)null;
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
        _filter.Search = text is { Length: > SearchQuery.MaxLength } ? text[..SearchQuery.MaxLength] : text;
        return ReloadAsync();
    }

    private Task KindsChangedAsync(IReadOnlyCollection<EntryKind> kinds)
    {
        _kinds = kinds;
        _filter.Kinds = kinds;
        return ReloadAsync();
    }

    private Task StateChangedAsync(string? state)
    {
        _filter.State = state;
        return ReloadAsync();
    }

    private Task GoalChangedAsync(Guid? goalId)
    {
        _filter.GoalId = goalId;
        return ReloadAsync();
    }

    private Task OrganisationChangedAsync(Guid? organisationId)
    {
        _filter.OrganisationId = organisationId;
        return ReloadAsync();
    }

    private Task SectorChangedAsync(Sector? sector)
    {
        _filter.Sector = sector;
        return ReloadAsync();
    }

    private Task AuthorChangedAsync(string? author)
    {
        _filter.AuthorUserId = author;
        return ReloadAsync();
    }

    protected override Task OnEventAsync(PartnershipEvent change)
    {
        switch (change)
        {
            case LogEntrySaved saved:
                Upsert(saved.Entry);
                break;
            case PositionsChanged positions:
                Upsert(positions.Entry);
                break;
            case ReplyPosted reply:
                Upsert(reply.Entry);
                if (reply.Reply.Mentioned.Any(m => m.UserId == UserId))
                {
                    return LoadSideListsAsync();
                }

                break;
        }

        return Task.CompletedTask;
    }

    private void Upsert(LogEntryView entry)
    {
        var previous = _entries?.FirstOrDefault(e => e.Id == entry.Id);
        var shown = previous ?? _forMe.FirstOrDefault(e => e.Id == entry.Id) ?? _risks.FirstOrDefault(e => e.Id == entry.Id);
        if (shown is not null && shown.Revision > entry.Revision)
        {
            // An older picture of the entry, overtaken on its way by a newer one.
            return;
        }

        if (IsNew(entry) && (previous is null || !IsNew(previous)))
        {
            _arrived.Add(entry.Id);
        }

        Replace(_entries!, entry, addIfMissing: MatchesQuickly(entry));
        Replace(_forMe, entry, addIfMissing: entry.Assignee?.UserId == UserId || entry.RiskOwner?.UserId == UserId || entry.Mentioned.Any(m => m.UserId == UserId));
        _forMeCount = _forMe.Count;
        Replace(_risks, entry, addIfMissing: entry.Kind == EntryKind.Risk);
        _risks.RemoveAll(r => r.IsRemoved);
    }

    /// <summary>New entries from others appear at the top when they fit the simple filters (kind, goal, author).</summary>
    private bool MatchesQuickly(LogEntryView entry) =>
        (_filter.Kinds.Count == 0 || _filter.Kinds.Contains(entry.Kind))
        && (_filter.GoalId is null || _filter.GoalId == entry.GoalId)
        && (_filter.AuthorUserId is null || _filter.AuthorUserId == entry.Author.UserId)
        && string.IsNullOrWhiteSpace(_filter.Search) && _filter.State is null && _filter.Sector is null && _filter.OrganisationId is null;

    private void Replace(List<LogEntryView> list, LogEntryView entry, bool addIfMissing)
    {
        var index = list.FindIndex(e => e.Id == entry.Id);
        if (index >= 0)
        {
            list[index] = entry;
        }
        else if (addIfMissing)
        {
            list.Insert(0, entry);
            if (ReferenceEquals(list, _entries))
            {
                _total++;
            }
        }
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
                { d => d.UserId, UserId }, { d => d.PartnershipId, PartnershipId }, { d => d.Goals, _goals }, { d => d.Members, _members },
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
