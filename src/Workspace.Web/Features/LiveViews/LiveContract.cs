namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// The watchers' hub contract in one place (decision 017): the path, what a browser invokes and what it
/// receives. Fragments are HTML keyed by the id of the element whose content they replace; a list fragment
/// may instead be patched item by item (<see cref="LiveListPatch"/>).
/// </summary>
public static class LiveContract
{
    public const string HubPath = "/hubs/live";

    /// <summary>Invoked by the browser: <c>Join(kind, key)</c> → <see cref="LiveSnapshot"/>; refused with a HubException.</summary>
    public const string Join = nameof(LiveHub.Join);

    /// <summary>
    /// Invoked by a page that arrived with its fragments' hashes (<c>data-live-hash</c>, <see cref="LiveFragmentHash"/>):
    /// <c>JoinShowing(kind, key, {elementId: hash})</c> → a <see cref="LiveSnapshot"/> holding only the fragments that
    /// differ from what the page shows, so a join at the page's own state costs a few bytes instead of the whole view.
    /// </summary>
    public const string JoinShowing = nameof(LiveHub.JoinShowing);

    /// <summary>Most fragment hashes a join may name; a longer list is not read and the whole view is sent.</summary>
    public const int MaxShown = 64;

    /// <summary>Invoked by the browser after a gap in <c>seq</c>: <c>Snapshot(kind, key)</c> → <see cref="LiveSnapshot"/>.</summary>
    public const string Snapshot = nameof(LiveHub.Snapshot);

    /// <summary>Sent to a view's watchers: one <see cref="LiveUpdate"/>, the same message for all of them.</summary>
    public const string Update = "update";

    /// <summary>Sent to a watcher no longer allowed to see the view (removed from the partnership): a <see cref="LiveClosed"/>.</summary>
    public const string Closed = "closed";

    /// <summary>Longest kind or key a browser may send; longer ones are refused before any lookup.</summary>
    public const int MaxNameLength = 100;

    /// <summary>How many views one connection may watch at once.</summary>
    public const int MaxViewsPerConnection = 4;
}

/// <summary>
/// Every fragment of a view as it is now (for <see cref="LiveContract.JoinShowing"/>, every one the page does not
/// already show). <paramref name="Seq"/> is the number of the last update sent to the view's watchers; the next
/// update carries <c>Seq + 1</c>.
/// </summary>
public sealed record LiveSnapshot(long Seq, IReadOnlyDictionary<string, string> Fragments);

/// <summary>
/// The fragments an event changed, rendered once for all watchers. <paramref name="Fragments"/> replace an
/// element's whole content; <paramref name="Lists"/> (by the same element ids) change only the items of a
/// list fragment that came, changed or left. <paramref name="Summary"/> is a short sentence for screen
/// readers (announced politely), never the fragments themselves.
/// </summary>
public sealed record LiveUpdate(
    long Seq, IReadOnlyDictionary<string, string> Fragments, string Summary, IReadOnlyDictionary<string, LiveListPatch>? Lists = null);

/// <summary>
/// The items of one list fragment that changed. The list is the element marked <c>data-live-list</c> inside
/// the fragment's element, each item its child marked <c>data-live-item="{key}"</c>. First every item in
/// <paramref name="Removed"/> goes; then each of <paramref name="Items"/>, in the order sent, replaces the item
/// with its key (if any) and is placed just before the item keyed <see cref="LiveItemHtml.Before"/>, or last
/// when that is null. Items are sent from the list's end to its start, so <c>Before</c> is always in place.
/// </summary>
public sealed record LiveListPatch(IReadOnlyList<string> Removed, IReadOnlyList<LiveItemHtml> Items);

/// <summary>One new or changed item of a list: its key, its whole HTML (the item element itself) and the key of the item after it.</summary>
public sealed record LiveItemHtml(string Key, string Html, string? Before);

/// <summary>Why the server stopped sending a view to this watcher.</summary>
public sealed record LiveClosed(string Message);
