using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>The log page in memory: loaded by one call, then kept current by the events the log publishes.</summary>
public sealed class LogPageStateTests : ServiceTestBase
{
    private readonly string _ana;
    private readonly string _priya;
    private readonly Guid _partnership;

    public LogPageStateTests()
    {
        _ana = Db.AddPerson("Ana Costa");
        _priya = Db.AddPerson("Priya Shah");
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor));
    }

    [Fact]
    public void Narrowing_CountsTheChoicesBesideTheSearch_NotTheSearch()
    {
        var filter = new LogFilter { Search = "buses" };
        Assert.Equal(0, filter.Narrowing);

        filter.Kinds = [EntryKind.Risk, EntryKind.Action];
        filter.State = "open";
        filter.Sector = Web.Features.Organisations.Sector.Private;
        Assert.Equal(3, filter.Narrowing);

        filter.GoalId = Guid.NewGuid();
        filter.OrganisationId = Guid.NewGuid();
        filter.AuthorUserId = _ana;
        Assert.Equal(6, filter.Narrowing);

        filter.Kinds = [];
        filter.AuthorUserId = "";
        Assert.Equal(4, filter.Narrowing);
    }

    [Fact]
    public async Task Load_ShowsTheEntriesSideListsAndWhatIsNewSinceTheLastVisit()
    {
        await PostAsync(_priya, new EntryInput { Title = "Seen last time" });
        await NewReadStateService().MarkSeenAsync(_ana, _partnership, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        var risk = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Risk, Title = "Night buses stop", Likelihood = 3, Impact = 4, RiskOwnerUserId = _ana });

        var state = await LoadAsync(_ana);

        Assert.Equal(["Night buses stop", "Seen last time"], state.Entries.Select(e => e.Title));
        Assert.Equal((2, 1, PartnershipRole.Facilitator), (state.Total, state.NewCount, state.Role));
        Assert.Equal([risk.Id], state.ForMe.Select(e => e.Id));
        Assert.Equal([risk.Id], state.OpenRisks.Select(e => e.Id));
        Assert.Equal("New", state.Marker(state.Entries[0]));
        Assert.Null(state.Marker(state.Entries[1]));
        Assert.Equal(2, state.Members.Count);
    }

    [Fact]
    public async Task Load_ForANonMember_IsNotFound()
    {
        var outsider = Db.AddPerson("Olly Outsider");

        var page = await NewLogService().GetLogPageAsync(outsider, _partnership, new LogFilter(), Ct);

        Assert.Equal(ErrorKind.NotFound, page.Error?.Kind);
    }

    [Fact]
    public async Task AnEntryPostedByAnother_AppearsFirstAsNew_AndCounts()
    {
        await PostAsync(_ana, new EntryInput { Title = "My own note" });
        var state = await LoadAsync(_ana);
        Clock.Advance(TimeSpan.FromMinutes(5));

        var posted = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?", Mentions = [_ana] });

        Assert.True(state.Apply(Events.Published.Last(e => e is not Workspace.Web.Features.Notifications.NotificationsAdded)));
        Assert.Equal(posted.Id, state.Entries[0].Id);
        Assert.Equal((2, 1), (state.Total, state.NewCount));
        Assert.Equal([posted.Id], state.ForMe.Select(e => e.Id));
    }

    [Fact]
    public async Task TheViewersOwnEntryOutsideTheFilter_ChangesNothingShown()
    {
        var state = await LoadAsync(_ana, new LogFilter { Kinds = [EntryKind.Decision] });
        var unfiltered = await LoadAsync(_ana);

        await PostAsync(_ana, new EntryInput { Title = "A note, not a decision" });

        Assert.False(state.Apply(Events.Published[^1]));
        Assert.Empty(state.Entries);
        Assert.Equal(0, state.Total);
        Assert.True(unfiltered.Apply(Events.Published[^1]));
        Assert.Single(unfiltered.Entries);
    }

    [Fact]
    public async Task AnotherPersonsEntryOutsideTheFilter_ChangesOnlyTheNewCount()
    {
        var state = await LoadAsync(_ana, new LogFilter { Kinds = [EntryKind.Decision] });

        await PostAsync(_priya, new EntryInput { Title = "A note, not a decision" });

        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Empty(state.Entries);
        Assert.Equal((0, 1), (state.Total, state.NewCount));
    }

    [Fact]
    public async Task AnEditOfAnEntryBeyondTheLoadedPage_ChangesNothingShown()
    {
        var oldest = Db.AddLogEntry(_partnership, _ana, EntryKind.Note, "The oldest note", createdUtc: UtcNow.AddDays(-2));
        for (var i = 0; i < LogService.PageSize; i++)
        {
            Db.AddLogEntry(_partnership, _ana, EntryKind.Note, $"Note {i}", createdUtc: UtcNow.AddDays(-1).AddMinutes(i));
        }

        var state = await LoadAsync(_ana);
        Assert.True(state.HasMore);

        var edited = await NewLogService().EditAsync(_ana, _partnership, oldest, new EntryInput { Title = "The oldest note, edited", Version = 1 }, Ct);

        Assert.True(edited.Succeeded, edited.Error?.Message);
        Assert.False(state.Apply(Events.Published[^1]));
        Assert.Equal((LogService.PageSize, LogService.PageSize + 1), (state.Entries.Count, state.Total));
        Assert.DoesNotContain(state.Entries, e => e.Id == oldest);
    }

    [Fact]
    public async Task AnOlderPictureOfAnEntry_ArrivingLate_IsIgnored()
    {
        var posted = await PostAsync(_priya, new EntryInput { Title = "Route 12 at night" });
        var state = await LoadAsync(_ana);
        await NewLogService().EditAsync(_priya, _partnership, posted.Id, new EntryInput { Title = "Route 12 after 11pm", Version = posted.Version }, Ct);
        Assert.True(state.Apply(Events.Published[^1]));

        Assert.False(state.Apply(new LogEntrySaved(_partnership, _priya, posted)));

        Assert.Equal("Route 12 after 11pm", Assert.Single(state.Entries).Title);
    }

    [Fact]
    public async Task AReplyMentioningTheViewer_PutsItsEntryInForMe()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        var state = await LoadAsync(_ana);
        Assert.Empty(state.ForMe);

        await NewReplyService().ReplyAsync(_priya, _partnership, question.Id, "Ana, do you know?", [_ana], Ct);

        Assert.True(state.Apply(Events.Published.Last(e => e is not Workspace.Web.Features.Notifications.NotificationsAdded)));
        Assert.Equal([question.Id], state.ForMe.Select(e => e.Id));
        Assert.Equal(1, state.Entries[0].ReplyCount);
    }

    [Fact]
    public async Task ARiskClosedElsewhere_LeavesTheOpenRisks_AndAnOpenStateFilter()
    {
        var risk = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Risk, Title = "Night buses stop", Likelihood = 3, Impact = 4 });
        var state = await LoadAsync(_ana, new LogFilter { State = "open" });
        Assert.Single(state.OpenRisks);

        var closed = await NewLogService().EditAsync(_priya, _partnership, risk.Id,
            new EntryInput { Title = "Night buses stop", Likelihood = 3, Impact = 4, RiskState = RiskState.Closed, Version = risk.Version }, Ct);

        Assert.True(closed.Succeeded, closed.Error?.Message);
        Assert.True(state.Apply(Events.Published[^1]));
        Assert.Empty(state.OpenRisks);
        Assert.Empty(state.Entries);
        Assert.Equal(0, state.Total);
    }

    [Fact]
    public async Task AnEventOfAnotherPartnership_IsIgnored()
    {
        var other = Db.AddPartnership("Clean Rivers", (_priya, PartnershipRole.Facilitator));
        var state = await LoadAsync(_ana);

        var posted = await NewLogService().PostAsync(_priya, other, new EntryInput { Title = "Elsewhere" }, Ct);

        Assert.True(posted.Succeeded);
        Assert.False(state.Apply(Events.Published[^1]));
        Assert.Empty(state.Entries);
    }

    [Fact]
    public async Task Resync_TakesWhatWasMissed_AndKeepsTheViewersFilterAndSearch()
    {
        var filter = new LogFilter { Kinds = [EntryKind.Question], Search = "route" };
        var state = await LoadAsync(_ana, filter);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });

        state.Resync((await NewLogService().GetLogPageAsync(_ana, _partnership, state.Filter, Ct)).Value!);

        Assert.Same(filter, state.Filter);
        Assert.Equal("route", state.Filter.Search);
        Assert.Equal(["Who covers route 12?"], state.Entries.Select(e => e.Title));
        Assert.Equal(1, state.NewCount);
    }

    private async Task<LogPageState> LoadAsync(string userId, LogFilter? filter = null)
    {
        filter ??= new LogFilter();
        var page = await NewLogService().GetLogPageAsync(userId, _partnership, filter, Ct);
        return new LogPageState(_partnership, userId, page.Value!, filter);
    }

    private async Task<LogEntryView> PostAsync(string userId, EntryInput input)
    {
        var posted = await NewLogService().PostAsync(userId, _partnership, input, Ct);
        return posted.Succeeded ? posted.Value! : throw new InvalidOperationException(posted.Error!.Message);
    }
}
