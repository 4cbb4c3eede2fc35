using Workspace.Web.Components.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dialogue;

/// <summary>
/// What one viewer's entry page shows: the entry with its positions, replies, amendments and reactions,
/// the viewer's reply being edited, and the history once opened. Loaded once
/// (<see cref="LogService.GetEntryPageAsync"/>), then kept current by <see cref="Apply"/> from the
/// pictures events carry: two changes at once can publish theirs out of order, so each part keeps the
/// newest it saw (see <see cref="LogEntryView.Revision"/>).
/// </summary>
public sealed class EntryPageState
{
    private readonly string _userId;
    // Only positions events carry the positions, only reaction events the reactions, only an amendment's
    // save the amendments: each follows the newest of its kind.
    private long _positionsRevision;
    private long _reactionsRevision;
    private long _amendmentsRevision;
    private List<MemberView> _members = [];

    public EntryPageState(Guid partnershipId, string userId, EntryPageData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        PartnershipId = partnershipId;
        _userId = userId;
        Detail = data.Detail;
        Take(data);
    }

    public Guid PartnershipId { get; }

    public Guid EntryId => Detail.Entry.Id;

    public LogEntryDetail Detail { get; private set; }

    public PartnershipRole Role { get; private set; }

    public DateOnly Today { get; private set; }

    public IReadOnlyList<MemberView> Members => _members;

    public bool CanPost => Role >= PartnershipRole.Contributor;

    /// <summary>Whether the viewer may edit or remove the entry: a facilitator, or its author while a contributor.</summary>
    public bool CanChange => Role == PartnershipRole.Facilitator || (Role == PartnershipRole.Contributor && Detail.Entry.Author.UserId == _userId);

    public bool CanEditReply(ReplyView reply) => CanPost && reply?.Author.UserId == _userId;

    public bool CanRemoveReply(ReplyView reply) =>
        Role == PartnershipRole.Facilitator || (Role == PartnershipRole.Contributor && reply?.Author.UserId == _userId);

    /// <summary>The entry's recorded changes, once the viewer opened them; null until then.</summary>
    public IReadOnlyList<EntryChange>? History { get; private set; }

    /// <summary>Set when the entry changed while its history is shown: it must be read again.</summary>
    public bool HistoryStale { get; private set; }

    public Guid? EditingReplyId { get; private set; }

    /// <summary>The version of the reply the edit started from, so a change made meanwhile is not overwritten.</summary>
    public long EditVersion { get; private set; }

    public string EditText { get; set; } = "";

    public IReadOnlyCollection<string> EditMentions { get; set; } = [];

    public string? EditError { get; set; }

    /// <summary>A decision's panel; null for other kinds.</summary>
    public DecisionModel? Decision => Detail.Entry.Kind != EntryKind.Decision ? null : new DecisionModel(
        PartnershipId, _userId, Detail.Entry, Detail.Positions.ToValueList(), Detail.Amendments.ToValueList(), Detail.Verdict, Role,
        _members.Count(m => m.Role >= PartnershipRole.Contributor));

    /// <summary>The reactions part.</summary>
    public ReactionsModel Reactions => new(Detail.Reactions.ToValueList(), CanPost);

    /// <summary>The replies part; <paramref name="busy"/> while a save of the viewer's is under way.</summary>
    public RepliesModel Replies(bool busy) => new(
        Detail.Replies.Select(r => new ReplyItem(
            r.Id, r.Author.Name, r.Author.OrganisationName, r.Body, r.CreatedUtc, r.EditedUtc, r.RemovedUtc, r.RemovedByName,
            r.Mentioned.Select(m => m.Name).ToValueList(), r.RemovedUtc is null && CanEditReply(r), r.RemovedUtc is null && CanRemoveReply(r))).ToValueList(),
        EditingReplyId is { } editing
            ? new ReplyEditModel(editing, EditText, EditMentions.ToValueList(), EditError, busy, _members.ToValueList(), _userId)
            : null);

    /// <summary>Applies an event's data; true when something the page shows changed.</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != PartnershipId)
        {
            return false;
        }

        var changed = change switch
        {
            LogEntrySaved saved when saved.Entry.Id == EntryId => TakeAmendments(saved) | TakeEntry(saved.Entry),
            PositionsChanged positions when positions.EntryId == EntryId => TakePositions(positions),
            ReplyPosted reply when reply.EntryId == EntryId => TakeReply(reply.Reply) | TakeEntry(reply.Entry),
            ReactionsChanged reactions when reactions.EntryId == EntryId && reactions.Revision > _reactionsRevision => TakeReactions(reactions),
            MemberJoined joined => TakeMembers([.. _members.Where(m => m.UserId != joined.Member.UserId), joined.Member]),
            MemberRemoved removed => TakeMembers([.. _members.Where(m => m.UserId != removed.UserId)]),
            MemberRoleChanged role => TakeRole(role),
            _ => false,
        };
        if (changed && History is not null && change is LogEntrySaved or PositionsChanged or ReplyPosted)
        {
            HistoryStale = true;
        }

        return changed;
    }

    /// <summary>Takes what was loaded again after missed events; the reply being edited keeps its text.</summary>
    public void Resync(EntryPageData fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        Detail = fresh.Detail;
        Take(fresh);
        if (EditingReplyId is { } editing && Detail.Replies.FirstOrDefault(r => r.Id == editing) is { RemovedUtc: not null } removed)
        {
            EditError = RemovedMeanwhile(removed);
        }

        HistoryStale = History is not null;
    }

    public void ShowHistory(IReadOnlyList<EntryChange> history)
    {
        History = history;
        HistoryStale = false;
    }

    /// <summary>The viewer's own reaction, as the service answered it.</summary>
    public void ShowReactions(IReadOnlyList<ReactionCount> reactions) => Detail = Detail with { Reactions = reactions };

    public void StartEditReply(Guid replyId)
    {
        if (Detail.Replies.FirstOrDefault(r => r.Id == replyId) is { RemovedUtc: null } reply)
        {
            StartEditReply(reply);
        }
    }

    public void StartEditReply(ReplyView reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        EditingReplyId = reply.Id;
        EditVersion = reply.Version;
        EditText = reply.Body;
        EditMentions = [.. reply.Mentioned.Select(m => m.UserId)];
        EditError = null;
    }

    public void CancelEditReply()
    {
        EditingReplyId = null;
        EditError = null;
    }

    /// <summary>The viewer's edit was saved: the reply shows as saved and the form closes.</summary>
    public void ReplyEdited(ReplyView saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        EditingReplyId = null;
        TakeReply(saved);
    }

    private void Take(EntryPageData data)
    {
        Role = data.Role;
        Today = data.Today;
        _members = [.. data.Members];
        // A load reads the entry's revision first, so what it read is at least as new.
        _positionsRevision = data.Detail.Entry.Revision;
        _reactionsRevision = data.Detail.Entry.Revision;
        _amendmentsRevision = data.Detail.Entry.Revision;
    }

    private bool TakeEntry(LogEntryView entry)
    {
        if (entry.Revision <= Detail.Entry.Revision)
        {
            // The same picture, or an older one overtaken on its way by a newer one.
            return false;
        }

        Detail = Detail with { Entry = entry };
        return true;
    }

    private bool TakePositions(PositionsChanged positions)
    {
        var changed = false;
        if (positions.Entry.Revision > _positionsRevision)
        {
            _positionsRevision = positions.Entry.Revision;
            Detail = Detail with { Positions = positions.Positions };
            changed = true;
        }

        return TakeEntry(positions.Entry) || changed;
    }

    private bool TakeAmendments(LogEntrySaved saved)
    {
        if (saved.Amendments is not { } amendments || saved.Entry.Revision <= _amendmentsRevision)
        {
            return false;
        }

        _amendmentsRevision = saved.Entry.Revision;
        Detail = Detail with { Amendments = amendments };
        return true;
    }

    private bool TakeReply(ReplyView reply)
    {
        var known = Detail.Replies.FirstOrDefault(r => r.Id == reply.Id);
        if (known is not null && known.Version >= reply.Version && (known.RemovedUtc is not null || reply.RemovedUtc is null))
        {
            return false;
        }

        if (reply.Id == EditingReplyId && reply.RemovedUtc is not null)
        {
            EditError = RemovedMeanwhile(reply);
        }

        // A new reply goes at the end; a changed one keeps its place, a removed one as a tombstone.
        Detail = Detail with
        {
            Replies = known is null ? [.. Detail.Replies, reply] : [.. Detail.Replies.Select(r => r.Id == reply.Id ? reply : r)],
        };
        return true;
    }

    private bool TakeReactions(ReactionsChanged reactions)
    {
        _reactionsRevision = reactions.Revision;
        var counts = ReplyService.ReactionCounts([.. reactions.Reactions], _userId);
        if (counts.SequenceEqual(Detail.Reactions))
        {
            return false;
        }

        Detail = Detail with { Reactions = counts };
        return true;
    }

    private bool TakeMembers(List<MemberView> members)
    {
        _members = members;
        return true;
    }

    private bool TakeRole(MemberRoleChanged role)
    {
        _members = [.. _members.Select(m => m.UserId == role.UserId ? m with { Role = role.Role } : m)];
        if (role.UserId == _userId)
        {
            Role = role.Role;
        }

        return true;
    }

    private static string RemovedMeanwhile(ReplyView reply) =>
        $"{reply.RemovedByName} removed this reply meanwhile. Your text is still here: copy it to post it as a new reply.";
}

/// <summary>Everything a decision's panel shows.</summary>
public sealed record DecisionModel(
    Guid PartnershipId,
    string UserId,
    LogEntryView Entry,
    ValueList<PositionView> Positions,
    ValueList<AmendmentView> Amendments,
    RuleVerdict? Verdict,
    PartnershipRole Role,
    int MemberCount);
