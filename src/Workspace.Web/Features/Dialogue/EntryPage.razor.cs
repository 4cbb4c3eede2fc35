using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dialogue;

public sealed partial class EntryPage
{
    private LogEntryDetail? _detail;
    /// <summary>The revision of the entry the list of positions shown was read at (see <see cref="LogEntryView.Revision"/>).</summary>
    private long _positionsRevision;
    private IReadOnlyList<MemberView> _members = [];
    private PartnershipRole _role;
    private DateOnly _today;
    private string? _error;
    private string _replyText = "";
    private string? _replyError;
    private IReadOnlyCollection<string> _replyMentions = [];

    // One id per composed reply: a retry after an error that hid a success stores nothing twice.
    private Guid? _replySubmission;
    private IReadOnlyList<EntryChange>? _history;
    private Guid? _editingReplyId;
    private long _editVersion;
    private string _editText = "";
    private string? _editError;
    private IReadOnlyCollection<string> _editMentions = [];
    private bool _busy;

    [Parameter]
    public Guid EntryId { get; set; }

    [Inject]
    private LogService Log { get; set; } = default!;

    [Inject]
    private MemberService Members { get; set; } = default!;

    [Inject]
    private GoalService Goals { get; set; } = default!;

    [Inject]
    private MarkdownRenderer Markdown { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private bool CanPost => _role >= PartnershipRole.Contributor;

    private bool CanChange => _role == PartnershipRole.Facilitator || (_role == PartnershipRole.Contributor && _detail?.Entry.Author.UserId == UserId);

    protected override async Task<bool> LoadAsync()
    {
        var result = await Log.GetAsync(UserId, PartnershipId, EntryId);
        if (!result.Succeeded)
        {
            return false;
        }

        _detail = result.Value;
        _positionsRevision = _detail!.Entry.Revision;
        _members = (await Members.ListAsync(UserId, PartnershipId)).Value ?? [];
        _role = _members.FirstOrDefault(m => m.UserId == UserId)?.Role ?? PartnershipRole.Observer;
        _today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        return true;
    }

    /// <summary>The newer of the entry shown and <paramref name="incoming"/>: two changes at once can publish their pictures out of order.</summary>
    private LogEntryView Newest(LogEntryView incoming) => incoming.Revision >= _detail!.Entry.Revision ? incoming : _detail.Entry;

    private async Task ReloadAsync()
    {
        _detail = (await Log.GetAsync(UserId, PartnershipId, EntryId)).Value ?? _detail;
        _positionsRevision = Math.Max(_positionsRevision, _detail!.Entry.Revision);
        await RefreshHistoryAsync();
    }

    protected override async Task OnEventAsync(PartnershipEvent change)
    {
        if (_detail is null)
        {
            return;
        }

        switch (change)
        {
            case LogEntrySaved saved when saved.Entry.Id == EntryId:
                _detail = _detail with { Entry = Newest(saved.Entry) };
                await RefreshHistoryAsync();
                break;
            case PositionsChanged positions when positions.EntryId == EntryId:
                // Only these events carry the list of positions: it follows the newest of them, the entry the newest picture of all.
                if (positions.Entry.Revision > _positionsRevision)
                {
                    _positionsRevision = positions.Entry.Revision;
                    _detail = _detail with { Positions = positions.Positions };
                }

                _detail = _detail with { Entry = Newest(positions.Entry) };
                break;
            case ReplyPosted reply when reply.EntryId == EntryId:
                if (reply.Reply.Id == _editingReplyId && reply.Reply.RemovedUtc is not null)
                {
                    _editError = $"{reply.Reply.RemovedByName} removed this reply meanwhile. Your text is still here: copy it to post it as a new reply.";
                }

                // A new reply goes at the end; a removed one keeps its place, now as a tombstone.
                _detail = _detail with
                {
                    Entry = Newest(reply.Entry),
                    Replies = _detail.Replies.Any(r => r.Id == reply.Reply.Id)
                        ? [.. _detail.Replies.Select(r => r.Id == reply.Reply.Id ? reply.Reply : r)]
                        : [.. _detail.Replies, reply.Reply],
                };
                break;
        }
    }

    private async Task EditAsync()
    {
        var entry = _detail!.Entry;
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
                { d => d.Goals, goals }, { d => d.Members, _members },
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
        var result = await Log.SetActionStateAsync(UserId, PartnershipId, EntryId, state);
        if (!result.Succeeded)
        {
            Snackbar.Add(result.Error!.Message, Severity.Error);
        }
    }

    private async Task ReactAsync(string emoji)
    {
        var result = await Log.ToggleReactionAsync(UserId, PartnershipId, EntryId, emoji);
        if (result.Succeeded)
        {
            _detail = _detail! with { Reactions = result.Value! };
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
            var result = await Log.ReplyAsync(UserId, PartnershipId, EntryId, _replyText, _replyMentions, _replySubmission);
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

    private bool CanEditReply(ReplyView reply) => _role >= PartnershipRole.Contributor && reply.Author.UserId == UserId;

    private void StartEditReply(ReplyView reply)
    {
        _editingReplyId = reply.Id;
        _editVersion = reply.Version;
        _editText = reply.Body;
        _editMentions = [.. reply.Mentioned.Select(m => m.UserId)];
        _editError = null;
    }

    private void CancelEditReply()
    {
        _editingReplyId = null;
        _editError = null;
    }

    private void EditReplyKeyDown(KeyboardEventArgs args)
    {
        if (args.Key == "Escape")
        {
            CancelEditReply();
        }
    }

    private async Task SaveReplyEditAsync()
    {
        if (_busy || _editingReplyId is not { } replyId)
        {
            return;
        }

        _busy = true;
        try
        {
            // A failed save keeps the text in the box.
            var result = await Log.EditReplyAsync(UserId, PartnershipId, EntryId, replyId, _editText, _editMentions, _editVersion);
            _editError = result.Error?.For("Body") ?? result.Error?.For("Mentions") ?? result.Error?.Message;
            if (result.Succeeded)
            {
                _editingReplyId = null;
                _detail = _detail! with { Replies = [.. _detail.Replies.Select(r => r.Id == replyId ? result.Value! : r)] };
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private bool CanRemoveReply(ReplyView reply) =>
        _role == PartnershipRole.Facilitator || (_role == PartnershipRole.Contributor && reply.Author.UserId == UserId);

    private async Task RemoveReplyAsync(ReplyView reply)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove this reply?",
            "Everyone will see that it was removed, by whom and when. This cannot be undone.", yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await Log.RemoveReplyAsync(UserId, PartnershipId, EntryId, reply.Id);
        if (!result.Succeeded)
        {
            Snackbar.Add(result.Error!.Message, Severity.Error);
        }
    }

    private async Task LoadHistoryAsync()
    {
        _history ??= (await Log.HistoryAsync(UserId, PartnershipId, EntryId)).Value ?? [];
    }

    /// <summary>
    /// Reads the history again when it has been shown (one read, only for people who opened it), so an
    /// open history lists a change as soon as it is saved, whoever saved it.
    /// </summary>
    private async Task RefreshHistoryAsync()
    {
        if (_history is not null)
        {
            _history = (await Log.HistoryAsync(UserId, PartnershipId, EntryId)).Value ?? _history;
        }
    }

    private static string ReactionIcon(string key) => key switch
    {
        "thumbs-up" => Icons.Material.Outlined.ThumbUp,
        "heart" => Icons.Material.Outlined.FavoriteBorder,
        "celebrate" => Icons.Material.Outlined.Celebration,
        "eyes" => Icons.Material.Outlined.Visibility,
        _ => Icons.Material.Outlined.HelpOutline,
    };

    private static string ReactionLabel(string key) => key switch
    {
        "thumbs-up" => "Thumbs up",
        "heart" => "Love it",
        "celebrate" => "Celebrate",
        "eyes" => "Looking into it",
        _ => "Question",
    };

    /// <summary>A recorded value as people read it: action states are stored by their enum names ("InProgress").</summary>
    private static string? Shown(EntryChange change, string? value) =>
        change.Field == nameof(LogEntry.ActionState) && Enum.TryParse<ActionState>(value, out var state) ? state.ToText() : value;

}
