using Workspace.Web.Features.Health;
using Workspace.Web.Features.Organisations;

namespace Workspace.Tests.Features.Health;

public sealed class HealthResultsTests
{
    private static readonly Guid Council = Guid.NewGuid();
    private static readonly Guid Police = Guid.NewGuid();
    private static readonly Guid Health = Guid.NewGuid();
    private static readonly Guid Bank = Guid.NewGuid();
    private static readonly Guid Charity = Guid.NewGuid();

    private static readonly string[] Abc = ["A", "B", "C"];
    private static readonly string[] Def = ["D", "E", "F"];
    private static readonly string[] De = ["D", "E"];
    private static readonly string[] Fgh = ["F", "G", "H"];

    private static readonly Dictionary<Guid, (string Name, Sector Sector)> Organisations = new()
    {
        [Council] = ("Council", Sector.Public),
        [Police] = ("Police", Sector.Public),
        [Health] = ("Health Trust", Sector.Public),
        [Bank] = ("Bank", Sector.Private),
        [Charity] = ("Charity", Sector.CivilSociety),
    };

    /// <summary>One person's answers: the same score to every statement but equity, with a comment on equity.</summary>
    private static IEnumerable<HealthResponse> Person(string name, Guid? organisation, int equity, int others = 4, string comment = "") =>
        Enum.GetValues<HealthPrinciple>().Select(p => new HealthResponse(
            name, name, organisation, organisation is { } o ? Organisations[o].Name : null, organisation is { } s ? Organisations[s].Sector : null,
            p, p == HealthPrinciple.Equity ? equity : others, p == HealthPrinciple.Equity ? comment : ""));

    [Theory]
    [InlineData(5.0, HealthRag.Green)]
    [InlineData(4.0, HealthRag.Green)]
    [InlineData(3.99, HealthRag.Amber)]
    [InlineData(3.0, HealthRag.Amber)]
    [InlineData(2.99, HealthRag.Red)]
    [InlineData(1.0, HealthRag.Red)]
    public void Rag_IsGreenFromFour_AmberFromThree_RedBelow(double mean, HealthRag expected) =>
        Assert.Equal(expected, HealthResults.RagOf(mean));

    [Fact]
    public void NamedRound_ShowsEveryGroup_WithNamesOnComments()
    {
        // Arrange
        var answers = Person("Ann", Council, 5).Concat(Person("Bob", Bank, 2, comment: "We are told, not asked.")).ToList();

        // Act
        var equity = HealthResults.Compute(anonymous: false, answers).Single(p => p.Principle == HealthPrinciple.Equity);

        // Assert
        Assert.Equal(3.5, equity.Overall.Mean);
        Assert.Equal(HealthRag.Amber, equity.Overall.Rag);
        Assert.Equal([0, 1, 0, 0, 1], equity.Overall.Distribution);
        Assert.Equal([("Bank", 2.0), ("Council", 5.0)], equity.Organisations.Select(o => (o.Name, o.Mean!.Value)));
        Assert.Equal("Bob (Bank)", Assert.Single(equity.Comments).By);
        Assert.Equal(new Divergence("Council", 5, "Bank", 2), equity.OrganisationDivergence);
        Assert.Equal(3, equity.OrganisationDivergence!.Gap);
    }

    [Fact]
    public void AnonymousRound_HidesEveryFigure_WhenFewerThanThreeAnswered()
    {
        // Arrange
        var answers = Person("Ann", Council, 5, comment: "Fine").Concat(Person("Bob", Bank, 2, comment: "Not fine")).ToList();

        // Act
        var equity = HealthResults.Compute(anonymous: true, answers).Single(p => p.Principle == HealthPrinciple.Equity);

        // Assert
        Assert.True(equity.Overall.Hidden);
        Assert.Null(equity.Overall.Distribution);
        Assert.Null(equity.Overall.Respondents);
        Assert.All(equity.Organisations, o => Assert.True(o.Hidden));
        Assert.All(equity.Sectors, s => Assert.True(s.Hidden));
        Assert.Empty(equity.Comments);
        Assert.Null(equity.OrganisationDivergence);
    }

    [Fact]
    public void AnonymousRound_ShowsGroupsOfThreeOrMore_AndCommentsWithoutNames_InTextOrder()
    {
        // Arrange: three at the council, three at the bank.
        var answers = Abc.SelectMany(n => Person(n, Council, 5, comment: n == "C" ? "Zeal" : ""))
            .Concat(Def.SelectMany(n => Person(n, Bank, 2, comment: n == "D" ? "Asked late" : ""))).ToList();

        // Act
        var equity = HealthResults.Compute(anonymous: true, answers).Single(p => p.Principle == HealthPrinciple.Equity);

        // Assert
        Assert.Equal(3.5, equity.Overall.Mean);
        Assert.Equal([2.0, 5.0], equity.Organisations.Select(o => o.Mean!.Value));
        Assert.Equal(["Asked late", "Zeal"], equity.Comments.Select(c => c.Text));
        Assert.All(equity.Comments, c => Assert.Null(c.By));
        Assert.NotNull(equity.OrganisationDivergence);
        Assert.NotNull(equity.SectorDivergence);
    }

    [Fact]
    public void AnonymousRound_NoOnesScoreCanBeWorkedOut_FromTheOverallMinusTheShownGroups()
    {
        // Arrange: three at the council and one lone banker. Showing the council's mean beside the overall
        // mean would give away the banker's score (4 × overall − 3 × council), so the council is hidden too.
        var answers = Abc.SelectMany(n => Person(n, Council, 5)).Concat(Person("Lone banker", Bank, 1)).ToList();

        // Act
        var equity = HealthResults.Compute(anonymous: true, answers).Single(p => p.Principle == HealthPrinciple.Equity);

        // Assert: the overall mean shows, and no group's figure does.
        Assert.Equal(4.0, equity.Overall.Mean);
        Assert.All(equity.Organisations, o => Assert.True(o.Hidden, o.Name));
        Assert.All(equity.Sectors, s => Assert.True(s.Hidden, s.Name));
        Assert.Null(equity.OrganisationDivergence);
    }

    [Fact]
    public void AnonymousRound_ASectorsFigure_CannotGiveAwayASmallOrganisationWithinIt()
    {
        // Arrange: the public sector has three at the council and two at the police; the charity has three.
        var answers = Abc.SelectMany(n => Person(n, Council, 5))
            .Concat(De.SelectMany(n => Person(n, Police, 1)))
            .Concat(Fgh.SelectMany(n => Person(n, Charity, 3))).ToList();

        // Act
        var equity = HealthResults.Compute(anonymous: true, answers).Single(p => p.Principle == HealthPrinciple.Equity);

        // Assert: the public sector (5 people) shows; the council beside it would give away the police's two.
        var figures = equity.Organisations.Concat(equity.Sectors).ToDictionary(g => g.Name);
        Assert.Equal(3.4, figures["Public"].Mean);
        Assert.True(figures["Council"].Hidden);
        Assert.True(figures["Police"].Hidden);
        Assert.Equal(3.0, figures["Charity"].Mean);
        Assert.Equal(3.0, figures["Civil society"].Mean);
    }

    [Fact]
    public void MembersWithoutAnOrganisation_AreAGroupOfTheirOwn_CountedInTheOverall()
    {
        // Arrange
        var answers = Person("Ann", Council, 4).Concat(Person("Nia", null, 2)).ToList();

        // Act
        var equity = HealthResults.Compute(anonymous: false, answers).Single(p => p.Principle == HealthPrinciple.Equity);

        // Assert
        Assert.Equal(3.0, equity.Overall.Mean);
        Assert.Contains(equity.Organisations, o => o.Name == HealthResults.NoOrganisation && o.Mean == 2);
        Assert.DoesNotContain(equity.Sectors, s => s.Name == HealthResults.NoOrganisation);
    }

    [Fact]
    public void Divergence_IsFlaggedFromAGapOfOne_AndNotBelow()
    {
        // Arrange
        var oneApart = Person("Ann", Council, 4).Concat(Person("Bob", Bank, 3)).ToList();
        var closer = Person("Ann", Council, 4).Concat(Person("Bob", Bank, 4)).Concat(Person("Cy", Bank, 3)).ToList();

        // Act
        var flagged = HealthResults.Compute(false, oneApart).Single(p => p.Principle == HealthPrinciple.Equity);
        var notFlagged = HealthResults.Compute(false, closer).Single(p => p.Principle == HealthPrinciple.Equity);

        // Assert
        Assert.Equal(1.0, flagged.OrganisationDivergence!.Gap);
        Assert.Null(notFlagged.OrganisationDivergence);
    }

    [Fact]
    public void Overview_TakesTheLatestRound_AndTheTrendOldestFirst_SkippingHiddenMeans()
    {
        // Arrange: round 1 anonymous with two people (hidden), rounds 2 and 3 named.
        static ClosedRoundView Round(int number, bool anonymous, int equity) => new(number, new DateTime(2026, number, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, number, 20, 0, 0, 0, DateTimeKind.Utc), anonymous, 2, 3,
            HealthResults.Compute(anonymous, [.. Person("Ann", Council, equity), .. Person("Bob", Council, equity)]));
        var rounds = new[] { Round(3, false, 2), Round(2, false, 4), Round(1, true, 5) };

        // Act
        var overview = HealthOverview.Of(rounds)!;

        // Assert
        Assert.Equal(3, overview.Round);
        var equity = overview.Principles.Single(p => p.Principle == HealthPrinciple.Equity);
        Assert.Equal(HealthRag.Red, equity.Rag);
        Assert.Equal([(2, 4.0), (3, 2.0)], equity.Trend.Select(t => (t.Round, t.Mean)));
        Assert.Null(HealthOverview.Of([]));
    }

    [Theory]
    [InlineData(HealthCadence.Off, null, null)]
    [InlineData(HealthCadence.Monthly, null, "2026-12-05")]
    [InlineData(HealthCadence.Monthly, "2026-11-20", "2026-12-20")]
    [InlineData(HealthCadence.Quarterly, "2026-11-20", "2027-02-20")]
    [InlineData(HealthCadence.Quarterly, "2026-06-01", "2026-12-05")]
    public void NextDue_FollowsTheCadenceFromTheLastRound_AndIsNeverBeforeToday(HealthCadence cadence, string? lastOpened, string? expected)
    {
        var today = new DateOnly(2026, 12, 5);
        DateTime? last = lastOpened is null ? null : DateTime.SpecifyKind(DateTime.Parse(lastOpened, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), HealthSchedule.NextDue(cadence, last, today));
    }
}
