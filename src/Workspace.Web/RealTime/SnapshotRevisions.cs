namespace Workspace.Web.RealTime;

/// <summary>
/// The revision of each snapshot a page shows (an item's ideas, a ballot's counts). A snapshot is
/// published by whichever request made the change, so two changes at once can reach a page in either
/// order: a snapshot older than the one shown is dropped instead of undoing the newer one.
/// </summary>
public sealed class SnapshotRevisions
{
    private readonly Dictionary<Guid, long> _shown = [];

    /// <summary>
    /// Whether a snapshot of <paramref name="id"/> at <paramref name="revision"/> is newer than the one
    /// shown; if so it is now the one shown. A page that reads <paramref name="id"/> afresh calls this
    /// with the revision it read first, so that older snapshots still on their way are dropped.
    /// </summary>
    public bool Accept(Guid id, long revision)
    {
        if (_shown.TryGetValue(id, out var shown) && shown >= revision)
        {
            return false;
        }

        _shown[id] = revision;
        return true;
    }
}
