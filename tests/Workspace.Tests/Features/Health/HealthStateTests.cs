using Workspace.Web.Features.Health;

namespace Workspace.Tests.Features.Health;

public sealed class HealthStateTests
{
    private static readonly Guid Partnership = Guid.NewGuid();
    private static readonly DateTime Opened = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);

    private static HealthState NewState(OpenRoundView? open = null, params ClosedRoundView[] rounds) =>
        new(Partnership, new HealthView(HealthCadence.Monthly, Opened, open, rounds, [], new Dictionary<HealthPrinciple, MyAnswer>(), new HealthPermissions(false)));

    private static OpenRoundView Open(int number, int respondents = 0) => new(number, Opened, "Fran", null, true, respondents, 7);

    private static ClosedRoundView Closed(int number) => new(number, Opened, Opened.AddDays(10), false, 1, 7,
        HealthResults.Compute(false, [.. Enum.GetValues<HealthPrinciple>().Select(p => new HealthResponse("u", "Ann", null, null, null, p, 4, ""))]));

    [Fact]
    public void AnAnswerElsewhere_MovesTheCountOfTheOpenRound()
    {
        var state = NewState(Open(2, respondents: 3));

        Assert.True(state.Apply(new HealthAnswered(Partnership, "someone", 2, 4)));
        Assert.Equal(4, state.View.Open!.Respondents);
        Assert.False(state.Apply(new HealthAnswered(Partnership, "someone", 2, 4)));
        Assert.False(state.Apply(new HealthAnswered(Partnership, "someone", 1, 9)));
    }

    [Fact]
    public void ARoundOpened_ShowsItsQuestionnaire_WithNoAnswersOfMine()
    {
        var state = NewState(null, Closed(1));
        var round = Open(2) with { OpenedUtc = Opened.AddMonths(1) };

        Assert.True(state.Apply(new HealthRoundOpened(Partnership, "fran", round)));
        Assert.Same(round, state.View.Open);
        Assert.Equal(round.OpenedUtc, state.View.LastOpenedUtc);
        Assert.Empty(state.View.MyAnswers);
        Assert.False(state.Apply(new HealthRoundOpened(Partnership, "fran", round)));
    }

    [Fact]
    public void ARoundClosed_ShowsItsResultsFirst_AndEndsTheQuestionnaire()
    {
        var state = NewState(Open(2), Closed(1));
        state.SetMyAnswers(new Dictionary<HealthPrinciple, MyAnswer> { [HealthPrinciple.Trust] = new(4, "") }, 1);
        var results = Closed(2);

        Assert.True(state.Apply(new HealthRoundClosed(Partnership, "fran", results)));
        Assert.Null(state.View.Open);
        Assert.Equal([2, 1], state.View.Rounds.Select(r => r.Number));
        Assert.Empty(state.View.MyAnswers);
        Assert.Equal(2, state.View.Overview!.Round);
        Assert.False(state.Apply(new HealthRoundClosed(Partnership, "fran", results)));
    }

    [Fact]
    public void CadenceAndFindings_AreAppliedOnce_AndOtherEventsChangeNothing()
    {
        var state = NewState(null, Closed(1));
        var finding = new FindingView(1, HealthPrinciple.Equity, Guid.NewGuid(), "Health check round 1: Equity – ask first");

        Assert.True(state.Apply(new HealthCadenceChanged(Partnership, "fran", HealthCadence.Quarterly)));
        Assert.Equal(HealthCadence.Quarterly, state.View.Cadence);
        Assert.True(state.Apply(new HealthFindingCreated(Partnership, "fran", finding)));
        Assert.False(state.Apply(new HealthFindingCreated(Partnership, "fran", finding)));
        Assert.Single(state.View.Findings);
        Assert.False(state.Apply(new Workspace.Web.Features.Agreement.AgreementChanged(Partnership, "fran")));
    }
}
