namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// What changed between the list a group's watchers show and the list its model holds now: the keys that
/// left, and the items that came or changed, each with the key of the item after it, from the list's end to
/// its start (the order <see cref="LiveListPatch"/> is applied in). Null when the list cannot be patched and
/// the whole fragment must be sent: its shell changed, a key repeats, the items that stay changed order, or
/// every item is new or changed (the patch would be no smaller).
/// </summary>
public sealed record LiveListDiff(IReadOnlyList<string> Removed, IReadOnlyList<(LiveItem Item, string? Before)> Changed)
{
    public static LiveListDiff? Between(LiveList shown, LiveList now)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(now);
        if (!Equals(shown.Shell, now.Shell) || now.Items.Count == 0)
        {
            return null;
        }

        var before = new Dictionary<string, (int Index, LiveItem Item)>(shown.Items.Count, StringComparer.Ordinal);
        foreach (var (item, index) in shown.Items.Select((item, index) => (item, index)))
        {
            if (!before.TryAdd(item.Key, (index, item)))
            {
                return null;
            }
        }

        var keys = new HashSet<string>(now.Items.Count, StringComparer.Ordinal);
        var changed = new List<(LiveItem Item, string? Before)>();
        var lastKept = int.MaxValue;
        for (var i = now.Items.Count - 1; i >= 0; i--)
        {
            var item = now.Items[i];
            if (!keys.Add(item.Key))
            {
                return null;
            }

            if (before.TryGetValue(item.Key, out var old))
            {
                // Walking back from the end, the items that stay must appear in falling order of their old places.
                if (old.Index > lastKept)
                {
                    return null;
                }

                lastKept = old.Index;
                if (Equals(old.Item.Model, item.Model) && old.Item.Component == item.Component)
                {
                    continue;
                }
            }

            changed.Add((item, i + 1 < now.Items.Count ? now.Items[i + 1].Key : null));
        }

        var removed = shown.Items.Where(item => !keys.Contains(item.Key)).Select(item => item.Key).ToList();
        if (changed.Count == now.Items.Count || (changed.Count == 0 && removed.Count == 0))
        {
            return null;
        }

        return new LiveListDiff(removed, changed);
    }
}
