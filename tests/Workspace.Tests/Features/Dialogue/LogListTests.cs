using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>Finding things in the log: filters, pages, "for me" and "new since you last looked".</summary>
public sealed class LogListTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _priya;
    private readonly string _grace;
    private readonly Guid _saferoute;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public LogListTests()
    {
        _saferoute = Db.AddOrganisation("SafeRoute Technologies Ltd", Sector.Private);
        _fran = Db.AddPerson("Fran Facilitator");
        _priya = Db.AddPerson("Priya Shah", organisationId: _saferoute);
        _grace = Db.AddPerson("Grace Mensah", organisationId: Db.AddOrganisation("Streetlight Trust", Sector.CivilSociety));
        _partnership = Db.AddPartnership("Safer Streets",
            (_fran, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor), (_grace, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Safer late-evening buses");
    }

    [Fact]
    public async Task ForMe_ListsMentionsAndActionsAssignedToThePerson()
    {
        var log = NewLogService();
        var mention = await PostAsync(_fran, new EntryInput { Kind = EntryKind.Question, Title = "Signal data?", Mentions = [_priya] });
        var assigned = await PostAsync(_fran, new EntryInput { Kind = EntryKind.Action, Title = "Send the data", AssigneeUserId = _priya });
        var owned = await PostAsync(_fran, new EntryInput { Kind = EntryKind.Risk, Title = "Data late", Likelihood = 2, Impact = 2, RiskOwnerUserId = _priya });
        await PostAsync(_fran, new EntryInput { Kind = EntryKind.Action, Title = "Book the room", AssigneeUserId = _grace });
        await PostAsync(_priya, new EntryInput { Title = "My own note" });
        var removed = await PostAsync(_fran, new EntryInput { Title = "Hello @Priya", Mentions = [_priya] });
        await log.RemoveAsync(_fran, _partnership, removed, Ct);

        var forMe = await log.ForMeAsync(_priya, _partnership, Ct);

        Assert.Equal([owned, assigned, mention], forMe.Value!.Select(e => e.Id));
    }

    [Fact]
    public async Task UnreadCount_CountsOthersEntriesPostedOrChangedSinceThePersonLooked()
    {
        var log = NewLogService();
        var readState = NewReadStateService();
        var seenNote = await PostAsync(_fran, new EntryInput { Title = "Before" });
        await PostAsync(_grace, new EntryInput { Title = "Also before" });
        Assert.Equal(2, await readState.UnreadCountAsync(_priya, _partnership, Ct));

        await readState.MarkSeenAsync(_priya, _partnership, Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await PostAsync(_grace, new EntryInput { Title = "After" });
        await PostAsync(_priya, new EntryInput { Title = "Mine, after" });
        await log.EditAsync(_fran, _partnership, seenNote, new EntryInput { Title = "Before, edited", Version = 1 }, Ct);

        Assert.Equal(2, await readState.UnreadCountAsync(_priya, _partnership, Ct));
        await readState.MarkSeenAsync(_priya, _partnership, Ct);
        Assert.Equal(0, await readState.UnreadCountAsync(_priya, _partnership, Ct));
        var page = await log.ListAsync(_priya, _partnership, new LogFilter(), cancellationToken: Ct);
        Assert.Equal(UtcNow, page.Value!.LastSeenUtc);
    }

    [Fact]
    public async Task UnreadCount_IsZeroForSomeoneOutsideThePartnership()
    {
        var outsider = Db.AddPerson("Olly Outsider");
        await PostAsync(_fran, new EntryInput { Title = "Confidential minutes" });

        Assert.Equal(0, await NewReadStateService().UnreadCountAsync(outsider, _partnership, Ct));
    }

    [Fact]
    public async Task Filters_NarrowTheList()
    {
        var decisions = NewDecisionService();
        var note = await PostAsync(_fran, new EntryInput { Title = "Minutes of March", Body = "Route 12 discussed." });
        var onGoal = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "App signal", GoalId = _goal });
        var decision = await PostAsync(_grace, new EntryInput { Kind = EntryKind.Decision, Title = "Open a youth space" });
        var closedDecision = await PostAsync(_fran, new EntryInput { Kind = EntryKind.Decision, Title = "Meet monthly" });
        await decisions.CloseDecisionAsync(_fran, _partnership, closedDecision, "Agreed.", Ct);
        var overdue = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Action, Title = "Send the data", AssigneeUserId = _priya, DueDate = new DateOnly(2026, 3, 1) });
        var dueToday = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Action, Title = "Book the room", AssigneeUserId = _grace, DueDate = new DateOnly(2026, 3, 2) });
        var doneLate = await PostAsync(_grace, new EntryInput { Kind = EntryKind.Action, Title = "Print leaflets", AssigneeUserId = _grace, DueDate = new DateOnly(2026, 2, 1), ActionState = ActionState.Done });
        var risk = await PostAsync(_fran, new EntryInput { Kind = EntryKind.Risk, Title = "Funding gap", Likelihood = 3, Impact = 4, GoalId = _goal });

        Assert.Equal([risk, closedDecision, decision], await IdsAsync(new LogFilter { Kinds = [EntryKind.Decision, EntryKind.Risk] }));
        Assert.Equal([risk, onGoal], await IdsAsync(new LogFilter { GoalId = _goal }));
        Assert.Equal([dueToday, overdue, onGoal], await IdsAsync(new LogFilter { OrganisationId = _saferoute }));
        Assert.Equal([doneLate, decision], await IdsAsync(new LogFilter { Sector = Sector.CivilSociety }));
        Assert.Equal([risk, closedDecision, note], await IdsAsync(new LogFilter { AuthorUserId = _fran }));
        Assert.Equal([risk, dueToday, overdue, decision], await IdsAsync(new LogFilter { State = "open" }));
        Assert.Equal([doneLate, closedDecision], await IdsAsync(new LogFilter { State = "closed" }));
        Assert.Equal([overdue], await IdsAsync(new LogFilter { State = "overdue" }));
        Assert.Equal([note], await IdsAsync(new LogFilter { Search = "route 12" }));
        Assert.Equal([onGoal], await IdsAsync(new LogFilter { Search = "SIGNAL", Kinds = [EntryKind.Question], GoalId = _goal }));
    }

    [Fact]
    public async Task Overdue_FollowsTheClock()
    {
        var action = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Action, Title = "Send the data", AssigneeUserId = _priya, DueDate = new DateOnly(2026, 3, 5) });
        Assert.Empty(await IdsAsync(new LogFilter { State = "overdue" }));

        Clock.Advance(TimeSpan.FromDays(4));

        Assert.Equal([action], await IdsAsync(new LogFilter { State = "overdue" }));
        var view = (await NewLogService().GetAsync(_fran, _partnership, action, Ct)).Value!.Entry;
        Assert.True(view.IsOverdue(DateOnly.FromDateTime(UtcNow)));
    }

    [Fact]
    public async Task SearchWithWildcardCharacters_MatchesThemLiterally()
    {
        var percent = await PostAsync(_fran, new EntryInput { Title = "Cut by 30% this year" });
        await PostAsync(_fran, new EntryInput { Title = "Cut by 30 this year" });

        Assert.Equal([percent], await IdsAsync(new LogFilter { Search = "30%" }));
    }

    [Fact]
    public async Task List_PagesFiftyNewestFirstWithTheTotal()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 55; i++)
        {
            ids.Add(await PostAsync(_fran, new EntryInput { Title = $"Note {i}" }));
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var log = NewLogService();
        var first = await log.ListAsync(_fran, _partnership, new LogFilter(), cancellationToken: Ct);
        var second = await log.ListAsync(_fran, _partnership, new LogFilter(), skip: LogService.PageSize, cancellationToken: Ct);

        Assert.Equal((55, 50, 55, 5), (first.Value!.Total, first.Value.Entries.Count, second.Value!.Total, second.Value.Entries.Count));
        ids.Reverse();
        Assert.Equal(ids, first.Value.Entries.Concat(second.Value.Entries).Select(e => e.Id));
    }

    private async Task<Guid> PostAsync(string userId, EntryInput input)
    {
        var result = await NewLogService().PostAsync(userId, _partnership, input, Ct);
        Assert.True(result.Succeeded, result.Error?.Message);
        Clock.Advance(TimeSpan.FromSeconds(1));
        return result.Value!.Id;
    }

    private async Task<List<Guid>> IdsAsync(LogFilter filter) =>
        [.. (await NewLogService().ListAsync(_fran, _partnership, filter, cancellationToken: Ct)).Value!.Entries.Select(e => e.Id)];
}
