using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

public sealed partial class GoalPage : IGoalPageActions
{
    private GoalPageState? _state;
    private IPresenceHandle? _presence;
    private bool _busy;
    private int _tab;
    private string? _fieldError;
    private FieldConflict? _conflict;
    private GoalTabs? _tabs;

    private bool _titleEditing;
    private string _titleText = "";
    private string? _titleOriginal;
    private string? _titleError;

    private readonly Dictionary<GoalField, CancellationTokenSource> _pendingDrafts = [];
    private Task? _descriptionRead;
    private bool _readDescriptionAgain;

    [Parameter]
    public Guid GoalId { get; set; }

    [Inject]
    private GoalService Goals { get; set; } = default!;

    [Inject]
    private GoalPageService GoalPages { get; set; } = default!;

    [Inject]
    private DraftService Drafts { get; set; } = default!;

    [Inject]
    private CoTypingService CoTyping { get; set; } = default!;

    [Inject]
    private ProfileService Profiles { get; set; } = default!;

    [Inject]
    private CircuitPresence PresenceTracker { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private GoalSummary Summary => _state!.Summary;

    private GoalHeaderModel HeaderModel => new(Summary.Title, Summary.Status, Summary.Progress, _state!.CanEdit, _titleEditing, _titleText, _titleError,
        _busy, _state.Presence, UserId);

    private GoalDescriptionModel DescriptionModel => new(PartnershipId, _state!.CanEdit, _state.Description, DescriptionEditing, _state.Presence, UserId);

    private GoalFieldsModel FieldsModel => new(GoalId, _state!.Fields, _state.CanEdit, _busy, _state.Organisations, _state.Members);

    private GoalTabsModel TabsModel => new(_tab, PartnershipId, GoalId, UserId, _state!.CanEdit, DescriptionModel,
        new ContributionsModel(PartnershipId, GoalId, UserId, _state.CanEdit, _state.Contributions, _state.Organisations),
        new IndicatorsModel(PartnershipId, GoalId, UserId, _state.CanEdit, _state.Indicators, DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime)));

    private Guid _loadedGoal;
    private bool _joiningPresence;

    /// <summary>Whether the viewer is co-typing the description; kept by the state, which then leaves reading it to the editor.</summary>
    private bool DescriptionEditing
    {
        get => _state?.EditingDescription ?? false;
        set
        {
            if (_state is not null)
            {
                _state.EditingDescription = value;
            }
        }
    }

    public void ShowTab(int index) => _tab = index;

    private static readonly TimeSpan DraftDelay = TimeSpan.FromMilliseconds(700);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedGoal != Guid.Empty && _loadedGoal != GoalId)
        {
            // Moving from one goal to another (breadcrumb to a parent) reuses the page.
            _presence?.Dispose();
            _presence = null;
            _conflict = null;
            _titleEditing = DescriptionEditing = false;
            await LoadAsync();
        }

        await base.OnParametersSetAsync();
    }

    protected override async Task<bool> LoadAsync()
    {
        var result = await GoalPages.LoadAsync(UserId, PartnershipId, GoalId);
        if (!result.Succeeded)
        {
            return false;
        }

        _loadedGoal = GoalId;
        _state = new GoalPageState(result.Value!, UserId);
        await JoinPresenceAsync();
        return true;
    }

    protected override async Task ResyncAsync()
    {
        var result = await GoalPages.LoadAsync(UserId, PartnershipId, GoalId);
        if (result.Succeeded && _state is not null)
        {
            _state.Resync(result.Value!);
            _state.SetPresence(PresenceTracker.At(PartnershipId, _state.Location));
            OfferHistoryRefresh();
            ReadDescriptionIfStale();
        }
    }

    /// <summary>Joins once the goal is loaded, in an interactive circuit only (not while prerendering).</summary>
    private async Task JoinPresenceAsync()
    {
        if (_presence is not null || _joiningPresence || !RendererInfo.IsInteractive)
        {
            return;
        }

        _joiningPresence = true;
        try
        {
            var me = await Profiles.GetSummaryAsync(UserId);
            _presence = PresenceTracker.Join(PartnershipId, _state!.Location, UserId, me?.DisplayName ?? "Someone", me?.OrganisationName);
            _state.SetPresence(PresenceTracker.At(PartnershipId, _state.Location));
        }
        finally
        {
            _joiningPresence = false;
        }
    }

    protected override Task<bool> ApplyEventAsync(PartnershipEvent change)
    {
        if (_state is null)
        {
            return Task.FromResult(false);
        }

        var changed = _state.Apply(change);
        OfferHistoryRefresh();
        ReadDescriptionIfStale();
        return Task.FromResult(changed);
    }

    /// <summary>
    /// Reads the co-typed description again after operations on it, one read at a time: operations arriving during a read
    /// make one more read, not one each. The person typing sees it in the editor, so it is read when the editor closes.
    /// </summary>
    private void ReadDescriptionIfStale()
    {
        if (_state is not { DescriptionStale: true, EditingDescription: false, DescriptionTextId: { } })
        {
            return;
        }

        if (_descriptionRead is { IsCompleted: false })
        {
            _readDescriptionAgain = true;
            return;
        }

        _descriptionRead = ReadDescriptionAsync();
    }

    private async Task ReadDescriptionAsync()
    {
        try
        {
            do
            {
                _readDescriptionAgain = false;
                _state!.DescriptionStale = false;
                var read = await CoTyping.LoadAsync(UserId, _state.DescriptionTextId!.Value);
                if (read.Succeeded && _state.TakeCoTypedDescription(read.Value!.Text, read.Value.Revision))
                {
                    StateHasChanged();
                }
            }
            while (_readDescriptionAgain);
        }
#pragma warning disable CA1031 // A failed live read belongs to this circuit.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>The history tab offers a refresh when the goal changed, instead of every viewer reading the history again.</summary>
    private void OfferHistoryRefresh()
    {
        if (_state is { HistoryChanged: true })
        {
            _state.HistoryChanged = false;
            _tabs?.MarkHistoryChanged();
        }
    }

    private string? DisplayValue(GoalField field, string? value) =>
        GoalFields.Display(field, value, _state!.Organisations, _state.Members, _state.Goals);

    /// <summary>Saves one field from where the viewer started; returns false when it did not save.</summary>
    private async Task<bool> SaveFieldAsync(GoalField field, string? original, string? value)
    {
        if (_busy)
        {
            return false;
        }

        _busy = true;
        _fieldError = null;
        try
        {
            var result = await Goals.SaveFieldAsync(UserId, PartnershipId, GoalId, field, original, value);
            if (!result.Succeeded)
            {
                var message = result.Error!.For(field.ToString()) ?? result.Error.Message;
                switch (field)
                {
                    case GoalField.Title: _titleError = message; break;
                    default: _fieldError = message; break;
                }

                return false;
            }

            _state!.Accept(result.Value!.Goal);
            if (result.Value.Conflict is { } conflict)
            {
                _conflict = conflict;
                return false;
            }

            _conflict = null;
            return true;
        }
        finally
        {
            _busy = false;
        }
    }

    private Task<bool> SaveFieldChangeAsync(FieldChange change) => SaveFieldAsync(change.Field, change.Original, change.Value);

    private void SetEditing(string? field) => _presence?.Editing(field);

    public void EditTitle()
    {
        _titleEditing = true;
        _titleText = Summary.Title;
        _titleOriginal = Summary.Title;
        _titleError = null;
        SetEditing("Title");
    }

    public async Task TitleKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            await CancelTitleAsync();
        }
    }

    public void TitleTyped(string? text)
    {
        _titleText = text ?? "";
        ScheduleDraft(GoalField.Title);
    }

    public async Task CancelTitleAsync()
    {
        _titleEditing = false;
        _titleError = null;
        SetEditing(null);
        await DiscardDraftAsync(GoalField.Title);
    }

    public async Task SaveTitleAsync()
    {
        _titleError = null;
        if (await SaveFieldAsync(GoalField.Title, _titleOriginal, _titleText))
        {
            _titleEditing = false;
            SetEditing(null);
            await DiscardDraftAsync(GoalField.Title);
        }
    }

    public void EditDescription()
    {
        DescriptionEditing = true;
        SetEditing("Description");
    }

    public Task<Result<CoTextState>> OpenDescriptionAsync(CancellationToken cancellationToken) =>
        CoTyping.OpenGoalDescriptionAsync(UserId, PartnershipId, GoalId, cancellationToken);

    public void DescriptionDone()
    {
        DescriptionEditing = false;
        SetEditing(null);
        // What was typed reached the others live; this page reads it now that it shows the description again.
        if (_state is not null)
        {
            _state.DescriptionStale = true;
            ReadDescriptionIfStale();
        }
    }

    /// <summary>
    /// Writes the draft once typing pauses. The field's value itself follows every keystroke: a
    /// debounced value would make a Save clicked within the pause store the text without the last keystrokes.
    /// </summary>
    private void ScheduleDraft(GoalField field)
    {
        CancelPendingDraft(field);
        var pending = new CancellationTokenSource();
        _pendingDrafts[field] = pending;
        _ = WriteDraftLaterAsync(field, pending.Token);
    }

    private async Task WriteDraftLaterAsync(GoalField field, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(DraftDelay, cancellationToken);
            await InvokeAsync(async () =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                await SaveDraftAsync(field, _titleText, _titleOriginal);
            });
        }
        catch (OperationCanceledException)
        {
            // Typing went on, or the edit was saved or cancelled.
        }
        catch (Exception ex) when (StorageFaults.IsBusy(ex))
        {
            // The text stays in the field; the draft is written again once the database is free.
            await InvokeAsync(() =>
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    ScheduleDraft(field);
                }
            });
        }
#pragma warning disable CA1031 // A failed background draft write belongs to this circuit.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void CancelPendingDraft(GoalField field)
    {
        if (_pendingDrafts.Remove(field, out var pending))
        {
            pending.Cancel();
            pending.Dispose();
        }
    }

    private async Task SaveDraftAsync(GoalField field, string text, string? original)
    {
        // A draft that cannot be written (the title is too long) says nothing: saving the title says why.
        await Drafts.SaveAsync(UserId, PartnershipId, GoalId, field, text, original);
    }

    private void RestoreDraft(DraftView draft)
    {
        _state!.Forget(draft.Field);
        if (draft.Field == GoalField.Title)
        {
            EditTitle();
            _titleText = draft.Text;
            _titleOriginal = draft.OriginalText;
        }
    }

    private Task DiscardDraftAsync(DraftView draft) => DiscardDraftAsync(draft.Field);

    /// <summary>Drops the field's draft, its pending save and any offer to restore it (after a save, a cancel or a discard).</summary>
    private async Task DiscardDraftAsync(GoalField field)
    {
        CancelPendingDraft(field);
        _state?.Forget(field);
        await Drafts.DiscardAsync(UserId, GoalId, field);
    }

    private async Task KeepTheirsAsync()
    {
        var field = _conflict!.Field;
        _conflict = null;
        if (field == GoalField.Title)
        {
            await CancelTitleAsync();
        }
    }

    private async Task KeepMineAsync()
    {
        var conflict = _conflict!;
        if (await SaveFieldAsync(conflict.Field, conflict.Theirs, conflict.Yours))
        {
            if (conflict.Field == GoalField.Title)
            {
                _titleEditing = false;
                SetEditing(null);
                await DiscardDraftAsync(GoalField.Title);
            }
        }
    }

    private Task MergeAsync()
    {
        var conflict = _conflict!;
        _conflict = null;
        if (conflict.Field == GoalField.Description)
        {
            // The description is co-typed: merging is typing into it, with everyone else.
            EditDescription();
            _tab = 0;
        }
        else if (conflict.Field == GoalField.Title)
        {
            _titleEditing = true;
            _titleText = conflict.Yours ?? "";
            _titleOriginal = conflict.Theirs;
        }

        return Task.CompletedTask;
    }

    public void Restored(FieldSave save)
    {
        _state!.Accept(save.Goal);
        _conflict = save.Conflict;
    }

    protected override void Dispose(bool disposing)
    {
        _presence?.Dispose();
        foreach (var field in _pendingDrafts.Keys.ToList())
        {
            CancelPendingDraft(field);
        }

        base.Dispose(disposing);
    }
}
