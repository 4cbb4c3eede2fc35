using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Hostile;

/// <summary>
/// Double submits from several tabs at once, on a SQLite file so the calls really contend. Already covered
/// elsewhere: dot votes from many tabs (Features/Workshops/WorkshopConcurrencyTests), one position from two
/// tabs (Features/Dialogue/DecisionConcurrencyTests), two facilitators demoting each other
/// (Features/Members/LastFacilitatorTests), two organisation admins demoting each other
/// (Features/Organisations/OrganisationVerificationTests).
/// </summary>
public sealed class RaceTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _dana;
    private readonly Guid _partnership;

    public RaceTests()
        : base(TestDatabase.OnFile())
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _dana = Db.AddPerson("Dana Newcomer", "dana@example.org");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator));
    }

    public static TheoryData<int> Tabs => [2, 8];

    [Theory]
    [MemberData(nameof(Tabs))]
    public async Task SameInvitationAcceptedFromSeveralTabsAtOnce_MakesOneMembership(int tabs)
    {
        // Arrange
        var (_, token) = Db.AddInvitation(_partnership, "dana@example.org", PartnershipRole.Contributor, _fran, UtcNow);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, tabs).Select(_ => Task.Run(() => NewMemberService().AcceptInvitationAsync(_dana, token, Ct), Ct)));

        // Assert
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorKind.Conflict, r.Error?.Kind));
        Assert.Equal(1, Db.Read(db => db.Memberships.Count(m => m.PartnershipId == _partnership && m.UserId == _dana)));
        Assert.Equal(PartnershipRole.Contributor, Db.RoleOf(_partnership, _dana));
    }

    [Theory]
    [MemberData(nameof(Tabs))]
    public async Task EndClickedInSeveralTabsAtOnce_WritesTheMinutesOnce(int tabs)
    {
        // Arrange
        var workshops = NewWorkshopService();
        var workshop = (await workshops.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Winter plan", StartsUtc = UtcNow.AddDays(1) }, Ct)).Value!.Id;
        await workshops.AddItemAsync(_fran, _partnership, workshop, new AgendaItemInput { Title = "Priorities", TimeBoxMinutes = 10 }, Ct);
        Assert.True((await workshops.StartAsync(_fran, _partnership, workshop, Ct)).Succeeded);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, tabs).Select(_ => Task.Run(() => NewWorkshopService().EndAsync(_fran, _partnership, workshop, Ct), Ct)));

        // Assert
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorKind.Conflict, r.Error?.Kind));
        Assert.Equal(1, Db.Read(db => db.LogEntries.Count(e => e.SourceWorkshopId == workshop)));
        Assert.Equal(WorkshopState.Ended, Db.Read(db => db.Workshops.Single(w => w.Id == workshop).State));
    }

    [Theory]
    [MemberData(nameof(Tabs))]
    public async Task StartClickedInSeveralTabsAtOnce_StartsTheFirstItemOnce(int tabs)
    {
        // Arrange
        var workshops = NewWorkshopService();
        var workshop = (await workshops.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Winter plan", StartsUtc = UtcNow.AddDays(1) }, Ct)).Value!.Id;
        await workshops.AddItemAsync(_fran, _partnership, workshop, new AgendaItemInput { Title = "Priorities", TimeBoxMinutes = 10 }, Ct);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, tabs).Select(_ => Task.Run(() => NewWorkshopService().StartAsync(_fran, _partnership, workshop, Ct), Ct)));

        // Assert
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorKind.Conflict, r.Error?.Kind));
        Assert.Equal(WorkshopState.Live, Db.Read(db => db.Workshops.Single(w => w.Id == workshop).State));
        Assert.Equal(1, Db.Read(db => db.WorkshopAttendances.Count(a => a.WorkshopId == workshop)));
    }

    [Theory]
    [MemberData(nameof(Tabs))]
    public async Task SameLogPostSentFromSeveralTabsAtOnce_IsStoredAndAnnouncedOnce(int tabs)
    {
        // Arrange: one composed entry, sent again by each tab (or by a retry after a timeout).
        var input = new EntryInput { Kind = EntryKind.Decision, Title = "Fund the pantry pilot", SubmissionId = Guid.NewGuid() };

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, tabs).Select(_ => Task.Run(() => NewLogService().PostAsync(_fran, _partnership, input, Ct), Ct)));

        // Assert: every tab is told it was posted, and it was posted once.
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Single(results.Select(r => r.Value!.Id).Distinct());
        Assert.Equal(1, Db.Read(db => db.LogEntries.Count(e => e.PartnershipId == _partnership && e.Title == "Fund the pantry pilot")));
        Assert.Single(Events.Published.OfType<LogEntrySaved>());
    }

    [Theory]
    [MemberData(nameof(Tabs))]
    public async Task SameReplySentFromSeveralTabsAtOnce_IsStoredOnce(int tabs)
    {
        // Arrange
        var entry = (await NewLogService().PostAsync(_fran, _partnership, new EntryInput { Title = "Pantry opening hours" }, Ct)).Value!.Id;
        var submission = Guid.NewGuid();

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, tabs).Select(_ => Task.Run(() => NewReplyService().ReplyAsync(_fran, _partnership, entry, "Weekdays 9 to 5", [], submission, Ct), Ct)));

        // Assert
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Single(results.Select(r => r.Value!.Id).Distinct());
        Assert.Equal(1, Db.Read(db => db.LogReplies.Count(r => r.EntryId == entry)));
    }

    [Fact]
    public async Task TwoDifferentPostsWithTheSameWords_AreBothStored()
    {
        // Arrange: the same words composed twice on purpose are two entries.
        var log = NewLogService();

        // Act
        var first = await log.PostAsync(_fran, _partnership, new EntryInput { Title = "Check in", SubmissionId = Guid.NewGuid() }, Ct);
        var second = await log.PostAsync(_fran, _partnership, new EntryInput { Title = "Check in", SubmissionId = Guid.NewGuid() }, Ct);

        // Assert
        Assert.NotEqual(first.Value!.Id, second.Value!.Id);
        Assert.Equal(2, Db.Read(db => db.LogEntries.Count(e => e.Title == "Check in")));
    }

    [Fact]
    public async Task SubmissionIdOfSomeoneElsesPost_DoesNotReturnTheirEntry()
    {
        // Arrange: Dana learns the id Fran's form used.
        Db.AddMember(_partnership, _dana, PartnershipRole.Contributor);
        var submission = Guid.NewGuid();
        var frans = (await NewLogService().PostAsync(_fran, _partnership, new EntryInput { Title = "Fran's proposal", SubmissionId = submission }, Ct)).Value!;

        // Act
        var danas = await NewLogService().PostAsync(_dana, _partnership, new EntryInput { Title = "Dana's note", SubmissionId = submission }, Ct);

        // Assert: Dana's post is her own.
        Assert.True(danas.Succeeded, danas.Error?.Message);
        Assert.NotEqual(frans.Id, danas.Value!.Id);
        Assert.Equal("Dana's note", danas.Value.Title);
    }
}
