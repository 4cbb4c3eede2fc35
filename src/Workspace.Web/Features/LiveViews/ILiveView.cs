using System.Security.Claims;
using Workspace.Web.Features.Members;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// A read-only page watched through the live hub instead of a circuit (decision 017): it says who may
/// watch it, how its model is loaded, and, through the model, which events concern it and which
/// fragments it renders. Registered once per kind; a public view answers true to everyone.
/// </summary>
public interface ILiveView
{
    /// <summary>The name the page's script joins with, e.g. <c>wall</c>; one view per kind.</summary>
    string Kind { get; }

    /// <summary>Whether <paramref name="user"/> may watch the view named <paramref name="key"/>; asked on every join, from the database.</summary>
    Task<bool> MayWatchAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken);

    /// <summary>
    /// The view's model as <paramref name="user"/> (one of its watchers, already allowed) sees it; null when
    /// it no longer exists. Loaded once per group of watchers, and again only after events were missed.
    /// </summary>
    Task<LiveModel?> LoadAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken);

    /// <summary>Fragments of a sample model, rendered once at start so that the first watcher does not pay for the first render.</summary>
    IReadOnlyList<LiveFragment> WarmUpFragments();

    /// <summary>The partnership <paramref name="key"/> names, when the key alone tells (a group then subscribes before its first load); null otherwise.</summary>
    Guid? PartnershipOf(string key) => null;
}

/// <summary>
/// What a group of watchers sees, kept in memory and changed by events: the same for every watcher, so
/// nothing in it may depend on who is looking.
/// </summary>
public abstract class LiveModel
{
    /// <summary>The partnership whose events keep the model current.</summary>
    public abstract Guid PartnershipId { get; }

    /// <summary>Applies an event's data; true when it may have changed a fragment.</summary>
    public abstract bool Apply(PartnershipEvent change);

    /// <summary>The fragments as they are now; each is rendered again only when its model changed by value.</summary>
    public abstract IReadOnlyList<LiveFragment> Fragments();

    /// <summary>
    /// The person whose right to watch the event ends (for partnership views, their removal), or null: asked
    /// once per event, so an event that ends nobody's right costs nothing per watcher.
    /// </summary>
    public virtual string? RevokedUserId(PartnershipEvent change) => (change as MemberRemoved)?.UserId;

    /// <summary>
    /// Whether the event calls for loading the model again instead of applying it in memory; such loads are
    /// made once per burst of events for the whole group, at most once per <see cref="LiveViewOptions.ReloadInterval"/>.
    /// </summary>
    public virtual bool ReloadsOn(PartnershipEvent change) => false;

    /// <summary>
    /// Whether every watcher watches by the same right (a public view): when the model can no longer be
    /// loaded, every watcher is told <see cref="GoneMessage"/> at once instead of being asked one by one.
    /// </summary>
    public virtual bool SameForEveryone => false;

    /// <summary>What the watchers of a view that is <see cref="SameForEveryone"/> are told when it goes away.</summary>
    public virtual string GoneMessage => "This view is not available any more.";
}

/// <summary>
/// One fragment of a view: the element whose content it is, the component that renders it from its one
/// <paramref name="Model"/> (a record, compared by value), and a short name announced when it changes.
/// A fragment that is a list says so in <paramref name="List"/>: a change that keeps its shell then sends
/// only the items that came, changed or left (<see cref="LiveListPatch"/>).
/// </summary>
public sealed record LiveFragment(string ElementId, Type Component, object Model, string Name, LiveList? List = null);

/// <summary>
/// A fragment's model seen as a list: <paramref name="Shell"/> is everything the component shows around the
/// items (compared by value: when it changes, the whole fragment is sent), <paramref name="Items"/> the
/// items in order. The component must render each item exactly as <see cref="LiveItem.Component"/> renders
/// it alone, as a child marked <c>data-live-item="{key}"</c> of an element marked <c>data-live-list</c>.
/// </summary>
public sealed record LiveList(object Shell, IReadOnlyList<LiveItem> Items);

/// <summary>One item of a <see cref="LiveList"/>: a key unique in the list, and the component and record model that render it.</summary>
public sealed record LiveItem(string Key, Type Component, object Model);
