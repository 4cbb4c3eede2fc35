using Workspace.Web.Components.Common;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Workshops;

/// <summary>The parts' records, made again after a change; a part equal to the one shown keeps its instance, so the next comparison is by reference.</summary>
public sealed partial class WorkshopRoomState
{
    /// <summary>Each idea's card as last shown: an equal model keeps this instance, so an idea's list allocates no model per unchanged card.</summary>
    private readonly Dictionary<Guid, IdeaCardModel> _cardModels = [];
    private WorkshopHeaderModel? _header;
    private WorkshopPlanModel? _plan;
    private WorkshopRoomModel? _room;
    private WorkshopRecordModel? _record;
    private bool _stale = true;

    public WorkshopHeaderModel Header => Fresh()._header!;

    public WorkshopPlanModel Plan => Fresh()._plan!;

    public WorkshopRoomModel Room => Fresh()._room!;

    public WorkshopRecordModel Record => Fresh()._record!;

    private bool Changed() => _stale = true;

    private WorkshopRoomState Fresh()
    {
        if (!_stale)
        {
            return this;
        }

        _stale = false;
        _header = Keep(_header, new WorkshopHeaderModel(_partnershipId, Run.Id, Run.Title, Run.Description, Run.State, Run.StartsUtc, Run.Location,
            Run.Items.Count, Run.TotalMinutes, Run.MinutesEntryId, IsFacilitator, _busy));
        var items = Keep(_plan?.Items, Run.Items.ToValueList());
        _plan = Keep(_plan, new WorkshopPlanModel(items, Run.TotalMinutes, IsFacilitator, _busy));
        if (Run.State == WorkshopState.Live)
        {
            _room = MakeRoom(items);
        }
        else if (Run.State == WorkshopState.Ended)
        {
            _record = Keep(_record, new WorkshopRecordModel(_partnershipId, Run.EndedUtc ?? Run.StartsUtc, Run.MinutesEntryId,
                Run.Items.Select(i => new RecordItemModel(i, IdeaList(i, readOnly: true))).ToValueList()));
        }

        _room ??= MakeRoom(items);
        _record ??= new WorkshopRecordModel(_partnershipId, Run.StartsUtc, null, ValueList<RecordItemModel>.Empty);
        return this;
    }

    private WorkshopRoomModel MakeRoom(ValueList<AgendaItemView> items)
    {
        var shown = _room;
        var viewed = ViewedItem;
        var current = CurrentItem;
        var agenda = new RoomAgendaModel(items, Run.CurrentItemId, viewed?.Id, IsFacilitator, _busy);
        var timer = new RoomTimerModel(Run.Timer, current?.Title, IsFacilitator, _busy);
        var people = _present.DistinctBy(p => p.UserId).ToList();
        var organisations = people
            .Select(p => (Person: p, Member: Members.FirstOrDefault(m => m.UserId == p.UserId)))
            .GroupBy(x => x.Member?.OrganisationName ?? x.Person.OrganisationName ?? "No organisation")
            .OrderBy(g => g.Key, StringComparer.CurrentCulture)
            .Select(g => new PresentGroup(g.Key, g.First().Member?.Sector, g.Select(x => x.Person.DisplayName).Order(StringComparer.CurrentCulture).ToValueList()))
            .ToValueList();
        var present = new RoomPresentModel(people.Count, organisations);
        return Keep(shown, new WorkshopRoomModel(
            Keep(shown?.Agenda, agenda),
            viewed is null ? null : Keep(shown?.Item, MakeItem(viewed, shown?.Item)),
            Keep(shown?.Timer, timer),
            Keep(shown?.Present, present),
            Keep(shown?.Equity, MakeEquity())));
    }

    private RoomItemModel MakeItem(AgendaItemView item, RoomItemModel? shown)
    {
        var isCurrent = item.Id == Run.CurrentItemId;
        var header = new RoomItemHeaderModel(item, Run.Items.Count, isCurrent, IsFacilitator, _roaming,
            _roaming ? CurrentItem?.Title : null, _busy);
        var showPanel = Run.FocusGoalId is not null && isCurrent;
        var choices = IsFacilitator && isCurrent ? Goals.Select(g => new GoalChoice(g.Id, g.Title)).ToValueList() : ValueList<GoalChoice>.Empty;
        var focus = showPanel || choices.Count > 0
            ? new RoomFocusModel(_userId, _partnershipId, showPanel ? Run.FocusGoalId : null, Run.FocusGoalTitle, CanTakePart, choices, Run.FocusGoalId, _busy)
            : null;
        var bar = IsFacilitator ? new RoomFacilitatorBarModel(item, _busy) : null;
        var polls = new RoomPollsModel(_userId, _partnershipId, Run.Id, Role, _polls.Where(p => p.ItemId == item.Id)
            .Select(p => new PollEntry(p, (_myChoices.GetValueOrDefault(p.Id) ?? []).ToValueList())).ToValueList());
        var ideasHeader = new RoomIdeasHeaderModel(item.VotingState, CanTakePart, DotsLeft(item), item.VotesPerPerson, item.VotesAnonymous);
        var hidden = item.IdeasHidden ? new RoomHiddenIdeasModel(Math.Max(0, _hidden.GetValueOrDefault(item.Id) - IdeasOf(item.Id).Count)) : null;
        var form = new RoomIdeaFormModel(item.Id, Role, _ideaText, _ideaError, _busy);
        return new RoomItemModel(
            Keep(shown?.Header, header),
            Keep(shown?.Focus, focus),
            Keep(shown?.FacilitatorBar, bar),
            Keep(shown?.Polls, polls),
            Keep(shown?.IdeasHeader, ideasHeader),
            Keep(shown?.Hidden, hidden),
            Keep(shown?.Form, form),
            Keep(shown?.Ideas, IdeaList(item, readOnly: false)));
    }

    private EquityModel? MakeEquity()
    {
        if (!IsFacilitator || _equity is not { } equity)
        {
            return null;
        }

        var total = equity.Organisations.Sum(r => r.Ideas);
        int? Dominant(EquityRow row) =>
            total >= 4 && equity.Organisations.Count > 1 && (int)Math.Round(100.0 * row.Ideas / total) is >= 50 and var share ? share : null;
        return new EquityModel(equity.Organisations.Select(r => new EquityRowModel(r, Dominant(r))).ToValueList(), equity.AnonymousVotes);
    }

    private int DotsLeft(AgendaItemView item) =>
        Math.Max(0, item.VotesPerPerson - (_myDots.Count == 0 ? 0 : IdeasOf(item.Id).Sum(i => _myDots.GetValueOrDefault(i.Id))));

    /// <summary>An item's ideas as cards, by group; each unchanged card keeps the model it was shown with.</summary>
    private IdeaListModel IdeaList(AgendaItemView item, bool readOnly)
    {
        var ideas = IdeasOf(item.Id);
        var empty = item.IdeasHidden ? "You have not added an idea yet." : "No ideas yet.";
        if (ideas.Count == 0)
        {
            return new IdeaListModel(empty, ValueList<IdeaGroupModel>.Empty, ByDots: false);
        }

        var showDots = (IsFacilitator || item.VotesRevealed) && item.VotingState != VotingState.NotStarted;
        var settings = new IdeaCardSettings(
            ShowDots: showDots,
            DotsOnlyForMe: IsFacilitator && !item.VotesRevealed,
            CanDot: !readOnly && item.VotingState == VotingState.Open && CanTakePart,
            DotsLeft: DotsLeft(item) > 0,
            Busy: _busy,
            FacilitatorMenu: !readOnly && IsFacilitator,
            IdeasHidden: item.IdeasHidden);
        var mayRemoveOwn = !readOnly && !IsFacilitator && CanTakePart;
        var counts = showDots && _dotCounts.GetValueOrDefault(item.Id) is { Count: > 0 } list ? list.ToDictionary(c => c.Id, c => c.Count) : null;
        int DotsOn(Guid idea) => counts?.GetValueOrDefault(idea) ?? 0;
        IdeaCardModel Card(IdeaView idea) =>
            CardModel(idea, settings, DotsOn(idea.Id), _myDots.GetValueOrDefault(idea.Id), mayRemoveOwn && idea.Author.UserId == _userId);
        IEnumerable<IdeaView> Ordered(IEnumerable<IdeaView> group) => counts is null ? group : group.OrderByDescending(i => DotsOn(i.Id));
        if (!ideas.Exists(i => i.Group.Length > 0))
        {
            return new IdeaListModel(empty, ValueList<IdeaGroupModel>.Of([new IdeaGroupModel(null, Ordered(ideas).Select(Card).ToValueList())]), counts is not null);
        }

        var groups = ideas.GroupBy(i => i.Group)
            .OrderBy(g => g.Key.Length == 0 ? 1 : 0).ThenBy(g => g.Key, StringComparer.CurrentCulture)
            .Select(g => new IdeaGroupModel(g.Key.Length > 0 ? g.Key : "Not grouped", Ordered(g).Select(Card).ToValueList()));
        return new IdeaListModel(empty, groups.ToValueList(), counts is not null);
    }

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

    private static T Keep<T>(T? shown, T fresh) => shown is not null && EqualityComparer<T>.Default.Equals(shown, fresh) ? shown : fresh;
}
