using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// One workshop: its plan before it starts, the live room while it runs (agenda, timer, ideas, votes,
/// who is here) and its record after it ends. Participants follow the facilitator's item unless they roam.
/// </summary>
public sealed partial class WorkshopPage
{
    private WorkshopRunView? _run;
    private PartnershipRole _role;
    /// <summary>The ideas shown, per agenda item, oldest first.</summary>
    private Dictionary<Guid, List<IdeaView>> _ideas = [];
    /// <summary>Per private item, how many ideas there are in all (mine included) — the only thing others' private ideas reveal.</summary>
    private Dictionary<Guid, int> _hidden = [];
    private Dictionary<Guid, IReadOnlyList<VoteCount>> _dotCounts = [];
    private Dictionary<Guid, int> _myDots = [];
    private List<PollView> _polls = [];
    private Dictionary<Guid, IReadOnlyList<Guid>> _myChoices = [];
    private readonly SnapshotRevisions _ideaRevisions = new();
    private readonly SnapshotRevisions _voteRevisions = new();
    private readonly SnapshotRevisions _pollRevisions = new();
    private IReadOnlyList<MemberView> _members = [];
    private IReadOnlyList<GoalSummary> _goals = [];
    private IReadOnlyList<PresenceEntry> _present = [];
    private IPresenceHandle? _presence;
    private EquityView? _equity;
    private IdeaCardActions? _ideaActions;
    /// <summary>Each idea's card as last shown: an equal model keeps this instance, so an idea's list allocates no model per unchanged card.</summary>
    private readonly Dictionary<Guid, IdeaCardModel> _cardModels = [];
    private ITimer? _equityRefresh;
    /// <summary>Counts changes to the ideas, their dots and my dots: the ideas list renders again only when it moves.</summary>
    private int _ideasVersion;
    /// <summary>Counts changes to the polls and my choices in them.</summary>
    private int _pollsVersion;
    private Guid? _viewItemId;
    private bool _roaming;
    private bool _joined;
    private bool _busy;
    private string? _error;
    private string? _ideaText;
    private string? _ideaError;

    [Parameter]
    public Guid WorkshopId { get; set; }

    [Inject]
    private WorkshopService Workshops { get; set; } = default!;

    [Inject]
    private MemberService Members { get; set; } = default!;

    [Inject]
    private GoalService Goals { get; set; } = default!;

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

    private bool IsFacilitator => _role == PartnershipRole.Facilitator;

    private bool CanTakePart => _role >= PartnershipRole.Contributor;

    private AgendaItemView? CurrentItem => _run?.CurrentItem;

    private AgendaItemView? ViewedItem => _run?.Items.FirstOrDefault(i => i.Id == (_roaming ? _viewItemId : _run.CurrentItemId)) ?? CurrentItem;

    private List<PresenceEntry> PresentPeople => [.. _present.DistinctBy(p => p.UserId)];

    private List<(string Name, Sector? Sector, List<string> People)> PresentByOrganisation =>
        [.. PresentPeople
            .Select(p => (Person: p, Member: _members.FirstOrDefault(m => m.UserId == p.UserId)))
            .GroupBy(x => x.Member?.OrganisationName ?? x.Person.OrganisationName ?? "No organisation")
            .OrderBy(g => g.Key, StringComparer.CurrentCulture)
            .Select(g => (g.Key, g.First().Member?.Sector, g.Select(x => x.Person.DisplayName).Order(StringComparer.CurrentCulture).ToList()))];

    protected override async Task<bool> LoadAsync()
    {
        if (!await ReloadAsync())
        {
            return false;
        }

        _members = (await Members.ListAsync(UserId, PartnershipId)).Value ?? [];
        _goals = (await Goals.ListAsync(UserId, PartnershipId)).Value?.Goals.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase).ToList() ?? [];
        if (RendererInfo.IsInteractive)
        {
            var me = _members.FirstOrDefault(m => m.UserId == UserId);
            _presence ??= PresenceTracker.Join(PartnershipId, Location, UserId, me?.DisplayName ?? "Someone", me?.OrganisationName);
            _present = PresenceTracker.At(PartnershipId, Location);
            await JoinIfLiveAsync();
            await RefreshEquityAsync();
        }

        return true;
    }

    private async Task<bool> ReloadAsync()
    {
        var result = await Workshops.GetAsync(UserId, PartnershipId, WorkshopId);
        if (!result.Succeeded)
        {
            return false;
        }

        var detail = result.Value!;
        _run = detail.Run;
        _role = detail.Role;
        _ideas = detail.Ideas.GroupBy(i => i.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        _cardModels.Clear();
        _hidden = detail.HiddenIdeaCounts.ToDictionary(h => h.Key, h => h.Value + IdeasOf(h.Key).Count);
        _dotCounts = new(detail.DotCounts);
        _myDots = new(detail.MyDots);
        _polls = [.. detail.Polls];
        _myChoices = new(detail.MyChoices);
        detail.MarkShown(_ideaRevisions, _voteRevisions, _pollRevisions);
        _ideasVersion++;
        _pollsVersion++;
        return true;
    }

    private async Task JoinIfLiveAsync()
    {
        if (!_joined && _run?.State == WorkshopState.Live)
        {
            _joined = true;
            await Workshops.JoinAsync(UserId, PartnershipId, WorkshopId);
        }
    }

    private async Task RefreshEquityAsync()
    {
        if (IsFacilitator && _run?.State == WorkshopState.Live)
        {
            var fresh = (await Workshops.EquityAsync(UserId, PartnershipId, WorkshopId)).Value;
            // The same figures keep the same instance, so the equity panel does not render again.
            if (fresh is null || _equity is null || fresh.AnonymousVotes != _equity.AnonymousVotes || !fresh.Organisations.SequenceEqual(_equity.Organisations))
            {
                _equity = fresh;
            }
        }
    }

    /// <summary>
    /// The equity view counts what is in the database (private ideas, organisations, edits), more than
    /// the events carry, so a change schedules one read after <see cref="EquityRefreshDelay"/>; changes
    /// arriving meanwhile share that read. A page that is not the facilitator's never reads it.
    /// </summary>
    private void ScheduleEquityRefresh()
    {
        if (!IsFacilitator || _run?.State != WorkshopState.Live || _equityRefresh is not null)
        {
            return;
        }

        _equityRefresh = Clock.CreateTimer(_ => _ = InvokeAsync(RefreshEquityLaterAsync), null, EquityRefreshDelay, Timeout.InfiniteTimeSpan);
    }

    private async Task RefreshEquityLaterAsync()
    {
        _equityRefresh?.Dispose();
        _equityRefresh = null;
        var shown = _equity;
        try
        {
            await RefreshEquityAsync();
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while the read was waiting.
            return;
        }

        if (!ReferenceEquals(shown, _equity))
        {
            StateHasChanged();
        }
    }

    protected override async Task OnEventAsync(PartnershipEvent change)
    {
        switch (change)
        {
            case WorkshopRunChanged run when run.Run.Id == WorkshopId:
                var wasPlanned = _run?.State == WorkshopState.Planned;
                _run = run.Run;
                if (run.BringEveryone)
                {
                    _roaming = false;
                }

                if (wasPlanned && run.Run.State == WorkshopState.Live)
                {
                    await JoinIfLiveAsync();
                }

                if (run.Run.State == WorkshopState.Ended)
                {
                    await ReloadAsync();
                }

                break;
            case IdeasChanged ideas when ideas.WorkshopId == WorkshopId:
                if (!_ideaRevisions.Accept(ideas.ItemId, ideas.Revision))
                {
                    return;
                }

                ApplyIdeas(ideas);
                if (ideas.Ideas.Count == 0 && ideas.HiddenCount > 0 && ideas.ActorUserId == UserId && !_busy)
                {
                    // Possibly my own idea from another tab: only I may read it back.
                    await ReloadAsync();
                }

                break;
            case VotesChanged votes when votes.WorkshopId == WorkshopId:
                if (!_voteRevisions.Accept(votes.TargetId, votes.Revision))
                {
                    return;
                }

                await ApplyVotesAsync(votes.TargetId, votes.Counts, votes.VoterCount);
                break;
            case PollSaved poll when poll.WorkshopId == WorkshopId:
                var at = _polls.FindIndex(p => p.Id == poll.Poll.Id);
                var merged = PollView.Merge(at >= 0 ? _polls[at] : null, poll, _pollRevisions, _voteRevisions);
                if (at >= 0)
                {
                    _polls[at] = merged;
                }
                else
                {
                    _polls.Add(merged);
                }

                if (!merged.ResultsRevealed && IsFacilitator)
                {
                    // The event carries no counts before the reveal: read what a facilitator may see.
                    await ApplyVotesAsync(merged.Id, null, merged.VoterCount);
                }

                _pollsVersion++;
                break;
            case PresenceChanged presence when presence.Location == Location:
                _present = PresenceLists.Latest(_present, presence.People);
                break;
            case MemberRoleChanged role when role.UserId == UserId:
                // What the page holds depends on the role (unrevealed counts are facilitators'): read it again as the new role.
                _role = role.Role;
                await ReloadAsync();
                break;
            case WorkshopSaved saved when saved.Workshop.Id == WorkshopId && saved.Cancelled:
                Navigation.NavigateTo($"p/{PartnershipId}/workshops");
                return;
            default:
                // Edits to goals and the log during the session count in the equity view.
                if (change is Features.Goals.GoalSaved or Features.Goals.IndicatorSaved or Dialogue.LogEntrySaved or Dialogue.PositionsChanged or Dialogue.ReplyPosted)
                {
                    ScheduleEquityRefresh();
                }

                return;
        }

        if (change is IdeasChanged or VotesChanged or PresenceChanged or WorkshopRunChanged)
        {
            ScheduleEquityRefresh();
        }
    }

    /// <summary>
    /// Shows new counts of a dot vote or a poll. Events carry them only once revealed; before that a
    /// facilitator's page reads them, and anyone else's keeps showing none (but a poll's number of voters).
    /// </summary>
    private async Task ApplyVotesAsync(Guid targetId, IReadOnlyList<VoteCount>? counts, int voterCount)
    {
        if (counts is null && IsFacilitator)
        {
            var tally = await Workshops.VoteCountsAsync(UserId, PartnershipId, WorkshopId, targetId);
            (counts, voterCount) = tally.Succeeded ? (tally.Value!.Counts, tally.Value.VoterCount) : (null, voterCount);
        }

        if (_polls.FindIndex(p => p.Id == targetId) is var index and >= 0)
        {
            _polls[index] = _polls[index] with { Counts = counts ?? _polls[index].Counts, VoterCount = voterCount };
            _pollsVersion++;
        }
        else if (counts is not null)
        {
            _dotCounts[targetId] = counts;
            _ideasVersion++;
        }
    }

    private void ApplyIdeas(IdeasChanged change)
    {
        _ideasVersion++;
        var hidden = change.Ideas.Count == 0 && change.HiddenCount > 0;
        if (hidden)
        {
            _hidden[change.ItemId] = change.HiddenCount;
            return;
        }

        // Keep each idea already shown where it did not change, so the cards compare it by reference. The
        // ideas come oldest first: one that is still there is mostly at the same place, or one place up.
        var shown = IdeasOf(change.ItemId);
        var ideas = new List<IdeaView>(change.Ideas.Count);
        var offset = 0;
        for (var i = 0; i < change.Ideas.Count; i++)
        {
            var idea = change.Ideas[i];
            if (i + offset < shown.Count && shown[i + offset].Id != idea.Id && i + offset + 1 < shown.Count && shown[i + offset + 1].Id == idea.Id)
            {
                offset++;
            }

            ideas.Add(i + offset < shown.Count && shown[i + offset] is var same && same.Id == idea.Id && same.Equals(idea) ? same : idea);
        }

        _ideas[change.ItemId] = ideas;
        _hidden.Remove(change.ItemId);
    }

    private void SelectItem(AgendaItemView item)
    {
        if (IsFacilitator)
        {
            _ = RunAsync(() => Workshops.GoToItemAsync(UserId, PartnershipId, WorkshopId, item.Id), run => _run = run);
            return;
        }

        _viewItemId = item.Id;
        _roaming = item.Id != _run?.CurrentItemId;
    }

    private void FollowFacilitator() => _roaming = false;

    private Task BringEveryoneAsync() => RunAsync(() => Workshops.BringEveryoneAsync(UserId, PartnershipId, WorkshopId), run => _run = run);

    private Task FocusGoalAsync(Guid? goalId) => RunAsync(() => Workshops.FocusGoalAsync(UserId, PartnershipId, WorkshopId, goalId), run => _run = run);

    private Task RevealIdeasAsync(AgendaItemView item) => RunAsync(() => Workshops.RevealIdeasAsync(UserId, PartnershipId, WorkshopId, item.Id), run => _run = run);

    private Task SetPrivateAsync(AgendaItemView item, bool isPrivate) =>
        RunAsync(() => Workshops.SetIdeasPrivateAsync(UserId, PartnershipId, WorkshopId, item.Id, isPrivate), run => _run = run);

    private Task CloseVoteAsync(AgendaItemView item) => RunAsync(() => Workshops.CloseDotVoteAsync(UserId, PartnershipId, WorkshopId, item.Id), run => _run = run);

    private Task RevealVotesAsync(AgendaItemView item) => RunAsync(() => Workshops.RevealDotVotesAsync(UserId, PartnershipId, WorkshopId, item.Id), run => _run = run);

    private Task TimerAsync(TimerCommand command) => RunAsync(() => Workshops.TimerAsync(UserId, PartnershipId, WorkshopId, command), run => _run = run);

    private Task ExtendAsync(int minutes) => RunAsync(() => Workshops.ExtendTimerAsync(UserId, PartnershipId, WorkshopId, minutes), run => _run = run);

    private Task MoveItemAsync(AgendaItemView item, int direction) =>
        RunAsync(() => Workshops.MoveItemAsync(UserId, PartnershipId, WorkshopId, item.Id, direction), run => _run = run);

    private async Task OpenVoteAsync(AgendaItemView item)
    {
        var dialog = await Dialogs.ShowAsync<DotVoteDialog>("Dot vote on ideas", new DialogParameters<DotVoteDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.WorkshopId, WorkshopId },
            { d => d.Item, item },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: WorkshopRunView run })
        {
            _run = run;
        }
    }

    private async Task NewPollAsync(AgendaItemView item)
    {
        var dialog = await Dialogs.ShowAsync<PollDialog>("New poll", new DialogParameters<PollDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.WorkshopId, WorkshopId },
            { d => d.ItemId, item.Id },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: PollView poll } && !_polls.Any(p => p.Id == poll.Id))
        {
            _polls.Add(poll);
            _pollsVersion++;
        }
    }

    private void PollVoted(Guid pollId, IReadOnlyList<Guid> choices)
    {
        _myChoices[pollId] = choices;
        _pollsVersion++;
    }

    private int DotsLeft(AgendaItemView item) =>
        Math.Max(0, item.VotesPerPerson - (_myDots.Count == 0 ? 0 : IdeasOf(item.Id).Sum(i => _myDots.GetValueOrDefault(i.Id))));

    private int OthersHidden(AgendaItemView item) => Math.Max(0, _hidden.GetValueOrDefault(item.Id) - IdeasOf(item.Id).Count);

    private List<IdeaView> IdeasOf(Guid itemId) => _ideas.GetValueOrDefault(itemId) ?? [];

    /// <summary>The cards' way back to this page: one instance for as long as the partnership stays the same.</summary>
    private IdeaCardActions IdeaActions =>
        _ideaActions is { } actions && actions.PartnershipId == PartnershipId
            ? actions
            : _ideaActions = new IdeaCardActions(PartnershipId, EventCallback.Factory.Create<IdeaCommand>(this, OnIdeaCommandAsync));

    private IdeaCardModel CardModel(IdeaView idea, IdeaCardSettings settings, int dots, int myDots, bool canRemoveOwn)
    {
        if (_cardModels.TryGetValue(idea.Id, out var shown)
            && ReferenceEquals(shown.Idea, idea) && shown.Settings == settings && shown.Dots == dots && shown.MyDots == myDots && shown.CanRemoveOwn == canRemoveOwn)
        {
            return shown;
        }

        var card = new IdeaCardModel(idea, settings, dots, myDots, canRemoveOwn);
        _cardModels[idea.Id] = card;
        return card;
    }

    private Task OnIdeaCommandAsync(IdeaCommand command) => command.Kind switch
    {
        IdeaCommandKind.PlaceDot => DotAsync(command.Idea, add: true),
        IdeaCommandKind.TakeBackDot => DotAsync(command.Idea, add: false),
        IdeaCommandKind.RecordDecision => CaptureAsync(command.Idea, EntryKind.Decision),
        IdeaCommandKind.RecordAction => CaptureAsync(command.Idea, EntryKind.Action),
        IdeaCommandKind.Group => GroupAsync(command.Idea),
        IdeaCommandKind.Remove => RemoveIdeaAsync(command.Idea),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "Not a command of an idea card."),
    };

    private int IdeaShare(EquityRow row)
    {
        var total = _equity?.Organisations.Sum(r => r.Ideas) ?? 0;
        return total < 4 ? 0 : (int)Math.Round(100.0 * row.Ideas / total);
    }

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private async Task AddIdeaAsync(AgendaItemView item)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Workshops.AddIdeaAsync(UserId, PartnershipId, WorkshopId, item.Id, _ideaText ?? "");
            _ideaError = result.Error?.For("Text") ?? (result.Error is { } error ? error.Message : null);
            if (result.Succeeded)
            {
                _ideaText = "";
                if (!IdeasOf(item.Id).Exists(i => i.Id == result.Value!.Id))
                {
                    _ideas[item.Id] = [.. IdeasOf(item.Id), result.Value!];
                    _ideasVersion++;
                }
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DotAsync(IdeaView idea, bool add)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Workshops.DotVoteAsync(UserId, PartnershipId, WorkshopId, idea.Id, add);
            if (result.Succeeded)
            {
                _myDots[idea.Id] = result.Value;
                _ideasVersion++;
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Warning);
                await ReloadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CaptureAsync(IdeaView idea, EntryKind kind)
    {
        var dialog = await Dialogs.ShowAsync<CaptureDialog>(kind == EntryKind.Decision ? "Record as a decision" : "Record as an action", new DialogParameters<CaptureDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.WorkshopId, WorkshopId },
            { d => d.Idea, idea },
            { d => d.Kind, kind },
            { d => d.Members, _members.Where(m => m.Role >= PartnershipRole.Contributor).OrderBy(m => m.DisplayName, StringComparer.CurrentCulture).ToList() },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: LogEntryView entry })
        {
            Snackbar.Add($"Recorded in the dialogue log as {(entry.Kind == EntryKind.Action ? "an action" : "a decision")}.", Severity.Success);
        }
    }

    private async Task GroupAsync(IdeaView idea)
    {
        var groups = IdeasOf(idea.ItemId).Where(i => i.Group.Length > 0).Select(i => i.Group).Distinct().Order(StringComparer.CurrentCulture).ToList();
        var dialog = await Dialogs.ShowAsync<GroupDialog>("Put in a group", new DialogParameters<GroupDialog>
        {
            { d => d.Idea, idea },
            { d => d.Groups, groups },
        }, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string group })
        {
            var result = await Workshops.GroupIdeaAsync(UserId, PartnershipId, WorkshopId, idea.Id, group);
            _error = result.Error?.Message;
        }
    }

    private async Task RemoveIdeaAsync(IdeaView idea)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove this idea?", $"“{Short(idea.Text)}” and its dots are removed for everyone.",
            yesText: "Remove idea", cancelText: "Keep it");
        if (confirmed != true)
        {
            return;
        }

        var result = await Workshops.RemoveIdeaAsync(UserId, PartnershipId, WorkshopId, idea.Id);
        _error = result.Error?.Message;
        if (result.Succeeded)
        {
            _ideas[idea.ItemId] = IdeasOf(idea.ItemId).FindAll(i => i.Id != idea.Id);
            _ideasVersion++;
        }
    }

    private async Task StartAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Start the workshop now?",
            "Everyone who opens it joins, the first agenda item begins and its timer starts.", yesText: "Start workshop", cancelText: "Not yet");
        if (confirmed == true)
        {
            await RunAsync(() => Workshops.StartAsync(UserId, PartnershipId, WorkshopId), run => _run = run);
            await JoinIfLiveAsync();
            await RefreshEquityAsync();
        }
    }

    private async Task EndAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("End the workshop?",
            "Ideas and votes close for everyone, and the minutes (attendance, agenda with actual times, ideas, votes, decisions and actions) are written into the dialogue log.",
            yesText: "End and write minutes", cancelText: "Keep going");
        if (confirmed == true)
        {
            await RunAsync(() => Workshops.EndAsync(UserId, PartnershipId, WorkshopId), run => _run = run);
            await ReloadAsync();
        }
    }

    private async Task EditWorkshopAsync()
    {
        var dialog = await Dialogs.ShowAsync<WorkshopDialog>("Edit the workshop", new DialogParameters<WorkshopDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.Existing, _run },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }

    private async Task CancelWorkshopAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Cancel this workshop?",
            "The workshop and its agenda are deleted for everyone. This cannot be undone.", yesText: "Cancel workshop", cancelText: "Keep it");
        if (confirmed != true)
        {
            return;
        }

        var result = await Workshops.DeleteAsync(UserId, PartnershipId, WorkshopId);
        if (result.Succeeded)
        {
            Snackbar.Add("Workshop cancelled.", Severity.Success);
            Navigation.NavigateTo($"p/{PartnershipId}/workshops");
        }
        else
        {
            _error = result.Error!.Message;
        }
    }

    private async Task EditItemAsync(AgendaItemView? item)
    {
        var dialog = await Dialogs.ShowAsync<AgendaItemDialog>(item is null ? "Add an agenda item" : "Edit the agenda item", new DialogParameters<AgendaItemDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.WorkshopId, WorkshopId },
            { d => d.Existing, item },
            { d => d.Goals, _goals },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: WorkshopRunView run })
        {
            _run = run;
        }
    }

    private async Task RemoveItemAsync(AgendaItemView item)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Remove “{item.Title}”?", "The item is taken off the agenda.", yesText: "Remove item", cancelText: "Keep it");
        if (confirmed == true)
        {
            await RunAsync(() => Workshops.RemoveItemAsync(UserId, PartnershipId, WorkshopId, item.Id), run => _run = run);
        }
    }

    private async Task RunAsync<T>(Func<Task<Common.Result<T>>> call, Action<T> apply)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await call();
            _error = result.Error?.Message;
            if (result.Succeeded)
            {
                apply(result.Value!);
            }
        }
        finally
        {
            _busy = false;
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
