using Microsoft.AspNetCore.Components;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// Everything one idea card shows, as one value: a card renders again only when it changes. The ideas
/// list gives each card this and the page's <see cref="IdeaCardActions"/>, so a new idea costs every other
/// card one comparison, not a dozen parameters and four new callbacks; the page keeps each card's model
/// while it is unchanged, so that comparison is by reference.
/// </summary>
/// <param name="Settings">What every card of the list shares.</param>
/// <param name="CanRemoveOwn">The author may remove their own idea.</param>
public sealed record IdeaCardModel(IdeaView Idea, IdeaCardSettings Settings, int Dots, int MyDots, bool CanRemoveOwn)
{
    public bool ShowDots => Settings.ShowDots;

    public bool DotsOnlyForMe => Settings.DotsOnlyForMe;

    public bool CanDot => Settings.CanDot;

    public bool DotsLeft => Settings.DotsLeft;

    public bool Busy => Settings.Busy;

    public bool FacilitatorMenu => Settings.FacilitatorMenu;

    public bool IdeasHidden => Settings.IdeasHidden;
}

/// <summary>What every idea card of one list shares.</summary>
/// <param name="ShowDots">Whether the dot count shows (the facilitator's, or everyone's once revealed).</param>
/// <param name="DotsOnlyForMe">The facilitator sees the count before it is revealed, and is told so.</param>
/// <param name="CanDot">Whether the viewer may place and take back dots on the item's ideas now.</param>
/// <param name="DotsLeft">Whether the viewer has dots left on this item.</param>
/// <param name="FacilitatorMenu">The facilitator's menu: record in the log, group, remove.</param>
public readonly record struct IdeaCardSettings(
    bool ShowDots, bool DotsOnlyForMe, bool CanDot, bool DotsLeft, bool Busy, bool FacilitatorMenu, bool IdeasHidden);

/// <summary>What a person asks of one idea from its card.</summary>
public enum IdeaCommandKind
{
    PlaceDot,
    TakeBackDot,
    RecordDecision,
    RecordAction,
    Group,
    Remove,
}

public readonly record struct IdeaCommand(IdeaView Idea, IdeaCommandKind Kind);

/// <summary>
/// The page's side of its idea cards, made once per page: the same instance on every render, so it never
/// counts as a change to a card.
/// </summary>
public sealed class IdeaCardActions(Guid partnershipId, EventCallback<IdeaCommand> onCommand)
{
    public Guid PartnershipId { get; } = partnershipId;

    public Task InvokeAsync(IdeaView idea, IdeaCommandKind kind) => onCommand.InvokeAsync(new IdeaCommand(idea, kind));
}

/// <summary>
/// Splits a list of idea cards into runs that each render behind their own gate, so a new idea renders
/// the last run rather than every card of the item. A run ends at an idea chosen by its id, not by its
/// place in the list: an idea added at the end changes only the last run, and one removed only its own
/// (cards keep their run, their element and any focus inside them).
/// </summary>
public static class IdeaRuns
{
    /// <summary>About how many cards a run holds: one idea in this many ends a run.</summary>
    public const int Average = 16;

    /// <summary>The most cards in one run, should the ids end none for a long stretch.</summary>
    public const int Longest = 64;

    public static List<List<IdeaCardModel>> Split(List<IdeaCardModel> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var runs = new List<List<IdeaCardModel>>(cards.Count / Average + 1);
        var start = 0;
        for (var i = 0; i < cards.Count; i++)
        {
            if (EndsRun(cards[i].Idea.Id) || i - start + 1 == Longest || i == cards.Count - 1)
            {
                runs.Add(cards.GetRange(start, i - start + 1));
                start = i + 1;
            }
        }

        return runs;
    }

    public static bool EndsRun(Guid ideaId) => (ideaId.GetHashCode() & (Average - 1)) == 0;
}
