using Workspace.Web.Components.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dialogue;

/// <summary>
/// What one viewer's log page shows: the loaded entries under their filter, the "for me" and open-risk
/// lists, and what is new since their last visit. Loaded once (<see cref="LogService.GetLogPageAsync"/>),
/// then kept current by <see cref="Apply"/> from the entries events carry, without reading the database.
/// </summary>
public sealed class LogPageState
{
    private readonly string _userId;
    private readonly List<LogEntryView> _entries = [];
    private readonly List<LogEntryView> _forMe = [];
    private readonly List<LogEntryView> _risks = [];
    // Entries new or changed by others that arrived while the page is open.
    private readonly HashSet<Guid> _arrived = [];
    // Two changes at once can publish their pictures of an entry out of order (see LogEntryView.Revision).
    private SnapshotRevisions _revisions = new();
    private List<MemberView> _members = [];
    private List<GoalSummary> _goals = [];
    private readonly int _unreadAtLoad;

    public LogPageState(Guid partnershipId, string userId, LogPageData data, LogFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        PartnershipId = partnershipId;
        _userId = userId;
        Filter = filter ?? new LogFilter();
        // "New" counts from the visit before this one, for as long as the page is open.
        PreviousVisitUtc = data.Results.LastSeenUtc;
        _unreadAtLoad = data.UnreadCount;
        Take(data);
    }

    public Guid PartnershipId { get; }

    /// <summary>The viewer's filter, the same instance whatever is applied or loaded again.</summary>
    public LogFilter Filter { get; }

    /// <summary>When the viewer last looked at the log before this visit, if ever.</summary>
    public DateTime? PreviousVisitUtc { get; }

    private DateTime LastSeen => PreviousVisitUtc ?? DateTime.MinValue;

    public PartnershipRole Role { get; private set; }

    public bool CanPost => Role >= PartnershipRole.Contributor;

    public DateOnly Today { get; private set; }

    public IReadOnlyList<MemberView> Members => _members;

    /// <summary>The partnership's goals by title, to filter by.</summary>
    public IReadOnlyList<GoalSummary> Goals => _goals;

    /// <summary>How many entries match the filter, loaded or not.</summary>
    public int Total { get; private set; }

    /// <summary>Entries new or changed since the last visit (counted before this visit marked them seen), and those that arrived live since.</summary>
    public int NewCount => _unreadAtLoad + _arrived.Count;

    public ValueList<LogEntryView> Entries { get; private set; } = ValueList<LogEntryView>.Empty;

    public ValueList<LogEntryView> ForMe { get; private set; } = ValueList<LogEntryView>.Empty;

    public ValueList<LogEntryView> OpenRisks { get; private set; } = ValueList<LogEntryView>.Empty;

    public bool HasMore => _entries.Count < Total;

    /// <summary>Whether the entry shows as new or changed: someone else's activity since the viewer's last visit.</summary>
    public bool IsNew(LogEntryView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.UpdatedUtc > LastSeen && entry.Author.UserId != _userId;
    }

    /// <summary>The marker an entry carries in the list: "New", "Changed" or none.</summary>
    public string? Marker(LogEntryView entry) => !IsNew(entry) ? null : entry.CreatedUtc > LastSeen ? "New" : "Changed";

    /// <summary>The list part's model: the entries under the filter, or those for the viewer.</summary>
    public LogListModel ListModel(bool forMe, bool showExcerpts) =>
        new(PartnershipId, (forMe ? ForMe : Entries).Select(e => new LogListItem(e, Marker(e))).ToValueList(), Filter.Search, showExcerpts, Today);

    /// <summary>Applies an event's data; true when the lists or counts shown changed.</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != PartnershipId)
        {
            return false;
        }

        switch (change)
        {
            case LogEntrySaved saved:
                return Upsert(saved.Entry, mentionsViewer: false);
            case PositionsChanged positions:
                return Upsert(positions.Entry, mentionsViewer: false);
            case ReplyPosted reply:
                return Upsert(reply.Entry, reply.Reply.Mentioned.Any(m => m.UserId == _userId));
            case MemberJoined joined:
                _members = [.. _members.Where(m => m.UserId != joined.Member.UserId), joined.Member];
                return true;
            case MemberRemoved removed:
                return _members.RemoveAll(m => m.UserId == removed.UserId) > 0;
            case MemberRoleChanged role when role.UserId == _userId:
                Role = role.Role;
                return true;
            case GoalSaved goal:
                var known = _goals.Find(g => g.Id == goal.Goal.Id);
                if (known?.Title == goal.Goal.Title || (known is not null && known.Revision > goal.Goal.Revision))
                {
                    return false;
                }

                _goals = [.. _goals.Where(g => g.Id != goal.Goal.Id).Append(goal.Goal).OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase)];
                return true;
            default:
                return false;
        }
    }

    /// <summary>Takes what was loaded again after missed events, under the same filter; the viewer's filter and "new" markers stay.</summary>
    public void Resync(LogPageData fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        var shown = _entries.Concat(_forMe).Concat(_risks).GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var entry in fresh.Results.Entries.Concat(fresh.ForMe).Concat(fresh.OpenRisks))
        {
            if (IsNew(entry) && (!shown.TryGetValue(entry.Id, out var before) || (!IsNew(before) && before.UpdatedUtc < entry.UpdatedUtc)))
            {
                _arrived.Add(entry.Id);
            }
        }

        Take(fresh);
    }

    /// <summary>Shows the first page under a changed filter.</summary>
    public void ShowResults(LogResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _entries.Clear();
        _entries.AddRange(results.Entries);
        Total = results.Total;
        Accept(results.Entries);
        Publish();
    }

    /// <summary>Adds a further page of older entries.</summary>
    public void AddMore(LogResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var known = _entries.Select(e => e.Id).ToHashSet();
        var added = results.Entries.Where(e => known.Add(e.Id)).ToList();
        _entries.AddRange(added);
        Total = results.Total;
        Accept(added);
        Publish();
    }

    private void Take(LogPageData data)
    {
        Role = data.Role;
        Today = data.Today;
        _members = [.. data.Members];
        _goals = [.. data.Goals];
        _entries.Clear();
        _entries.AddRange(data.Results.Entries);
        Total = data.Results.Total;
        _forMe.Clear();
        _forMe.AddRange(data.ForMe);
        _risks.Clear();
        _risks.AddRange(data.OpenRisks);
        _revisions = new();
        Accept([.. _entries, .. _forMe, .. _risks]);
        Publish();
    }

    private void Accept(IEnumerable<LogEntryView> loaded)
    {
        foreach (var entry in loaded)
        {
            _revisions.Accept(entry.Id, entry.Revision);
        }
    }

    private void Publish()
    {
        Entries = _entries.ToValueList();
        ForMe = _forMe.ToValueList();
        OpenRisks = _risks.ToValueList();
    }

    private bool Upsert(LogEntryView entry, bool mentionsViewer)
    {
        var previous = _entries.Find(e => e.Id == entry.Id) ?? _forMe.Find(e => e.Id == entry.Id) ?? _risks.Find(e => e.Id == entry.Id);
        if (!_revisions.Accept(entry.Id, entry.Revision))
        {
            // An older picture of the entry, overtaken on its way by a newer one.
            return false;
        }

        var newCount = NewCount;
        if (IsNew(entry) && (previous is null || !IsNew(previous)))
        {
            _arrived.Add(entry.Id);
        }

        var total = Total;
        var changed = UpsertEntries(entry);
        var forViewer = !entry.IsRemoved && (mentionsViewer || entry.Assignee?.UserId == _userId || entry.RiskOwner?.UserId == _userId || entry.Mentioned.Any(m => m.UserId == _userId));
        // The list is by latest activity: an entry that just became the viewer's goes first.
        changed |= Replace(_forMe, entry, add: forViewer, remove: entry.IsRemoved, atTop: true);
        var openRisk = entry is { Kind: EntryKind.Risk, RiskState: RiskState.Open, IsRemoved: false };
        changed |= Replace(_risks, entry, add: openRisk, remove: !openRisk, atTop: false);
        if (changed)
        {
            Publish();
        }

        return changed || newCount != NewCount || total != Total;
    }

    private bool UpsertEntries(LogEntryView entry)
    {
        var matches = Matches(entry);
        var index = _entries.FindIndex(e => e.Id == entry.Id);
        if (index >= 0 && matches == false)
        {
            _entries.RemoveAt(index);
            Total--;
            return true;
        }

        if (index >= 0)
        {
            _entries[index] = entry;
            return true;
        }

        // An entry older than the last one loaded belongs to a page not loaded yet.
        if (matches != true || (HasMore && _entries.Count > 0 && entry.CreatedUtc < _entries[^1].CreatedUtc))
        {
            return false;
        }

        Insert(_entries, entry);
        Total++;
        return true;
    }

    /// <summary>Whether the entry fits the viewer's filter; null when only the database can tell (a search, an organisation).</summary>
    private bool? Matches(LogEntryView entry)
    {
        if ((Filter.Kinds.Count > 0 && !Filter.Kinds.Contains(entry.Kind))
            || (Filter.GoalId is { } goal && goal != entry.GoalId)
            || (Filter.AuthorUserId is { Length: > 0 } author && author != entry.Author.UserId)
            || (Filter.Sector is { } sector && sector != entry.Author.Sector))
        {
            return false;
        }

        var state = Filter.State switch
        {
            "open" => !entry.IsRemoved && (entry.IsOpenDecision || entry.ActionState is ActionState.Open or ActionState.InProgress || entry.RiskState == RiskState.Open),
            "closed" => !entry.IsRemoved && ((entry.Kind == EntryKind.Decision && entry.ClosedUtc is not null)
                || entry.ActionState is ActionState.Done or ActionState.Cancelled || (entry.RiskState is { } risk && risk != RiskState.Open)),
            "overdue" => entry.IsOverdue(Today),
            _ => true,
        };
        if (!state)
        {
            return false;
        }

        return string.IsNullOrWhiteSpace(Filter.Search) && Filter.OrganisationId is null ? true : null;
    }

    private static bool Replace(List<LogEntryView> list, LogEntryView entry, bool add, bool remove, bool atTop)
    {
        var index = list.FindIndex(e => e.Id == entry.Id);
        if (index >= 0 && remove)
        {
            list.RemoveAt(index);
            return true;
        }

        if (index >= 0)
        {
            list[index] = entry;
            return true;
        }

        if (!add)
        {
            return false;
        }

        if (atTop)
        {
            list.Insert(0, entry);
        }
        else
        {
            Insert(list, entry);
        }

        return true;
    }

    /// <summary>Newest first, as the log lists them.</summary>
    private static void Insert(List<LogEntryView> list, LogEntryView entry)
    {
        var at = list.FindIndex(e => e.CreatedUtc < entry.CreatedUtc || (e.CreatedUtc == entry.CreatedUtc && e.Id.CompareTo(entry.Id) < 0));
        list.Insert(at < 0 ? list.Count : at, entry);
    }
}

/// <summary>Everything the list of entries shows: the entries in view with their "New" or "Changed" markers.</summary>
public sealed record LogListModel(Guid PartnershipId, ValueList<LogListItem> Items, string? Search, bool ShowExcerpts, DateOnly Today);

public sealed record LogListItem(LogEntryView Entry, string? Marker);
