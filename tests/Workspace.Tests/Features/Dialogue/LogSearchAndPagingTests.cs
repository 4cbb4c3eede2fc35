using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>Searching the log by words and phrases, and paging through thousands of entries.</summary>
public sealed class LogSearchAndPagingTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _priya;
    private readonly Guid _partnership;

    public LogSearchAndPagingTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _priya = Db.AddPerson("Priya Shah");
        _partnership = Db.AddPartnership("Safer Streets", (_fran, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor));
    }

    [Fact]
    public async Task Search_FindsEntriesWithEveryWordInTitleTextOrReplies()
    {
        var inTitle = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Late evening bus survey", e => e.Body = "Results for route 12.");
        var inBody = Db.AddLogEntry(_partnership, _fran, EntryKind.Question, "Data?", e => e.Body = "Is the BUS data for the late shift ready?");
        var inReply = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Lighting", e => e.Body = "Street lights on Mill Lane.");
        await NewReplyService().ReplyAsync(_priya, _partnership, inReply, "The late bus stops there too.", [], Ct);
        Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Bus shelters", e => e.Body = "New shelters.");

        var found = await SearchAsync("late bus");

        Assert.Equal(new[] { inReply, inBody, inTitle }.Order(), found.Order());
    }

    [Fact]
    public async Task Search_WithQuotes_MatchesThePhraseOnly()
    {
        var phrase = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Late evening buses");
        Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Evening meeting ran late");

        Assert.Equal([phrase], await SearchAsync("\"late evening\""));
    }

    [Fact]
    public async Task Search_TreatsWildcardsAsText()
    {
        var percent = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Cut costs by 50% in year two");
        Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Cut costs by 500 pounds");
        var underscore = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "File route_12.csv");
        Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "File route-12.csv");

        Assert.Equal([percent], await SearchAsync("50%"));
        Assert.Equal([underscore], await SearchAsync("route_12"));
    }

    [Fact]
    public async Task Search_IgnoresRemovedRepliesAndRemovedEntries()
    {
        var log = NewLogService();
        var replies = NewReplyService();
        var entry = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Lighting");
        var reply = await replies.ReplyAsync(_priya, _partnership, entry, "Ask the council about lamps.", [], Ct);
        await replies.RemoveReplyAsync(_priya, _partnership, entry, reply.Value!.Id, Ct);
        var removed = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Lamps on the bridge");
        await log.RemoveAsync(_fran, _partnership, removed, Ct);

        Assert.Empty(await SearchAsync("lamps"));
    }

    [Fact]
    public async Task ThousandsOfEntries_PageInOrderWithoutGapsOrRepeats()
    {
        const int count = 3_000;
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using (var db = Db.CreateDbContext())
        {
            var organisation = db.Users.Where(u => u.Id == _fran).Select(u => u.OrganisationId).Single();
            db.LogEntries.AddRange(Enumerable.Range(0, count).Select(i => new LogEntry
            {
                Id = Guid.NewGuid(),
                PartnershipId = _partnership,
                Kind = (EntryKind)(i % 5),
                Title = $"Entry {i:D4}",
                AuthorUserId = _fran,
                AuthorOrganisationId = organisation,
                CreatedUtc = start.AddMinutes(i),
                UpdatedUtc = start.AddMinutes(i),
                DecisionRule = i % 5 == (int)EntryKind.Decision ? DecisionRule.Consent : null,
                ActionState = i % 5 == (int)EntryKind.Action ? ActionState.Open : null,
                Likelihood = i % 5 == (int)EntryKind.Risk ? 2 : null,
                Impact = i % 5 == (int)EntryKind.Risk ? 2 : null,
                RiskState = i % 5 == (int)EntryKind.Risk ? RiskState.Open : null,
            }));
            await db.SaveChangesAsync(Ct);
        }

        var log = NewLogService();
        var titles = new List<string>();
        var first = await log.ListAsync(_priya, _partnership, new LogFilter(), cancellationToken: Ct);
        titles.AddRange(first.Value!.Entries.Select(e => e.Title));
        while (titles.Count < count)
        {
            var page = await log.ListAsync(_priya, _partnership, new LogFilter(), skip: titles.Count, take: 100, cancellationToken: Ct);
            Assert.Equal(count, page.Value!.Total);
            Assert.NotEmpty(page.Value.Entries);
            titles.AddRange(page.Value.Entries.Select(e => e.Title));
        }

        Assert.Equal(LogService.PageSize, first.Value.Entries.Count);
        Assert.Equal(Enumerable.Range(0, count).Reverse().Select(i => $"Entry {i:D4}"), titles);
        var tooBig = await log.ListAsync(_priya, _partnership, new LogFilter(), take: 10_000, cancellationToken: Ct);
        Assert.Equal(LogService.MaxPageSize, tooBig.Value!.Entries.Count);
    }

    private async Task<List<Guid>> SearchAsync(string text) =>
        [.. (await NewLogService().ListAsync(_fran, _partnership, new LogFilter { Search = text }, cancellationToken: Ct)).Value!.Entries.Select(e => e.Id)];
}
