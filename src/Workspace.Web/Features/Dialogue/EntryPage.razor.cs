using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dialogue;

public sealed partial class EntryPage
{
    private EntryPageState? _state;
    private string? _error;
    private string _replyText = "";
    private string? _replyError;
    private IReadOnlyCollection<string> _replyMentions = [];

    // One id per composed reply: a retry after an error that hid a success stores nothing twice.
    private Guid? _replySubmission;
    private bool _busy;
    // Made once, so the parts' parameters stay the same while the page lives.
    private EntryPageActions _actions = default!;

    [Parameter]
    public Guid EntryId { get; set; }

    [Inject]
    private LogService Log { get; set; } = default!;

    [Inject]
    private ReplyService Replies { get; set; } = default!;

    [Inject]
    private ActionService Actions { get; set; } = default!;

    [Inject]
    private GoalService Goals { get; set; } = default!;

    [Inject]
    private MarkdownRenderer Markdown { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The page's state, once loaded (the markup reads it only then).</summary>
    private EntryPageState State => _state!;

    protected override void OnInitialized()
    {
        base.OnInitialized();
        _actions = new EntryPageActions
        {
            React = EventCallback.Factory.Create<string>(this, ReactAsync),
            StartEditReply = EventCallback.Factory.Create<Guid>(this, id => State.StartEditReply(id)),
            EditText = EventCallback.Factory.Create<string>(this, text => State.EditText = text),
            EditMentions = EventCallback.Factory.Create<IReadOnlyCollection<string>>(this, mentions => State.EditMentions = mentions),
            SaveReplyEdit = EventCallback.Factory.Create(this, SaveReplyEditAsync),
            CancelEditReply = EventCallback.Factory.Create(this, () => State.CancelEditReply()),
            RemoveReply = EventCallback.Factory.Create<Guid>(this, RemoveReplyAsync),
        };
    }

    protected override async Task<bool> LoadAsync()
    {
        var result = await Log.GetEntryPageAsync(UserId, PartnershipId, EntryId);
        if (!result.Succeeded)
        {
            return false;
        }

        _state = new EntryPageState(PartnershipId, UserId, result.Value!);
        return true;
    }

    protected override async Task<bool> ApplyEventAsync(PartnershipEvent change)
    {
        if (_state is null || !_state.Apply(change))
        {
            return false;
        }

        await RefreshHistoryAsync();
        return true;
    }

    protected override async Task ResyncAsync()
    {
        var result = await Log.GetEntryPageAsync(UserId, PartnershipId, EntryId);
        if (result.Succeeded && _state is not null)
        {
            _state.Resync(result.Value!);
            await RefreshHistoryAsync();
        }
    }

    private async Task EditAsync()
    {
        var entry = State.Detail.Entry;
        var input = new EntryInput
        {
            Kind = entry.Kind,
            Title = entry.Title,
            Body = entry.Body,
            GoalId = entry.GoalId,
            DecisionRule = entry.DecisionRule ?? DecisionRule.Consent,
            DeadlineUtc = entry.DeadlineUtc,
            AssigneeUserId = entry.Assignee?.UserId,
            DueDate = entry.DueDate,
            ActionState = entry.ActionState ?? ActionState.Open,
            SourceDecisionId = entry.SourceDecisionId,
            Likelihood = entry.Likelihood,
            Impact = entry.Impact,
            Mitigation = entry.Mitigation,
            RiskOwnerUserId = entry.RiskOwner?.UserId,
            RiskState = entry.RiskState ?? RiskState.Open,
            Version = entry.Version,
            Mentions = [.. entry.Mentioned.Select(m => m.UserId)],
        };
        var goals = (await Goals.ListAsync(UserId, PartnershipId)).Value?.Goals ?? [];
        await Dialogs.ShowAsync<EntryDialog>("Edit entry",
            new DialogParameters<EntryDialog>
            {
                { d => d.UserId, UserId }, { d => d.PartnershipId, PartnershipId }, { d => d.EntryId, EntryId }, { d => d.Input, input },
                { d => d.Goals, goals }, { d => d.Members, State.Members },
            },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
    }

    private async Task RemoveAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove this entry?",
            "Everyone will see that you removed it and when; its history is kept. This cannot be undone.",
            yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await Log.RemoveAsync(UserId, PartnershipId, EntryId);
        _error = result.Error?.Message;
    }

    private async Task SetStateAsync(ActionState state)
    {
        var result = await Actions.SetActionStateAsync(UserId, PartnershipId, EntryId, state);
        if (!result.Succeeded)
        {
            Snackbar.Add(result.Error!.Message, Severity.Error);
        }
    }

    private async Task ReactAsync(string emoji)
    {
        var result = await Replies.ToggleReactionAsync(UserId, PartnershipId, EntryId, emoji);
        if (result.Succeeded)
        {
            State.ShowReactions(result.Value!);
        }
        else
        {
            Snackbar.Add(result.Error!.Message, Severity.Error);
        }
    }

    private async Task ReplyAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            _replySubmission ??= Guid.NewGuid();
            var result = await Replies.ReplyAsync(UserId, PartnershipId, EntryId, _replyText, _replyMentions, _replySubmission);
            _replyError = result.Error?.For("Body") ?? result.Error?.For("Mentions") ?? result.Error?.Message;
            if (result.Succeeded)
            {
                _replyText = "";
                _replyMentions = [];
                _replySubmission = null;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveReplyEditAsync()
    {
        if (_busy || State.EditingReplyId is not { } replyId)
        {
            return;
        }

        _busy = true;
        try
        {
            // A failed save keeps the text in the box.
            var result = await Replies.EditReplyAsync(UserId, PartnershipId, EntryId, replyId, State.EditText, State.EditMentions, State.EditVersion);
            State.EditError = result.Error?.For("Body") ?? result.Error?.For("Mentions") ?? result.Error?.Message;
            if (result.Succeeded)
            {
                State.ReplyEdited(result.Value!);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RemoveReplyAsync(Guid replyId)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove this reply?",
            "Everyone will see that it was removed, by whom and when. This cannot be undone.", yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await Replies.RemoveReplyAsync(UserId, PartnershipId, EntryId, replyId);
        if (!result.Succeeded)
        {
            Snackbar.Add(result.Error!.Message, Severity.Error);
        }
    }

    private async Task LoadHistoryAsync()
    {
        if (State.History is null)
        {
            State.ShowHistory((await Log.HistoryAsync(UserId, PartnershipId, EntryId)).Value ?? []);
        }
    }

    /// <summary>
    /// Reads the history again when it has been shown and the entry changed (one read, only for people who
    /// opened it), so an open history lists a change as soon as it is saved, whoever saved it.
    /// </summary>
    private async Task RefreshHistoryAsync()
    {
        if (_state is { HistoryStale: true, History: { } shown })
        {
            _state.ShowHistory((await Log.HistoryAsync(UserId, PartnershipId, EntryId)).Value ?? shown);
        }
    }

    /// <summary>A recorded value as people read it: action states are stored by their enum names ("InProgress").</summary>
    private static string? Shown(EntryChange change, string? value) =>
        change.Field == nameof(LogEntry.ActionState) && Enum.TryParse<ActionState>(value, out var state) ? state.ToText() : value;

}
