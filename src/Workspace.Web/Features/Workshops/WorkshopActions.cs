using Microsoft.AspNetCore.Components;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// The workshop page's side of its parts: made once per page, so it never counts as a change to a part,
/// and every part's button reaches the page (which saves, updates its state and renders).
/// </summary>
public sealed class WorkshopActions
{
    public required IdeaCardActions Ideas { get; init; }

    public required EventCallback Start { get; init; }

    public required EventCallback End { get; init; }

    public required EventCallback EditDetails { get; init; }

    public required EventCallback CancelWorkshop { get; init; }

    /// <summary>Adds an agenda item (null) or edits one.</summary>
    public required EventCallback<AgendaItemView?> EditItem { get; init; }

    public required EventCallback<AgendaItemView> RemoveItem { get; init; }

    /// <summary>Moves an agenda item one place up (-1) or down (+1).</summary>
    public required EventCallback<(AgendaItemView Item, int Direction)> MoveItem { get; init; }

    /// <summary>The facilitator moves everyone to the item; anyone else looks at it.</summary>
    public required EventCallback<AgendaItemView> SelectItem { get; init; }

    public required EventCallback FollowFacilitator { get; init; }

    public required EventCallback BringEveryone { get; init; }

    public required EventCallback<Guid?> FocusGoal { get; init; }

    public required EventCallback<AgendaItemView> RevealIdeas { get; init; }

    public required EventCallback<AgendaItemView> MakeIdeasPrivate { get; init; }

    public required EventCallback<AgendaItemView> OpenVote { get; init; }

    public required EventCallback<AgendaItemView> CloseVote { get; init; }

    public required EventCallback<AgendaItemView> RevealVotes { get; init; }

    public required EventCallback<AgendaItemView> NewPoll { get; init; }

    public required EventCallback<(Guid PollId, IReadOnlyList<Guid> Choices)> PollVoted { get; init; }

    public required EventCallback<TimerCommand> Timer { get; init; }

    /// <summary>Adds minutes to the timer.</summary>
    public required EventCallback<int> Extend { get; init; }

    /// <summary>What the viewer types as a new idea, kept by the page's state.</summary>
    public required EventCallback<string> IdeaText { get; init; }

    /// <summary>Adds the typed idea to the agenda item of this id.</summary>
    public required EventCallback<Guid> AddIdea { get; init; }
}
