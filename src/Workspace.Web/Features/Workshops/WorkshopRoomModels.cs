using Workspace.Web.Components.Common;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Workshops;

/// <summary>The title, state and the buttons above every view of the workshop.</summary>
public sealed record WorkshopHeaderModel(
    Guid PartnershipId,
    Guid WorkshopId,
    string Title,
    string Description,
    WorkshopState State,
    DateTime StartsUtc,
    string Location,
    int ItemCount,
    int TotalMinutes,
    Guid? MinutesEntryId,
    bool IsFacilitator,
    bool Busy);

/// <summary>The agenda before the workshop starts, as the facilitator edits it.</summary>
public sealed record WorkshopPlanModel(ValueList<AgendaItemView> Items, int TotalMinutes, bool IsFacilitator, bool Busy);

/// <summary>The record of an ended workshop: when it ended, its minutes and each item's ideas.</summary>
public sealed record WorkshopRecordModel(Guid PartnershipId, DateTime EndedUtc, Guid? MinutesEntryId, ValueList<RecordItemModel> Items);

public sealed record RecordItemModel(AgendaItemView Item, IdeaListModel Ideas);

/// <summary>The live room: one record per part, so an event renders the parts it changed and compares the rest.</summary>
public sealed record WorkshopRoomModel(RoomAgendaModel Agenda, RoomItemModel? Item, RoomTimerModel Timer, RoomPresentModel Present, EquityModel? Equity);

public sealed record RoomAgendaModel(ValueList<AgendaItemView> Items, Guid? CurrentItemId, Guid? ViewedItemId, bool IsFacilitator, bool Busy);

/// <summary>The item the viewer looks at (the facilitator's, unless they roam) and what they may do on it.</summary>
public sealed record RoomItemModel(
    RoomItemHeaderModel Header,
    RoomFocusModel? Focus,
    RoomFacilitatorBarModel? FacilitatorBar,
    RoomPollsModel Polls,
    RoomIdeasHeaderModel IdeasHeader,
    RoomHiddenIdeasModel? Hidden,
    RoomIdeaFormModel Form,
    IdeaListModel Ideas);

/// <param name="FacilitatorItemTitle">Set while the viewer roams: the item the facilitator is on.</param>
public sealed record RoomItemHeaderModel(AgendaItemView Item, int ItemCount, bool IsCurrent, bool IsFacilitator, bool Roaming, string? FacilitatorItemTitle, bool Busy);

public sealed record GoalChoice(Guid Id, string Title);

/// <summary>The goal under discussion on the current item, and the facilitator's choice of it.</summary>
/// <param name="PanelGoalId">The goal whose panel shows; null when none is under discussion.</param>
/// <param name="Choices">The goals the facilitator may choose from; empty for anyone else.</param>
public sealed record RoomFocusModel(string UserId, Guid PartnershipId, Guid? PanelGoalId, string? PanelTitle, bool CanEdit, ValueList<GoalChoice> Choices, Guid? Selected, bool Busy);

public sealed record RoomFacilitatorBarModel(AgendaItemView Item, bool Busy);

public sealed record PollEntry(PollView Poll, ValueList<Guid> MyChoices);

public sealed record RoomPollsModel(string UserId, Guid PartnershipId, Guid WorkshopId, PartnershipRole Role, ValueList<PollEntry> Polls);

public sealed record RoomIdeasHeaderModel(VotingState VotingState, bool CanVote, int DotsLeft, int VotesPerPerson, bool VotesAnonymous);

/// <summary>Private mode: how many ideas others wrote so far — all their private ideas reveal.</summary>
public sealed record RoomHiddenIdeasModel(int Others);

/// <summary>The form for a new idea; <see cref="Text"/> is what the viewer is typing.</summary>
public sealed record RoomIdeaFormModel(Guid ItemId, PartnershipRole Role, string? Text, string? Error, bool Busy);

/// <summary>An item's ideas by group; cards keep their model instance while unchanged (see <see cref="IdeaRuns"/>).</summary>
/// <param name="EmptyText">Shown when there is no idea.</param>
/// <param name="ByDots">Ordered by dots, as they move while votes come in.</param>
public sealed record IdeaListModel(string EmptyText, ValueList<IdeaGroupModel> Groups, bool ByDots);

/// <param name="Title">The group's heading; null when no idea of the item is grouped.</param>
public sealed record IdeaGroupModel(string? Title, ValueList<IdeaCardModel> Cards);

public sealed record RoomTimerModel(TimerView Timer, string? CurrentItemTitle, bool IsFacilitator, bool Busy);

public sealed record PresentGroup(string Name, Sector? Sector, ValueList<string> People);

public sealed record RoomPresentModel(int People, ValueList<PresentGroup> Organisations);

/// <param name="DominantShare">The organisation's share of the ideas when it holds half or more of them (and others take part).</param>
public sealed record EquityRowModel(EquityRow Row, int? DominantShare);

public sealed record EquityModel(ValueList<EquityRowModel> Rows, int AnonymousVotes);

/// <summary>What to read after applying events: the state never reads the database itself.</summary>
/// <param name="Reload">Read the whole page again (the viewer's role changed, the workshop ended, or an own private idea came from another tab).</param>
/// <param name="Tallies">Dot votes and polls whose counts the facilitator may see but the events did not carry.</param>
/// <param name="Equity">The facilitator's equity figures may have moved.</param>
public readonly record struct WorkshopFollowUps(bool Reload, IReadOnlyList<Guid> Tallies, bool Equity);
