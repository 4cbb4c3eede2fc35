using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

public sealed partial class GoalPage
{
    private GoalSummary? _summary;
    private string _description = "";
    private IReadOnlyList<ContributionView> _contributions = [];
    private IReadOnlyList<IndicatorView> _indicators = [];
    private IReadOnlyList<OrganisationOption> _organisations = [];
    private IReadOnlyList<MemberView> _members = [];
    private IReadOnlyList<GoalSummary> _allGoals = [];
    /// <summary>
    /// The goal's revisions the description, the contributions and each indicator shown were read at:
    /// each has its own events, and two changes at once can publish their pictures out of order (see
    /// <see cref="GoalSummary.Revision"/>).
    /// </summary>
    private long _descriptionRevision;
    private long _contributionsRevision;
    private readonly SnapshotRevisions _indicatorRevisions = new();
    private PartnershipRole _role;
    private IPresenceHandle? _presence;
    private bool _busy;
    private int _tab;
    private string? _fieldError;
    private FieldConflict? _conflict;
    private List<DraftView> _offeredDrafts = [];
    private GoalHistoryPanel? _history;

    private bool _titleEditing;
    private string _titleText = "";
    private string? _titleOriginal;
    private string? _titleError;

    private bool _descriptionEditing;
    private bool _preview;
    private string _descriptionText = "";
    private string? _descriptionOriginal;
    private string? _descriptionError;
    private string? _descriptionChangedBy;
    private string? _draftStatus;
    private readonly Dictionary<GoalField, CancellationTokenSource> _pendingDrafts = [];

    [Parameter]
    public Guid GoalId { get; set; }

    [Inject]
    private GoalService Goals { get; set; } = default!;

    [Inject]
    private DraftService Drafts { get; set; } = default!;

    [Inject]
    private MemberService Members { get; set; } = default!;

    [Inject]
    private OrganisationService Organisations { get; set; } = default!;

    [Inject]
    private ProfileService Profiles { get; set; } = default!;

    [Inject]
    private CircuitPresence PresenceTracker { get; set; } = default!;

    [Inject]
    private MarkdownRenderer Markdown { get; set; } = default!;

    private IReadOnlyList<PresenceEntry> Presence { get; set; } = [];

    private bool CanEdit => _role >= PartnershipRole.Contributor;

    private string Location => $"goal:{GoalId}";

    private string? ParentTitle => _summary?.ParentGoalId is { } parent ? _allGoals.FirstOrDefault(g => g.Id == parent)?.Title : null;

    private GoalFieldValues FieldValues => GoalFieldValues.Of(_summary!, ParentTitle);

    /// <summary>What the header shows: it renders again only when one of these changed.</summary>
    private HeaderState HeaderView => new(_summary?.Title, _summary?.Status, _summary?.Progress, CanEdit, _titleEditing, _titleText, _titleError, _busy, Presence);

    /// <summary>What the description section shows, including who else is editing the description.</summary>
    private DescriptionState DescriptionView => new(CanEdit, _description, _descriptionEditing, _preview, _descriptionText, _descriptionError,
        _descriptionChangedBy, _draftStatus, _busy, DescriptionEditors);

    private IReadOnlyList<PresenceEntry>? _descriptionEditorsOf;
    private string _descriptionEditors = "";

    /// <summary>Who else is editing the description, as a key: worked out once per presence list (lists are replaced, never changed).</summary>
    private string DescriptionEditors
    {
        get
        {
            if (!ReferenceEquals(_descriptionEditorsOf, Presence))
            {
                _descriptionEditorsOf = Presence;
                _descriptionEditors = string.Join('\n', Presence.Where(p => p.EditingField == "Description" && p.UserId != UserId)
                    .Select(p => $"{p.UserId} {p.DisplayName} {p.OrganisationName}"));
            }

            return _descriptionEditors;
        }
    }

    /// <summary>What the tabs show (the sections compare their own lists by reference, so lists here are replaced, never changed in place).</summary>
    private TabsState TabsView => new(_tab, GoalId, CanEdit, _contributions, _organisations, _indicators, DescriptionView);

    private Guid _loadedGoal;
    private bool _joiningPresence;

    private static readonly TimeSpan DraftDelay = TimeSpan.FromMilliseconds(700);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedGoal != Guid.Empty && _loadedGoal != GoalId)
        {
            // Moving from one goal to another (breadcrumb to a parent) reuses the page.
            _presence?.Dispose();
            _presence = null;
            _conflict = null;
            _titleEditing = _descriptionEditing = false;
            await LoadAsync();
        }

        await base.OnParametersSetAsync();
    }

    protected override async Task<bool> LoadAsync()
    {
        var result = await Goals.GetAsync(UserId, PartnershipId, GoalId);
        if (!result.Succeeded)
        {
            return false;
        }

        _loadedGoal = GoalId;
        var detail = result.Value!;
        _summary = detail.Summary;
        _description = detail.Description;
        _contributions = detail.Contributions;
        _indicators = [.. detail.Indicators];
        _descriptionRevision = _contributionsRevision = detail.Summary.Revision;
        foreach (var indicator in detail.Indicators)
        {
            _indicatorRevisions.Accept(indicator.Id, detail.Summary.Revision);
        }

        _members = (await Members.ListAsync(UserId, PartnershipId)).Value ?? [];
        _role = _members.FirstOrDefault(m => m.UserId == UserId)?.Role ?? PartnershipRole.Observer;
        _organisations = await Organisations.ListAsync();
        _allGoals = (await Goals.ListAsync(UserId, PartnershipId)).Value?.Goals ?? [];
        _offeredDrafts = CanEdit
            ? [.. (await Drafts.ListAsync(UserId, PartnershipId, GoalId)).Where(d => d.Text != CurrentText(d.Field))]
            : [];
        await JoinPresenceAsync();
        return true;
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
            _presence = PresenceTracker.Join(PartnershipId, Location, UserId, me?.DisplayName ?? "Someone", me?.OrganisationName);
            Presence = PresenceTracker.At(PartnershipId, Location);
        }
        finally
        {
            _joiningPresence = false;
        }
    }

    /// <summary>The newer of the goal shown and <paramref name="incoming"/> (see <see cref="GoalSummary.Revision"/>).</summary>
    private GoalSummary Newest(GoalSummary incoming) => GoalSummary.Newest(_summary, incoming);

    protected override Task OnEventAsync(PartnershipEvent change)
    {
        switch (change)
        {
            case PresenceChanged presence when presence.Location == Location:
                Presence = PresenceLists.Latest(Presence, presence.People);
                break;
            case GoalSaved saved when saved.Goal.Id == GoalId:
                _summary = Newest(saved.Goal);
                if (saved.Field == GoalField.Description && saved.Goal.Revision > _descriptionRevision)
                {
                    _descriptionRevision = saved.Goal.Revision;
                    _description = saved.Description ?? "";
                    if (_descriptionEditing && saved.ActorUserId != UserId)
                    {
                        _descriptionChangedBy = NameOf(saved.ActorUserId);
                    }
                }

                _history?.MarkChanged();
                break;
            case GoalSaved other:
                if (_allGoals.FirstOrDefault(g => g.Id == other.Goal.Id) is not { } known || other.Goal.Revision >= known.Revision)
                {
                    _allGoals = [.. _allGoals.Where(g => g.Id != other.Goal.Id), other.Goal];
                }

                break;
            case IndicatorSaved indicator when indicator.Goal.Id == GoalId:
                _summary = Newest(indicator.Goal);
                if (_indicatorRevisions.Accept(indicator.Indicator.Id, indicator.Indicator.Revision))
                {
                    _indicators = _indicators.Any(i => i.Id == indicator.Indicator.Id)
                        ? [.. _indicators.Select(i => i.Id == indicator.Indicator.Id ? indicator.Indicator : i)]
                        : [.. _indicators, indicator.Indicator];
                }

                _history?.MarkChanged();
                break;
            case GoalContributionsChanged contributions when contributions.GoalId == GoalId:
                _summary = Newest(contributions.Goal);
                if (contributions.Goal.Revision > _contributionsRevision)
                {
                    _contributionsRevision = contributions.Goal.Revision;
                    _contributions = contributions.Contributions;
                }

                _history?.MarkChanged();
                break;
            case MemberJoined joined:
                _members = [.. _members.Where(m => m.UserId != joined.Member.UserId), joined.Member];
                break;
            case MemberRemoved removed:
                _members = [.. _members.Where(m => m.UserId != removed.UserId)];
                break;
            case MemberRoleChanged role:
                _members = [.. _members.Select(m => m.UserId == role.UserId ? m with { Role = role.Role } : m)];
                _role = role.UserId == UserId ? role.Role : _role;
                break;
        }

        return Task.CompletedTask;
    }

    private string? NameOf(string? userId) => _members.FirstOrDefault(m => m.UserId == userId)?.DisplayName ?? "Someone";

    private string? CurrentText(GoalField field) => field switch
    {
        GoalField.Title => _summary?.Title,
        GoalField.Description => _description,
        _ => null,
    };

    private static string FieldLabel(GoalField field) => field switch
    {
        GoalField.LeadOrganisation => "lead organisation",
        GoalField.DueDate => "due date",
        GoalField.Parent => "parent goal",
        _ => field.ToString().ToLowerInvariant(),
    };

    private string? DisplayValue(GoalField field, string? value) => value is null ? null : field switch
    {
        GoalField.Status => Enum.TryParse<GoalStatus>(value, out var status) ? status.ToText() : value,
        GoalField.LeadOrganisation => _organisations.FirstOrDefault(o => o.Id.ToString() == value)?.DisplayName ?? value,
        GoalField.Owner => _members.FirstOrDefault(m => m.UserId == value)?.DisplayName ?? "A former member",
        GoalField.Parent => _allGoals.FirstOrDefault(g => g.Id.ToString() == value)?.Title ?? value,
        GoalField.DueDate => DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date) ? date.ToString("d MMM yyyy", CultureInfo.CurrentCulture) : value,
        _ => value,
    };

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
                    case GoalField.Description: _descriptionError = message; break;
                    default: _fieldError = message; break;
                }

                return false;
            }

            _summary = Newest(result.Value!.Goal);
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

    private void EditTitle()
    {
        _titleEditing = true;
        _titleText = _summary!.Title;
        _titleOriginal = _summary.Title;
        _titleError = null;
        SetEditing("Title");
    }

    private async Task TitleKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            await CancelTitle();
        }
    }

    private void OnTitleTyped(string? text)
    {
        _titleText = text ?? "";
        ScheduleDraft(GoalField.Title);
    }

    private async Task CancelTitle()
    {
        _titleEditing = false;
        _titleError = null;
        SetEditing(null);
        await DiscardDraftAsync(GoalField.Title);
    }

    private async Task SaveTitleAsync()
    {
        _titleError = null;
        if (await SaveFieldAsync(GoalField.Title, _titleOriginal, _titleText))
        {
            _titleEditing = false;
            SetEditing(null);
            await DiscardDraftAsync(GoalField.Title);
        }
    }

    private void EditDescription()
    {
        _descriptionEditing = true;
        _preview = false;
        _descriptionText = _description;
        _descriptionOriginal = _description;
        _descriptionError = null;
        _descriptionChangedBy = null;
        _draftStatus = null;
        SetEditing("Description");
    }

    private void OnDescriptionTyped(string? text)
    {
        _descriptionText = text ?? "";
        ScheduleDraft(GoalField.Description);
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

                if (field == GoalField.Title)
                {
                    await SaveDraftAsync(field, _titleText, _titleOriginal);
                }
                else
                {
                    await SaveDraftAsync(field, _descriptionText, _descriptionOriginal);
                }

                StateHasChanged();
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
                    _draftStatus = "Draft not saved yet — the database is busy. What you typed is still here.";
                    ScheduleDraft(field);
                    StateHasChanged();
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
        var saved = await Drafts.SaveAsync(UserId, PartnershipId, GoalId, field, text, original);
        _draftStatus = saved.Succeeded ? $"Draft saved at {DateTime.Now:HH:mm:ss}" : saved.Error!.Message;
    }

    private async Task SaveDescriptionAsync()
    {
        _descriptionError = null;
        if (await SaveFieldAsync(GoalField.Description, _descriptionOriginal, _descriptionText))
        {
            _descriptionEditing = false;
            _descriptionChangedBy = null;
            SetEditing(null);
            await DiscardDraftAsync(GoalField.Description);
        }
    }

    private async Task CancelDescriptionAsync()
    {
        _descriptionEditing = false;
        _descriptionChangedBy = null;
        SetEditing(null);
        await DiscardDraftAsync(GoalField.Description);
    }

    private void RestoreDraft(DraftView draft)
    {
        _offeredDrafts.Remove(draft);
        if (draft.Field == GoalField.Description)
        {
            EditDescription();
            _descriptionText = draft.Text;
            _descriptionOriginal = draft.OriginalText;
            _tab = 0;
        }
        else if (draft.Field == GoalField.Title)
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
        _offeredDrafts.RemoveAll(d => d.Field == field);
        await Drafts.DiscardAsync(UserId, GoalId, field);
    }

    private async Task KeepTheirsAsync()
    {
        var field = _conflict!.Field;
        _conflict = null;
        if (field == GoalField.Description)
        {
            await CancelDescriptionAsync();
        }
        else if (field == GoalField.Title)
        {
            await CancelTitle();
        }
    }

    private async Task KeepMineAsync()
    {
        var conflict = _conflict!;
        if (await SaveFieldAsync(conflict.Field, conflict.Theirs, conflict.Yours))
        {
            if (conflict.Field == GoalField.Description)
            {
                _descriptionEditing = false;
                SetEditing(null);
                await DiscardDraftAsync(GoalField.Description);
            }
            else if (conflict.Field == GoalField.Title)
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
            _descriptionEditing = true;
            _preview = false;
            _descriptionText = conflict.Yours ?? "";
            _descriptionOriginal = conflict.Theirs;
            _descriptionChangedBy = null;
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

    private void OnRestored(FieldSave save)
    {
        _summary = Newest(save.Goal);
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

    private sealed record HeaderState(string? Title, GoalStatus? Status, double? Progress, bool CanEdit, bool Editing, string Text, string? Error,
        bool Busy, IReadOnlyList<PresenceEntry> Presence);

    private sealed record DescriptionState(bool CanEdit, string Description, bool Editing, bool Preview, string Text, string? Error,
        string? ChangedBy, string? DraftStatus, bool Busy, string OtherEditors);

    private sealed record TabsState(int Tab, Guid GoalId, bool CanEdit, IReadOnlyList<ContributionView> Contributions,
        IReadOnlyList<OrganisationOption> Organisations, IReadOnlyList<IndicatorView> Indicators, DescriptionState Description);
}
