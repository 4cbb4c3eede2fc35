using System.Globalization;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>
/// Other typists' carets (decision 022): reported by members only, passed only within the text's partnership, and
/// moved over the operations that come after them so they stay on the same character.
/// </summary>
public sealed class CoTextCaretServiceTests : ServiceTestBase
{
    private readonly string _anna;
    private readonly string _ben;
    private readonly string _stranger;
    private readonly Guid _partnership;
    private readonly Guid _otherPartnership;
    private readonly Guid _goal;

    public CoTextCaretServiceTests()
    {
        var health = Db.AddOrganisation("Ministry of Health");
        _anna = Db.AddPerson("Anna Archer", organisationId: health);
        _ben = Db.AddPerson("Ben Baker");
        _stranger = Db.AddPerson("Sam Stranger");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Observer));
        _otherPartnership = Db.AddPartnership("Other", (_stranger, PartnershipRole.Facilitator));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
    }

    private CoTextCaretService NewService() => new(Db, Events, Clock);

    private async Task<Guid> TextIdAsync() =>
        (await new CoTypingService(Db, Events, Clock).OpenGoalDescriptionAsync(_anna, _partnership, _goal, Ct)).Value!.TextId;

    [Fact]
    public async Task MemberReportsCaret_IsPublishedToTheTextsPartnership_WithNameOrganisationAndColour()
    {
        var text = await TextIdAsync();
        Events.Clear();

        var result = await NewService().ReportAsync(_anna, text, "anna-tab", 3, 2, 5, Ct);

        Assert.True(result.Succeeded);
        var moved = Assert.IsType<CoTextCaretMoved>(Assert.Single(Events.Published));
        Assert.Equal((_partnership, _anna, text, "anna-tab"), (moved.PartnershipId, moved.ActorUserId, moved.TextId, moved.ClientId));
        Assert.Equal(("Anna Archer", "Ministry of Health", CaretColours.For(_anna)), (moved.DisplayName, moved.OrganisationName, moved.Colour));
        Assert.Equal((3L, 2, 5), (moved.Revision, moved.Start, moved.End));
        Assert.IsAssignableFrom<IEphemeralEvent>(moved);
    }

    [Fact]
    public async Task ObserverMayShowTheirCaret_AsAnyMemberWhoOpensTheText()
    {
        var text = await TextIdAsync();

        Assert.True((await NewService().ReportAsync(_ben, text, "ben-tab", 0, 0, 0, Ct)).Succeeded);
    }

    [Fact]
    public async Task NonMemberReportsCaret_IsRefused_AndNothingIsPublished()
    {
        var text = await TextIdAsync();
        Events.Clear();

        var refused = await NewService().ReportAsync(_stranger, text, "sam-tab", 0, 0, 0, Ct);
        var anonymous = await NewService().ReportAsync(null, text, "x", 0, 0, 0, Ct);
        var left = await NewService().LeaveAsync(_stranger, text, "sam-tab", Ct);

        Assert.Equal(ErrorKind.NotFound, refused.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, anonymous.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, left.Error!.Kind);
        Assert.Empty(Events.Published);
        // The control: the member's report on the same text goes out.
        Assert.True((await NewService().ReportAsync(_anna, text, "anna-tab", 0, 0, 0, Ct)).Succeeded);
        Assert.Single(Events.Published);
    }

    [Fact]
    public async Task MemberRemoved_IsRefusedOnceTheCheckLapses()
    {
        var text = await TextIdAsync();
        var service = NewService();
        Assert.True((await service.ReportAsync(_anna, text, "anna-tab", 0, 0, 0, Ct)).Succeeded);
        Db.Write(db => db.Memberships.RemoveRange(db.Memberships.Where(m => m.UserId == _anna)));

        Clock.Advance(CoTextCaretService.CheckedFor + TimeSpan.FromSeconds(1));

        Assert.Equal(ErrorKind.NotFound, (await service.ReportAsync(_anna, text, "anna-tab", 0, 1, 1, Ct)).Error!.Kind);
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(0, 5, 2)]
    [InlineData(0, 0, 200_001)]
    public async Task CaretOutsideAnyText_IsRefusedWithAReason(long revision, int start, int end)
    {
        var text = await TextIdAsync();
        Events.Clear();

        var result = await NewService().ReportAsync(_anna, text, "anna-tab", revision, start, end, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("The caret is outside the text.", result.Error.Message);
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task ForgedClientId_TooLong_IsRefused()
    {
        var text = await TextIdAsync();

        var result = await NewService().ReportAsync(_anna, text, new string('x', 65), 0, 0, 0, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
    }

    [Fact]
    public async Task EditorCloses_ItsCaretLeavesOnTheTextsPartnership()
    {
        var text = await TextIdAsync();
        Events.Clear();

        Assert.True((await NewService().LeaveAsync(_anna, text, "anna-tab", Ct)).Succeeded);

        var left = Assert.IsType<CoTextCaretLeft>(Assert.Single(Events.Published));
        Assert.Equal((_partnership, text, "anna-tab"), (left.PartnershipId, left.TextId, left.ClientId));
        Assert.NotEqual(_otherPartnership, left.PartnershipId);
    }
}

public sealed class CoTextCaretsStateTests
{
    private static readonly Guid Text = Guid.NewGuid();

    private static CoTextCaretMoved Caret(string client, long revision, int start, int end, string user = "ben") =>
        new(Guid.NewGuid(), user, Text, client, "Ben Baker", "Ministry of Health", "#1565C0", revision, start, end);

    private static CoTextCaretsState Started()
    {
        var state = new CoTextCaretsState(Text);
        state.Start("anna-tab");
        return state;
    }

    [Fact]
    public void ACaret_GoesToTheBrowserAsReported_WithItsRevision_NameAndColour()
    {
        var state = Started();

        Assert.True(state.Moved(Caret("ben-tab", 2, 3, 7)));

        var caret = Assert.Single(state.Carets);
        Assert.Equal(("ben-tab", "ben", 2L, 3, 7), (caret.ClientId, caret.UserId, caret.Revision, caret.Start, caret.End));
        Assert.Equal("Ben Baker · Ministry of Health", caret.Label);
    }

    [Fact]
    public void ALaterReport_ReplacesTheEarlierOne_AndCaretsComeInAStableOrder()
    {
        var state = Started();
        state.Moved(Caret("dora-tab", 0, 1, 1, user: "dora"));
        state.Moved(Caret("ben-tab", 0, 5, 5));

        Assert.True(state.Moved(Caret("ben-tab", 3, 9, 9)));

        Assert.Equal([("ben-tab", 3L, 9), ("dora-tab", 0L, 1)], state.Carets.Select(c => (c.ClientId, c.Revision, c.Start)));
    }

    [Fact]
    public void AReset_TakesEveryCaretAway_UntilItsNextReport()
    {
        var state = Started();
        state.Moved(Caret("ben-tab", 0, 5, 5));

        state.Reset();

        Assert.Empty(state.Carets);
        Assert.True(state.Moved(Caret("ben-tab", 7, 2, 2)));
        Assert.Single(state.Carets);
    }

    [Fact]
    public void OwnCaretEcho_AndAnotherTextsCaret_AreIgnored()
    {
        var state = Started();

        Assert.False(state.Moved(Caret("anna-tab", 0, 1, 1)));
        Assert.False(state.Moved(Caret("ben-tab", 0, 1, 1) with { TextId = Guid.NewGuid() }));
        Assert.True(state.Moved(Caret("ben-tab", 0, 1, 1)));
        Assert.Single(state.Carets);
    }

    [Fact]
    public void EditorClosed_OrPersonNoLongerPresent_TheirCaretGoes()
    {
        var state = Started();
        state.Moved(Caret("ben-tab", 0, 1, 1));
        state.Moved(Caret("dora-tab", 0, 2, 2, user: "dora"));
        var ben = new PresenceEntry("ben", "Ben Baker", null, null);
        var dora = new PresenceEntry("dora", "Dora Day", null, null);
        var anna = new PresenceEntry("anna", "Anna Archer", null, null);
        Assert.Equal((true, true), state.Present([anna, ben, dora], "anna"));

        Assert.True(state.Left(new CoTextCaretLeft(Guid.NewGuid(), "ben", Text, "ben-tab")));
        var (changed, newcomer) = state.Present([anna], "anna");

        Assert.True(changed);
        Assert.False(newcomer);
        Assert.Empty(state.Carets);
        Assert.Empty(state.Others);
    }

    [Fact]
    public void Colours_AreStablePerPerson_AndWhiteLabelTextMeetsWcagAA()
    {
        Assert.Equal(CaretColours.For("user-1"), CaretColours.For("user-1"));
        Assert.True(Enumerable.Range(0, 40).Select(i => CaretColours.For($"user-{i}")).Distinct().Count() > 4);
        foreach (var colour in CaretColours.Palette)
        {
            Assert.True(ContrastWithWhite(colour) >= 4.5, $"{colour}: {ContrastWithWhite(colour):F2}");
        }
    }

    [Fact]
    public void TransformIndex_PushedByInsert_OnlyWhenAsked()
    {
        var op = new TextOperation().Retain(2).Insert("ab").Retain(3);

        Assert.Equal(2, op.TransformIndex(2));
        Assert.Equal(4, op.TransformIndex(2, pushedByInsert: true));
        Assert.Equal(5, op.TransformIndex(3, pushedByInsert: true));
        Assert.Equal(0, new TextOperation().Insert("x").Retain(1).TransformIndex(0));
        Assert.Equal(1, new TextOperation().Insert("x").Retain(1).TransformIndex(0, pushedByInsert: true));
    }

    private static double ContrastWithWhite(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        var luminance = (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
        return 1.05 / (luminance + 0.05);
    }
}
