using Workspace.Web.Features.LiveViews;

namespace Workspace.Tests.Features.LiveViews;

/// <summary>
/// A list fragment's change as item operations: the items that left, and each new or changed item placed
/// before its successor, sent from the end; anything a patch cannot say sends the whole fragment.
/// </summary>
public sealed class LiveListDiffTests
{
    private sealed record Row(string Title);

    private sealed class RowComponent;

    private sealed class OtherComponent;

    private static LiveList List(params string[] items) => ListWith(false, items);

    // "key" or "key=title" (a changed title is a changed model).
    private static LiveList ListWith(object shell, params string[] items) =>
        new(shell, [.. items.Select(i => i.Split('=') is var p && p.Length == 2
            ? new LiveItem(p[0], typeof(RowComponent), new Row(p[1]))
            : new LiveItem(i, typeof(RowComponent), new Row(i)))]);

    /// <summary>Applies a diff as live-view.js does, to the keys shown.</summary>
    private static List<string> Applied(LiveList shown, LiveListDiff diff)
    {
        var keys = shown.Items.Select(i => i.Key).ToList();
        keys.RemoveAll(diff.Removed.Contains);
        foreach (var (item, before) in diff.Changed)
        {
            keys.Remove(item.Key);
            var at = before is null ? keys.Count : keys.IndexOf(before);
            Assert.True(at >= 0, $"'{before}' is not shown when '{item.Key}' is placed before it");
            keys.Insert(at, item.Key);
        }

        return keys;
    }

    [Fact]
    public void NewItemOnTop_AndTheOldestLeaving_IsOneInsertAndOneRemoval()
    {
        var shown = List("c", "b", "a");
        var now = List("d", "c", "b");

        var diff = LiveListDiff.Between(shown, now);

        Assert.NotNull(diff);
        Assert.Equal(["a"], diff.Removed);
        var (item, before) = Assert.Single(diff.Changed);
        Assert.Equal("d", item.Key);
        Assert.Equal("c", before);
        Assert.Equal(["d", "c", "b"], Applied(shown, diff));
    }

    [Fact]
    public void ChangedItem_IsReplacedInPlace_AndNothingElseIsSent()
    {
        var shown = List("c", "b", "a");
        var now = List("c", "b=b, decided", "a");

        var diff = LiveListDiff.Between(shown, now);

        Assert.NotNull(diff);
        Assert.Empty(diff.Removed);
        var (item, before) = Assert.Single(diff.Changed);
        Assert.Equal(("b", "a"), (item.Key, before));
        Assert.Equal(new Row("b, decided"), item.Model);
    }

    [Fact]
    public void ItemAtTheEnd_IsPlacedLast()
    {
        var diff = LiveListDiff.Between(List("a"), List("a", "b"));

        var (item, before) = Assert.Single(diff!.Changed);
        Assert.Equal("b", item.Key);
        Assert.Null(before);
    }

    [Fact]
    public void ItemLeaving_IsOnlyARemoval()
    {
        var diff = LiveListDiff.Between(List("c", "b", "a"), List("c", "a"));

        Assert.Equal(["b"], diff!.Removed);
        Assert.Empty(diff.Changed);
    }

    [Fact]
    public void SeveralNewItems_AreSentFromTheEnd_SoEachOnesSuccessorIsAlreadyInPlace()
    {
        var shown = List("x", "c", "b", "a");
        var now = List("f", "e", "c", "d", "b");

        var diff = LiveListDiff.Between(shown, now);

        Assert.NotNull(diff);
        Assert.Equal(["d", "e", "f"], diff.Changed.Select(c => c.Item.Key));
        Assert.Equal(["b", "c", "e"], diff.Changed.Select(c => c.Before));
        Assert.Equal(["x", "a"], diff.Removed);
        Assert.Equal(["f", "e", "c", "d", "b"], Applied(shown, diff));
    }

    [Fact]
    public void ShellChanged_SendsTheWholeFragment()
    {
        Assert.Null(LiveListDiff.Between(ListWith(true, "a"), ListWith(false, "a", "b")));
        Assert.NotNull(LiveListDiff.Between(ListWith((1, "x"), "a"), ListWith((1, "x"), "a", "b")));
    }

    [Fact]
    public void ItemsThatStayChangingOrder_SendTheWholeFragment()
    {
        Assert.Null(LiveListDiff.Between(List("a", "b", "c"), List("b", "a", "c")));
        Assert.Null(LiveListDiff.Between(List("a", "b", "c"), List("d", "c", "b")));
    }

    [Fact]
    public void EveryItemNewOrChanged_OrAnEmptyList_SendsTheWholeFragment()
    {
        Assert.Null(LiveListDiff.Between(List("a", "b"), List("c", "d")));
        Assert.Null(LiveListDiff.Between(List("a"), List("a=changed")));
        Assert.Null(LiveListDiff.Between(List("a"), List()));
    }

    [Fact]
    public void RepeatedKey_SendsTheWholeFragment()
    {
        Assert.Null(LiveListDiff.Between(List("a", "a", "b"), List("c", "a", "b")));
        Assert.Null(LiveListDiff.Between(List("a", "b"), List("c", "a", "a", "b")));
    }

    [Fact]
    public void SameItemsByValue_ButAnotherModel_SendsTheWholeFragment()
    {
        // The fragment's model changed, yet no item or shell did: the list does not describe the model, so nothing is patched.
        Assert.Null(LiveListDiff.Between(List("a", "b"), List("a", "b")));
    }

    [Fact]
    public void ItemRenderedByAnotherComponent_IsReplaced()
    {
        var now = new LiveList(false, [new LiveItem("a", typeof(OtherComponent), new Row("a")), new LiveItem("b", typeof(RowComponent), new Row("b"))]);

        var diff = LiveListDiff.Between(List("a", "b"), now);

        Assert.Equal("a", Assert.Single(diff!.Changed).Item.Key);
    }
}
