using Workspace.Web.Features.Common;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Workshops;

/// <summary>
/// A person's dots on an item are counted against their budget only while the ideas they sit on are
/// there: removing an idea gives its dots back; grouping keeps them; agenda items with votes stay.
/// </summary>
public sealed class VoteBudgetTests : WorkshopTestBase
{
    private const string Spent = "You have used all 2 of your dots. Take one back to move it.";

    private async Task<(Guid Workshop, Guid Item, Guid First, Guid Second)> VotingAsync()
    {
        var (workshop, item, _) = await LiveAsync();
        var first = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Sunday opening", Ct)).Value!.Id;
        var second = (await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Delivery van", Ct)).Value!.Id;
        var opened = await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 2, anonymous: false, Ct);
        Assert.True(opened.Succeeded, opened.Error?.Message);
        return (workshop, item, first, second);
    }

    private async Task<Result<int>> DotAsync(string who, Guid workshop, Guid idea) =>
        await Voting.DotVoteAsync(who, Partnership, workshop, idea, add: true, Ct);

    private int Used(string who) => Db.Read(db => db.WorkshopBallots.Single(b => b.UserId == who).Used);

    [Fact]
    public async Task RemovedIdea_GivesItsDotsBack_ToEveryVoter()
    {
        var (workshop, _, first, second) = await VotingAsync();
        await DotAsync(Carl, workshop, first);
        await DotAsync(Carl, workshop, first);
        await DotAsync(Cara, workshop, first);
        await DotAsync(Cara, workshop, second);
        Assert.Equal(Spent, (await DotAsync(Carl, workshop, second)).Error?.Message);

        var removed = await Ideas.RemoveIdeaAsync(Fran, Partnership, workshop, first, Ct);

        Assert.True(removed.Succeeded, removed.Error?.Message);
        Assert.Equal((0, 1), (Used(Carl), Used(Cara)));
        Assert.Equal(0, Db.Read(db => db.WorkshopVotes.Count(v => v.IdeaId == first)));
        Assert.Equal(1, (await DotAsync(Carl, workshop, second)).Value);
        Assert.Equal(2, (await DotAsync(Carl, workshop, second)).Value);
        Assert.Equal(Spent, (await DotAsync(Carl, workshop, second)).Error?.Message);
        Assert.Equal(2, (await DotAsync(Cara, workshop, second)).Value);
        Assert.Equal(Spent, (await DotAsync(Cara, workshop, second)).Error?.Message);
        Assert.Equal((2, 2), (Used(Carl), Used(Cara)));
    }

    [Fact]
    public async Task RemovedIdea_PublishesTheCountsWithoutIt()
    {
        var (workshop, item, first, second) = await VotingAsync();
        await DotAsync(Carl, workshop, first);
        await DotAsync(Carl, workshop, second);
        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        Events.Clear();

        await Ideas.RemoveIdeaAsync(Fran, Partnership, workshop, first, Ct);

        var counts = Assert.Single(Events.Published.OfType<VotesChanged>()).Counts!;
        Assert.Equal(second, Assert.Single(counts).Id);
        var detail = (await Workshops.GetAsync(Cara, Partnership, workshop, Ct)).Value!;
        Assert.Equal([(second, 1)], detail.DotCounts[item].Select(c => (c.Id, c.Count)));
    }

    [Fact]
    public async Task AuthorRemovingTheirOwnIdea_GivesTheOtherVotersTheirDotsBack()
    {
        var (workshop, _, first, second) = await VotingAsync();
        await DotAsync(Carl, workshop, first);
        await DotAsync(Carl, workshop, first);

        var removed = await Ideas.RemoveIdeaAsync(Cara, Partnership, workshop, first, Ct);

        Assert.True(removed.Succeeded, removed.Error?.Message);
        Assert.Equal(0, Used(Carl));
        Assert.Equal(1, (await DotAsync(Carl, workshop, second)).Value);
    }

    [Fact]
    public async Task GroupingAnIdea_KeepsItsDotsAndEveryBudget()
    {
        var (workshop, item, first, second) = await VotingAsync();
        await DotAsync(Carl, workshop, first);
        await DotAsync(Carl, workshop, second);

        var grouped = await Ideas.GroupIdeaAsync(Fran, Partnership, workshop, first, "Access", Ct);

        Assert.True(grouped.Succeeded, grouped.Error?.Message);
        Assert.Equal(2, Used(Carl));
        Assert.Equal(Spent, (await DotAsync(Carl, workshop, first)).Error?.Message);
        var counts = (await Workshops.GetAsync(Fran, Partnership, workshop, Ct)).Value!.DotCounts[item];
        Assert.Equal([(first, 1), (second, 1)], counts.Select(c => (c.Id, c.Count)).OrderBy(c => c.Id == second));
    }

    [Fact]
    public async Task AgendaItem_WithVotes_CannotBeRemoved_SoNoBallotIsLeftBehind()
    {
        var (workshop, item, first, _) = await VotingAsync();
        await DotAsync(Carl, workshop, first);
        var planned = await PlanAsync();

        var whileLive = await Workshops.RemoveItemAsync(Fran, Partnership, workshop, item, Ct);
        var beforeStart = await Workshops.RemoveItemAsync(Fran, Partnership, planned.Workshop, planned.Item, Ct);

        Assert.Equal(ErrorKind.Conflict, whileLive.Error?.Kind);
        Assert.True(beforeStart.Succeeded, beforeStart.Error?.Message);
        Assert.Equal(1, Used(Carl));
        Assert.Equal(1, Db.Read(db => db.WorkshopVotes.Count(v => v.BallotTargetId == item)));
    }

    [Fact]
    public async Task DotLeftOnARemovedIdea_CountsNowhere()
    {
        // A dot placed at the very moment its idea was removed can outlive the idea; its ballot counts it.
        var (workshop, item, first, second) = await VotingAsync();
        await Ideas.RemoveIdeaAsync(Fran, Partnership, workshop, first, Ct);
        using (var db = Db.CreateDbContext())
        {
            db.WorkshopVotes.Add(new WorkshopVote { Id = Guid.NewGuid(), WorkshopId = workshop, BallotTargetId = item, IdeaId = first, UserId = Carl, CreatedUtc = UtcNow });
            db.WorkshopVotes.Add(new WorkshopVote { Id = Guid.NewGuid(), WorkshopId = workshop, BallotTargetId = item, IdeaId = first, UserId = Carl, CreatedUtc = UtcNow });
            db.WorkshopBallots.Add(new WorkshopBallot { Id = Guid.NewGuid(), WorkshopId = workshop, TargetId = item, UserId = Carl, Used = 2 });
            db.SaveChanges();
        }

        var placed = await DotAsync(Carl, workshop, second);

        Assert.Equal(1, placed.Value);
        Assert.Equal([(second, 1)], (await Workshops.GetAsync(Fran, Partnership, workshop, Ct)).Value!.DotCounts[item].Select(c => (c.Id, c.Count)));
        Assert.Equal(1, (await Outputs.EquityAsync(Fran, Partnership, workshop, Ct)).Value!.Organisations.Sum(o => o.Votes));
    }
}
