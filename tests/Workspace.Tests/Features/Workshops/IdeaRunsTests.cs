using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Workshops;

/// <summary>The runs of idea cards that render on their own: where they end depends on the ideas, not on their places.</summary>
public sealed class IdeaRunsTests
{
    private static readonly Guid Item = Guid.NewGuid();
    private static readonly PersonRef Author = new("user-1", "Cara Contributor", "Riverside Council", null);

    private static IdeaCardModel Card(int number) =>
        new(new IdeaView(Guid.NewGuid(), Item, $"Idea {number}", "", Author, DateTime.UnixEpoch.AddMinutes(number), null, null),
            default, Dots: 0, MyDots: 0, CanRemoveOwn: false);

    private static List<IdeaCardModel> Cards(int count) => [.. Enumerable.Range(1, count).Select(Card)];

    [Fact]
    public void Split_KeepsEveryCardInOrder_AndEndsARunOnlyAtAnIdeaThatEndsOne_OrAtTheLongest()
    {
        var cards = Cards(500);

        var runs = IdeaRuns.Split(cards);

        Assert.Equal(cards, runs.SelectMany(r => r));
        Assert.All(runs, r => Assert.InRange(r.Count, 1, IdeaRuns.Longest));
        Assert.All(runs.Take(runs.Count - 1), r => Assert.True(IdeaRuns.EndsRun(r[^1].Idea.Id) || r.Count == IdeaRuns.Longest));
        Assert.All(runs, r => Assert.DoesNotContain(r.Take(r.Count - 1), c => IdeaRuns.EndsRun(c.Idea.Id)));
        Assert.InRange(runs.Count, 500 / IdeaRuns.Longest, 500);
    }

    [Fact]
    public void Split_OfNoCards_IsNoRuns() => Assert.Empty(IdeaRuns.Split([]));

    [Fact]
    public void AnIdeaAddedAtTheEnd_ChangesOnlyTheLastRun()
    {
        var cards = Cards(200);
        var before = IdeaRuns.Split(cards);

        var after = IdeaRuns.Split([.. cards, Card(201)]);

        var unchanged = IdeaRuns.EndsRun(cards[^1].Idea.Id) ? before.Count : before.Count - 1;
        Assert.True(after.Count >= before.Count);
        for (var i = 0; i < unchanged; i++)
        {
            Assert.Equal(before[i], after[i]);
        }
    }

    [Fact]
    public void AnIdeaRemoved_ChangesOnlyItsOwnRun_AndTheOneAfterWhenItEndedOne()
    {
        var cards = Cards(300);
        var before = IdeaRuns.Split(cards);
        // A card inside a run (not its last, and in a run shorter than the longest): removing it leaves every other run as it was.
        var run = before.FindIndex(r => r.Count is > 2 and < IdeaRuns.Longest);
        Assert.True(run >= 0, "300 ideas make a run of more than two cards.");
        var removed = before[run][1];

        var after = IdeaRuns.Split(cards.FindAll(c => c != removed));

        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(i == run ? before[i].FindAll(c => c != removed) : before[i], after[i]);
        }
    }
}
