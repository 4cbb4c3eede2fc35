using Workspace.Tests.Support;
using Workspace.Web.Features.Alignment;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Alignment;

/// <summary>
/// An organisation's own goals feed shared goals: only its own people keep them, a link needs a
/// contributor in the goal's partnership, and partners read on each shared goal what feeds it.
/// </summary>
public sealed class AlignmentServiceTests : ServiceTestBase
{
    private readonly Guid _company;
    private readonly string _priya;
    private readonly string _ben;
    private readonly string _olly;
    private readonly string _stranger;
    private readonly Guid _partnership;
    private readonly Guid _sharedGoal;
    private readonly Guid _otherPartnershipGoal;

    public AlignmentServiceTests()
    {
        _company = Db.AddOrganisation("SafeRoute Ltd", Sector.Private);
        _priya = Db.AddPerson("Priya Shah", "priya@saferoute.example", _company);
        _ben = Db.AddPerson("Ben Carter", "ben@probation.example", Db.AddOrganisation("Probation Service"));
        _olly = Db.AddPerson("Olly Observer", "olly@saferoute.example", _company);
        _stranger = Db.AddPerson("Sam Stranger", "sam@elsewhere.example", Db.AddOrganisation("Elsewhere Ltd", Sector.Private));
        _partnership = Db.AddPartnership("Safer Streets", (_ben, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor), (_olly, PartnershipRole.Observer));
        _sharedGoal = Db.AddGoal(_partnership, "Safer journeys home");
        var other = Db.AddPartnership("Another partnership", (_stranger, PartnershipRole.Facilitator));
        _otherPartnershipGoal = Db.AddGoal(other, "Their goal");
    }

    private AlignmentService NewService() => new(Db, Events, Clock);

    private async Task<Guid> AddOwnGoalAsync(string userId, string title = "Grow the journey-alert app to five cities") =>
        (await NewService().SaveGoalAsync(userId, null, new OwnGoalInput { Title = title, Description = "By 2028." }, Ct)).Value!.Id;

    [Fact]
    public async Task AnOwnGoalLinkedWithANote_ShowsOnTheSharedGoal_ForEveryMember_AndIsAudited()
    {
        var own = await AddOwnGoalAsync(_priya);

        var linked = await NewService().LinkAsync(_priya, own, _sharedGoal, "  Every new city adds night routes to the alert service. ", Ct);

        Assert.True(linked.Succeeded, linked.Error?.Message);
        var feeding = (await NewService().FeedingAsync(_olly, _partnership, _sharedGoal, Ct)).Value!;
        var shown = Assert.Single(feeding);
        Assert.Equal(("SafeRoute Ltd", Sector.Private, "Grow the journey-alert app to five cities", "Every new city adds night routes to the alert service."),
            (shown.OrganisationName, shown.Sector, shown.Title, shown.Note));
        var mine = (await NewService().MineAsync(_priya, Ct)).Value!;
        Assert.Equal("Safer journeys home", Assert.Single(Assert.Single(mine.Goals).Feeds).GoalTitle);
        var record = Db.Read(db => db.ChangeRecords.Single(c => c.EntityType == AlignmentService.LinkEntity));
        Assert.Equal((_partnership, "Linked", _sharedGoal), (record.PartnershipId, record.Field, record.GoalId));
        Assert.Contains(Events.Published, e => e is AlignmentChanged changed && changed.GoalId == _sharedGoal);
        // Viewers apply the list the event carries, with no read of their own.
        Assert.Equal(feeding, Events.Published.OfType<AlignmentChanged>().Last().Feeding);
    }

    [Fact]
    public async Task LinkingTheSamePairAgain_ChangesTheNote_NotTheCount()
    {
        var own = await AddOwnGoalAsync(_priya);
        await NewService().LinkAsync(_priya, own, _sharedGoal, "First note", Ct);

        await NewService().LinkAsync(_priya, own, _sharedGoal, "Better note", Ct);

        Assert.Equal("Better note", Assert.Single((await NewService().FeedingAsync(_ben, _partnership, _sharedGoal, Ct)).Value!).Note);
    }

    [Fact]
    public async Task SomeoneFromAnotherOrganisation_CannotEditRemoveOrLinkTheGoal_NorLearnItExists()
    {
        var own = await AddOwnGoalAsync(_priya);

        var edit = await NewService().SaveGoalAsync(_ben, own, new OwnGoalInput { Title = "Hijacked", Version = 0 }, Ct);
        var remove = await NewService().RemoveGoalAsync(_ben, own, Ct);
        var link = await NewService().LinkAsync(_ben, own, _sharedGoal, "Not theirs", Ct);

        Assert.All([edit.Error, remove.Error, link.Error], e => Assert.Equal(ErrorKind.NotFound, e?.Kind));
        Assert.Equal("Grow the journey-alert app to five cities", Db.Read(db => db.OrganisationGoals.Single()).Title);
        Assert.Empty(Db.Read(db => db.GoalAlignments.ToList()));
    }

    [Fact]
    public async Task LinkingToAGoalOfAPartnershipYouDoNotContributeTo_IsRefused()
    {
        var own = await AddOwnGoalAsync(_priya);
        var observersGoal = await AddOwnGoalAsync(_olly, "Observer's idea");

        var foreign = await NewService().LinkAsync(_priya, own, _otherPartnershipGoal, null, Ct);
        var asObserver = await NewService().LinkAsync(_olly, observersGoal, _sharedGoal, null, Ct);

        Assert.Equal(ErrorKind.NotFound, foreign.Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, asObserver.Error?.Kind);
        Assert.Empty(Db.Read(db => db.GoalAlignments.ToList()));
    }

    [Fact]
    public async Task AStranger_CannotReadWhatFeedsASharedGoal()
    {
        var result = await NewService().FeedingAsync(_stranger, _partnership, _sharedGoal, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
    }

    [Fact]
    public async Task SomeoneWhoSpeaksForNoOrganisation_IsToldToJoinOneFirst()
    {
        var nora = Db.AddPersonWithoutOrganisation("Nora Newcomer", "nora@example.org");

        var mine = await NewService().MineAsync(nora, Ct);
        var add = await NewService().SaveGoalAsync(nora, null, new OwnGoalInput { Title = "Anything" }, Ct);

        Assert.Equal(ErrorKind.Forbidden, mine.Error?.Kind);
        Assert.Contains("Join your organisation from your profile", add.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingOrTooLongTitle_IsRefusedWithTheLimit()
    {
        var empty = await NewService().SaveGoalAsync(_priya, null, new OwnGoalInput { Title = "  " }, Ct);
        var tooLong = await NewService().SaveGoalAsync(_priya, null, new OwnGoalInput { Title = new string('x', OrganisationGoal.TitleMaxLength + 1) }, Ct);

        Assert.NotNull(empty.Error?.For(nameof(OwnGoalInput.Title)));
        Assert.Contains("200", tooLong.Error!.For(nameof(OwnGoalInput.Title)), StringComparison.Ordinal);
        Assert.Empty(Db.Read(db => db.OrganisationGoals.ToList()));
    }

    [Fact]
    public async Task EditingFromAnOlderVersion_IsAConflict_AndRemovingHidesItFromTheSharedGoal()
    {
        var own = await AddOwnGoalAsync(_priya);
        await NewService().LinkAsync(_priya, own, _sharedGoal, null, Ct);
        var version = Db.Read(db => db.OrganisationGoals.Single()).Version;
        var renamed = await NewService().SaveGoalAsync(_olly, own, new OwnGoalInput { Title = "Five cities by 2028", Description = "By 2028.", Version = version }, Ct);

        var stale = await NewService().SaveGoalAsync(_priya, own, new OwnGoalInput { Title = "Six cities", Version = version }, Ct);
        var removed = await NewService().RemoveGoalAsync(_priya, own, Ct);

        Assert.True(renamed.Succeeded, renamed.Error?.Message);
        Assert.Equal(ErrorKind.Conflict, stale.Error?.Kind);
        Assert.True(removed.Succeeded);
        Assert.Empty((await NewService().FeedingAsync(_ben, _partnership, _sharedGoal, Ct)).Value!);
        // The partners saw the rename and the removal in their own audit trail.
        Assert.Equal(["Title", "Removed"], Db.Read(db => db.ChangeRecords
            .Where(c => c.PartnershipId == _partnership && c.EntityType == AlignmentService.GoalEntity).OrderBy(c => c.Id).Select(c => c.Field).ToList()));
    }
}
