using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Health;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Health;

public sealed class HealthServiceTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly string _olly;
    private readonly string _pete;
    private readonly string _stranger;
    private readonly Guid _partnership;

    public HealthServiceTests()
    {
        var council = Db.AddOrganisation("Riverside Council");
        var bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: council);
        _olly = Db.AddPerson("Olly Observer", organisationId: council);
        _pete = Db.AddPerson("Pete Private", organisationId: bank);
        _stranger = Db.AddPerson("Sam Stranger", organisationId: bank);
        _partnership = Db.AddPartnership("Food Security",
            (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor), (_olly, PartnershipRole.Observer), (_pete, PartnershipRole.Contributor));
    }

    private HealthService NewService() => new(Db, Events, Clock, NewLogService());

    private static List<AnswerInput> All(int score, int? equity = null, string? comment = null) =>
        [.. Enum.GetValues<HealthPrinciple>().Select(p => new AnswerInput(p, p == HealthPrinciple.Equity ? equity ?? score : score, p == HealthPrinciple.Equity ? comment : null))];

    [Fact]
    public async Task NewPartnership_HasNoRound_NoCadence_AndOnlyFacilitatorsFacilitate()
    {
        var health = NewService();

        var fran = (await health.GetAsync(_fran, _partnership, Ct)).Value!;
        var olly = (await health.GetAsync(_olly, _partnership, Ct)).Value!;

        Assert.Null(fran.Open);
        Assert.Empty(fran.Rounds);
        Assert.Equal(HealthCadence.Off, fran.Cadence);
        Assert.True(fran.Can.Facilitate);
        Assert.False(olly.Can.Facilitate);
    }

    [Fact]
    public async Task NonMember_GetsNotFound_ForEveryCall()
    {
        var health = NewService();
        await health.OpenRoundAsync(_fran, _partnership, anonymous: false, closesOn: null, Ct);

        Assert.Equal(ErrorKind.NotFound, (await health.GetAsync(_stranger, _partnership, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await health.AnswerAsync(_stranger, _partnership, 1, All(1), Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await health.CloseRoundAsync(_stranger, _partnership, 1, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await health.SetCadenceAsync(_stranger, _partnership, HealthCadence.Monthly, Ct)).Error?.Kind);
        Assert.Equal(0, Db.Read(db => db.HealthAnswers.Count()));
    }

    [Fact]
    public async Task OnlyFacilitators_SetTheCadence_OpenAndCloseRounds()
    {
        var health = NewService();

        Assert.Equal(ErrorKind.Forbidden, (await health.SetCadenceAsync(_cara, _partnership, HealthCadence.Monthly, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, (await health.OpenRoundAsync(_cara, _partnership, false, null, Ct)).Error?.Kind);
        Assert.True((await health.SetCadenceAsync(_fran, _partnership, HealthCadence.Quarterly, Ct)).Succeeded);
        Assert.True((await health.OpenRoundAsync(_fran, _partnership, false, null, Ct)).Succeeded);
        Assert.Equal(ErrorKind.Forbidden, (await health.CloseRoundAsync(_cara, _partnership, 1, Ct)).Error?.Kind);
        Assert.True((await health.CloseRoundAsync(_fran, _partnership, 1, Ct)).Succeeded);

        var view = (await health.GetAsync(_cara, _partnership, Ct)).Value!;
        Assert.Equal(HealthCadence.Quarterly, view.Cadence);
        Assert.Equal(DateOnly.FromDateTime(UtcNow).AddMonths(3), view.NextDue(DateOnly.FromDateTime(UtcNow)));
        Assert.Contains(Events.Published, e => e is HealthCadenceChanged { Cadence: HealthCadence.Quarterly });
        Assert.Equal(3, Db.Read(db => db.ChangeRecords.Count(c => c.EntityType == HealthService.SettingsEntity || c.EntityType == HealthService.RoundEntity)));
    }

    [Fact]
    public async Task OneRound_IsOpenAtATime()
    {
        var health = NewService();
        await health.OpenRoundAsync(_fran, _partnership, false, null, Ct);

        var second = await health.OpenRoundAsync(_fran, _partnership, false, null, Ct);

        Assert.Equal(ErrorKind.Conflict, second.Error?.Kind);
        Assert.Equal("Round 1 is still open. Close it before opening another.", second.Error!.Message);
    }

    [Fact]
    public async Task EveryMember_ObserversToo_Answers_AndChangesTheirAnswers_WhileTheRoundIsOpen()
    {
        // Arrange
        var health = NewService();
        await health.OpenRoundAsync(_fran, _partnership, true, null, Ct);

        // Act
        var first = await health.AnswerAsync(_olly, _partnership, 1, All(4, comment: "  Good start  "), Ct);
        var changed = await health.AnswerAsync(_olly, _partnership, 1, All(3), Ct);

        // Assert
        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal("Good start", first.Value![HealthPrinciple.Equity].Comment);
        Assert.Equal(3, changed.Value![HealthPrinciple.Trust].Score);
        var view = (await health.GetAsync(_olly, _partnership, Ct)).Value!;
        Assert.Equal(new OpenRoundView(1, UtcNow, "Fran Facilitator", null, true, 1, 4), view.Open);
        Assert.Equal(3, view.MyAnswers[HealthPrinciple.Progress].Score);
        Assert.Equal(6, Db.Read(db => db.HealthAnswers.Count()));
        Assert.Equal(2, Events.Published.OfType<HealthAnswered>().Count());
        // An anonymous round's record does not even say who answered.
        Assert.Empty(Db.Read(db => db.ChangeRecords.Where(c => c.EntityType == HealthService.AnswerEntity).ToList()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task AScoreOutOfRange_IsRejected_WithTheStatementNamed(int score)
    {
        var health = NewService();
        await health.OpenRoundAsync(_fran, _partnership, false, null, Ct);

        var answered = await health.AnswerAsync(_cara, _partnership, 1, All(4, equity: score), Ct);
        var missing = await health.AnswerAsync(_cara, _partnership, 1, [new AnswerInput(HealthPrinciple.Trust, 4, null)], Ct);

        Assert.Equal(ErrorKind.Validation, answered.Error?.Kind);
        Assert.StartsWith("Equity: choose how far you agree", answered.Error!.For(nameof(HealthPrinciple.Equity)), StringComparison.Ordinal);
        Assert.NotNull(missing.Error?.For(nameof(HealthPrinciple.Progress)));
        Assert.Null(missing.Error!.For(nameof(HealthPrinciple.Trust)));
        Assert.Equal(0, Db.Read(db => db.HealthAnswers.Count()));
        Assert.True((await health.AnswerAsync(_cara, _partnership, 1, All(4), Ct)).Succeeded);
    }

    [Fact]
    public async Task AClosedRound_TakesNoAnswers()
    {
        var health = NewService();
        await health.OpenRoundAsync(_fran, _partnership, false, null, Ct);
        await health.AnswerAsync(_cara, _partnership, 1, All(4), Ct);
        await health.CloseRoundAsync(_fran, _partnership, 1, Ct);

        var late = await health.AnswerAsync(_pete, _partnership, 1, All(2), Ct);

        Assert.Equal(ErrorKind.Conflict, late.Error?.Kind);
        Assert.Equal(6, Db.Read(db => db.HealthAnswers.Count()));
    }

    [Fact]
    public async Task ClosingARound_PublishesItsResults_ToEveryMember()
    {
        // Arrange
        var health = NewService();
        await health.OpenRoundAsync(_fran, _partnership, false, null, Ct);
        await health.AnswerAsync(_cara, _partnership, 1, All(5), Ct);
        await health.AnswerAsync(_pete, _partnership, 1, All(4, equity: 1, comment: "We are told, not asked"), Ct);

        // Act
        var closed = await health.CloseRoundAsync(_fran, _partnership, 1, Ct);

        // Assert
        Assert.True(closed.Succeeded, closed.Error?.Message);
        var equity = closed.Value!.For(HealthPrinciple.Equity);
        Assert.Equal(3.0, equity.Overall.Mean);
        Assert.Equal("Northern Bank", equity.OrganisationDivergence!.Lowest);
        Assert.Equal("Pete Private (Northern Bank)", Assert.Single(equity.Comments).By);
        Assert.Same(closed.Value, Assert.Single(Events.Published.OfType<HealthRoundClosed>()).Round);
        // A named round's record says who answered, never what.
        var records = Db.Read(db => db.ChangeRecords.Where(c => c.EntityType == HealthService.AnswerEntity).Select(c => c.UserId + ":" + c.Field + ":" + c.NewValue).ToList());
        Assert.Equal([$"{_cara}:Answered:Round 1", $"{_pete}:Answered:Round 1"], records);
        Assert.Contains(Db.Read(db => db.ChangeRecords.Where(c => c.EntityType == HealthService.RoundEntity).Select(c => c.NewValue).ToList()), v => v == "2 answered");
        var view = (await health.GetAsync(_olly, _partnership, Ct)).Value!;
        Assert.Null(view.Open);
        Assert.Equal(HealthRag.Amber, view.Overview!.Principles.Single(p => p.Principle == HealthPrinciple.Equity).Rag);
    }

    [Fact]
    public async Task AnonymousRound_AMemberCannotWorkOutOnePersonsScore_FromAnyBreakdown()
    {
        // Arrange: three council people answer 5 on equity; Pete, alone at the bank, answers 1.
        var health = NewService();
        await health.OpenRoundAsync(_fran, _partnership, anonymous: true, null, Ct);
        foreach (var person in new[] { _fran, _cara, _olly })
        {
            await health.AnswerAsync(person, _partnership, 1, All(5), Ct);
        }

        await health.AnswerAsync(_pete, _partnership, 1, All(5, equity: 1, comment: "Pete's own words"), Ct);
        await health.CloseRoundAsync(_fran, _partnership, 1, Ct);

        // Act: Cara reads the results.
        var view = (await health.GetAsync(_cara, _partnership, Ct)).Value!;

        // Assert: the overall shows; no organisation or sector figure does, so 4 × overall − 3 × council cannot be worked out.
        var equity = view.Rounds[0].For(HealthPrinciple.Equity);
        Assert.Equal(4.0, equity.Overall.Mean);
        Assert.All(equity.Organisations.Concat(equity.Sectors), g => Assert.Null(g.Mean));
        Assert.All(equity.Organisations.Concat(equity.Sectors), g => Assert.Null(g.Respondents));
        Assert.Null(equity.OrganisationDivergence);
        Assert.Null(equity.SectorDivergence);
        Assert.Equal(new HealthComment("Pete's own words", null), Assert.Single(equity.Comments));
        Assert.Empty(view.MyAnswers);
        // Nor does the audit trail carry a score.
        Assert.DoesNotContain(Db.Read(db => db.ChangeRecords.Select(c => c.NewValue).ToList()), v => v != null && v.Contains('1', StringComparison.Ordinal) && v.Contains("Equity", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReview_TurnsAFindingIntoAnActionInTheLog_LinkedToTheRound()
    {
        // Arrange
        var health = NewService();
        await health.OpenRoundAsync(_fran, _partnership, false, null, Ct);
        await health.AnswerAsync(_pete, _partnership, 1, All(4, equity: 1), Ct);
        var input = new FindingInput
        {
            Round = 1,
            Principle = HealthPrinciple.Equity,
            Title = HealthService.SuggestedTitle(1, HealthPrinciple.Equity) + "ask every partner before the agenda is set",
            AssigneeUserId = _pete,
            DueDate = DateOnly.FromDateTime(UtcNow).AddDays(30),
        };
        var whileOpen = await health.CreateActionAsync(_fran, _partnership, input, Ct);
        await health.CloseRoundAsync(_fran, _partnership, 1, Ct);

        // Act
        var byContributor = await health.CreateActionAsync(_cara, _partnership, input, Ct);
        var created = await health.CreateActionAsync(_fran, _partnership, input, Ct);

        // Assert
        Assert.NotNull(whileOpen.Error?.For("Round"));
        Assert.Equal(ErrorKind.Forbidden, byContributor.Error?.Kind);
        Assert.True(created.Succeeded, created.Error?.Message);
        var entry = (await NewLogService().GetAsync(_fran, _partnership, created.Value!.EntryId, Ct)).Value!.Entry;
        Assert.Equal(EntryKind.Action, entry.Kind);
        Assert.Equal("Health check round 1: Equity – ask every partner before the agenda is set", entry.Title);
        Assert.Equal(input.DueDate, entry.DueDate);
        Assert.Contains("health check round 1", entry.Body, StringComparison.Ordinal);
        var view = (await health.GetAsync(_cara, _partnership, Ct)).Value!;
        Assert.Equal(new FindingView(1, HealthPrinciple.Equity, entry.Id, entry.Title), Assert.Single(view.Findings));
        Assert.Single(Events.Published.OfType<HealthFindingCreated>());
    }

    [Fact]
    public async Task Events_ArePublishedAfterCommit_AndNotWhenRefused()
    {
        // Arrange: each event checks that what it reports is already stored.
        var health = NewService();
        Events.OnPublish = e =>
        {
            if (e is HealthAnswered answered)
            {
                Assert.Equal(answered.Respondents, Db.Read(db => db.HealthAnswers.Select(a => a.UserId).Distinct().Count()));
            }
        };
        await health.OpenRoundAsync(_fran, _partnership, false, null, Ct);

        // Act
        await health.AnswerAsync(_cara, _partnership, 1, All(4), Ct);
        await health.AnswerAsync(_cara, _partnership, 1, All(4), Ct);
        await health.AnswerAsync(_pete, _partnership, 1, All(9), Ct);

        // Assert: the unchanged second save and the refused one publish nothing.
        Assert.Equal(1, Assert.Single(Events.Published.OfType<HealthAnswered>()).Respondents);
        Assert.Single(Events.Published.OfType<HealthRoundOpened>());
    }
}
