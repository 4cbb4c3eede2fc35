using Microsoft.Extensions.Time.Testing;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Workshops;

/// <summary>
/// Vote budgets hold when one person clicks fast in several tabs: calls run truly at once on a
/// SQLite file, each with its own connection.
/// </summary>
public sealed class WorkshopConcurrencyTests : IDisposable
{
    private readonly TestDatabase _db = TestDatabase.OnFile();
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly RecordingPartnershipEvents _events = new();
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;

    public WorkshopConcurrencyTests()
    {
        _fran = _db.AddPerson("Fran Facilitator");
        _cara = _db.AddPerson("Cara Contributor");
        _partnership = _db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Each "tab" has its own service and contexts, as separate circuits would.
    private WorkshopService NewService() => new(_db, _events, _clock, new WorkshopOutputService(_db, _events, _clock, new LogService(_db, _events, _clock)));

    private IdeaService NewIdeaService() => new(_db, _events, _clock);

    private VotingService NewVotingService() => new(_db, _events, _clock);

    private async Task<(Guid Workshop, Guid Item)> LiveWorkshopAsync()
    {
        var service = NewService();
        var workshop = (await service.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Plan", StartsUtc = _clock.GetUtcNow().UtcDateTime }, Ct)).Value!;
        var run = (await service.AddItemAsync(_fran, _partnership, workshop.Id, new AgendaItemInput { Title = "Ideas", TimeBoxMinutes = 10 }, Ct)).Value!;
        await service.StartAsync(_fran, _partnership, workshop.Id, Ct);
        return (workshop.Id, run.Items[0].Id);
    }

    [Fact]
    public async Task DotVotes_FromManyTabsAtOnce_NeverExceedTheBudget()
    {
        var (workshop, item) = await LiveWorkshopAsync();
        var ideaService = NewIdeaService();
        var voting = NewVotingService();
        var ideas = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ideas.Add((await ideaService.AddIdeaAsync(_cara, _partnership, workshop, item, $"Idea {i}", Ct)).Value!.Id);
        }

        await voting.OpenDotVoteAsync(_fran, _partnership, workshop, item, 3, anonymous: true, Ct);

        // Revealed, so that the counts travel with the events.
        await voting.RevealDotVotesAsync(_fran, _partnership, workshop, item, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => NewVotingService().DotVoteAsync(_cara, _partnership, workshop, ideas[i % ideas.Count], add: true, Ct), Ct)));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("You have used all 3 of your dots. Take one back to move it.", r.Error?.Message));
        Assert.Equal(3, _db.Read(db => db.WorkshopVotes.Count(v => v.UserId == _cara)));
        Assert.Equal(3, _db.Read(db => db.WorkshopBallots.Single(b => b.UserId == _cara).Used));

        // Whatever order the counts were published in, the newest revision is the final count.
        var counts = _events.Published.OfType<VotesChanged>().Where(v => v.TargetId == item).ToList();
        Assert.Equal(counts.Count, counts.Select(v => v.Revision).Distinct().Count());
        Assert.Equal(3, counts.MaxBy(v => v.Revision)!.Counts!.Sum(c => c.Count));
    }

    [Fact]
    public async Task IdeasAddedAtOnce_EachPictureHasItsOwnRevision_AndTheNewestHoldsThemAll()
    {
        var (workshop, item) = await LiveWorkshopAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => NewIdeaService().AddIdeaAsync(i % 2 == 0 ? _cara : _fran, _partnership, workshop, item, $"Idea {i}", Ct), Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var pictures = _events.Published.OfType<IdeasChanged>().Where(e => e.ItemId == item).OrderBy(e => e.Revision).ToList();
        Assert.Equal(12, pictures.Count);
        Assert.Equal(12, pictures.Select(p => p.Revision).Distinct().Count());

        // A later revision never shows fewer ideas than an earlier one, and the newest shows all twelve:
        // a page that keeps the newest revision it has seen loses none, in whatever order they arrive.
        Assert.All(pictures.Zip(pictures.Skip(1)), pair => Assert.True(pair.Second.Ideas.Count >= pair.First.Ideas.Count));
        Assert.Equal(12, pictures[^1].Ideas.Count);
    }

    [Fact]
    public async Task SingleChoicePoll_FromManyTabsAtOnce_KeepsOneChoice()
    {
        var (workshop, item) = await LiveWorkshopAsync();
        var poll = (await NewVotingService().CreatePollAsync(_fran, _partnership, workshop, item,
            new PollInput { Question = "Which day?", Options = ["Mon", "Tue", "Wed", "Thu"] }, Ct)).Value!;

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => NewVotingService().VotePollAsync(_cara, _partnership, workshop, poll.Id, [poll.Options[i % 4].Id], Ct), Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(1, _db.Read(db => db.WorkshopVotes.Count(v => v.BallotTargetId == poll.Id)));
    }

    public void Dispose() => _db.Dispose();
}
