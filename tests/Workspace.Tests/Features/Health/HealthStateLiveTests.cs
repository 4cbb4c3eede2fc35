using Workspace.Tests.Support;
using Workspace.Web.Features.Health;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Health;

/// <summary>The health page's state fed the events the health service really publishes.</summary>
public sealed class HealthStateLiveTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly HealthService _health;

    public HealthStateLiveTests()
    {
        var council = Db.AddOrganisation("Riverside Council");
        _fran = Db.AddPerson("Fran Facilitator", organisationId: council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: council);
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        _health = new HealthService(Db, Events, Clock, NewLogService());
    }

    private async Task<HealthState> LoadAsync(string userId) =>
        new(_partnership, (await _health.GetAsync(userId, _partnership, Ct)).Value!);

    // The health check's own event: opening a round also tells the members' bells, after it.
    private PartnershipEvent LastPublished() => Events.Published.Last(e => e is not Workspace.Web.Features.Notifications.NotificationsAdded);

    private static List<AnswerInput> All(int score) =>
        [.. Enum.GetValues<HealthPrinciple>().Select(p => new AnswerInput(p, score, null))];

    [Fact]
    public async Task OpeningAnsweringAndClosingElsewhere_EachChangeThePage()
    {
        var state = await LoadAsync(_cara);

        await _health.OpenRoundAsync(_fran, _partnership, anonymous: true, closesOn: null, Ct);
        Assert.True(state.Apply(LastPublished()));
        Assert.Equal(1, state.View.Open!.Number);

        await _health.AnswerAsync(_fran, _partnership, 1, All(4), Ct);
        Assert.True(state.Apply(LastPublished()));
        Assert.Equal(1, state.View.Open!.Respondents);

        await _health.CloseRoundAsync(_fran, _partnership, 1, Ct);
        Assert.True(state.Apply(LastPublished()));
        Assert.Null(state.View.Open);
        Assert.Equal([1], state.View.Rounds.Select(r => r.Number));
    }

    [Fact]
    public async Task ACadenceSetElsewhere_ChangesThePage_AndTheSameEventTwiceDoesNot()
    {
        var state = await LoadAsync(_cara);

        await _health.SetCadenceAsync(_fran, _partnership, HealthCadence.Quarterly, Ct);

        Assert.True(state.Apply(LastPublished()));
        Assert.Equal(HealthCadence.Quarterly, state.View.Cadence);
        Assert.False(state.Apply(LastPublished()));
    }

    [Fact]
    public async Task AnotherPartnershipsRound_AndUnrelatedEvents_ChangeNothing()
    {
        var other = Db.AddPartnership("Clean Air", (_fran, PartnershipRole.Facilitator));
        var state = await LoadAsync(_cara);
        var before = state.View;

        await _health.OpenRoundAsync(_fran, other, anonymous: true, closesOn: null, Ct);
        var elsewhere = LastPublished();
        var partnerships = NewPartnershipService();
        var version = (await partnerships.GetOverviewAsync(_fran, _partnership, Ct)).Value!.Version;
        Assert.True((await partnerships.UpdateAsync(_fran, _partnership,
            new PartnershipInput { Name = "Food Security Now", Purpose = "Feed people", Version = version }, Ct)).Succeeded);

        Assert.IsType<HealthRoundOpened>(elsewhere);
        Assert.False(state.Apply(elsewhere));
        Assert.False(state.Apply(LastPublished()));
        Assert.Same(before, state.View);
        Assert.True(state.Apply(elsewhere with { PartnershipId = _partnership }));
    }

    [Fact]
    public async Task Resync_TakesWhatChangedMeanwhile()
    {
        var state = await LoadAsync(_cara);
        await _health.OpenRoundAsync(_fran, _partnership, anonymous: true, closesOn: null, Ct);

        state.Resync((await _health.GetAsync(_cara, _partnership, Ct)).Value!);

        Assert.Equal(1, state.View.Open!.Number);
    }
}
