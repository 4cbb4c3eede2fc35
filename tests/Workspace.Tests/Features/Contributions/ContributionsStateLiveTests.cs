using Workspace.Tests.Support;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Contributions;

/// <summary>The register's state fed the events the services really publish.</summary>
public sealed class ContributionsStateLiveTests : ServiceTestBase
{
    private readonly Guid _bank;
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly ContributionService _contributions;

    public ContributionsStateLiveTests()
    {
        var council = Db.AddOrganisation("Riverside Council");
        _bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _bank);
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "No child goes hungry");
        _contributions = new ContributionService(Db, Events, Clock);
    }

    private async Task<ContributionsState> LoadAsync(string userId) =>
        new(_partnership, (await _contributions.GetAsync(userId, _partnership, Ct)).Value!);

    private PartnershipEvent LastPublished() => Events.Published[^1];

    private Task<Workspace.Web.Features.Common.Result<ContributionEntry>> AddGrantAsync(Guid partnership) =>
        _contributions.AddAsync(_cara, partnership, new ContributionInput(_bank, ContributionKind.Money, "Grant", 500, "GBP", null,
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), ContributionStatus.Committed, null, []), Ct);

    [Fact]
    public async Task AContributionRecordedElsewhere_IsAddedAndCounted()
    {
        var state = await LoadAsync(_fran);

        Assert.True((await AddGrantAsync(_partnership)).Succeeded);

        Assert.False(state.ChangesChoices(LastPublished()));
        Assert.True(state.Apply(LastPublished()));
        Assert.Equal("Grant", Assert.Single(state.Contributions).Description);
        Assert.Equal(500m, state.Totals.All.Money.In("GBP"));
        Assert.False(state.Apply(LastPublished()));
    }

    [Fact]
    public async Task AnotherPartnershipsContribution_AndAStatusChangeOfAGoal_ChangeNothing()
    {
        var other = Db.AddPartnership("Clean Air", (_cara, PartnershipRole.Facilitator));
        var state = await LoadAsync(_fran);

        Assert.True((await AddGrantAsync(other)).Succeeded);
        var elsewhere = LastPublished();
        var saved = await NewGoalService().SaveFieldAsync(_fran, _partnership, _goal, GoalField.Status,
            nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack), Ct);

        Assert.True(saved.Succeeded, saved.Error?.Message);
        Assert.IsType<GoalSaved>(LastPublished());
        Assert.False(state.ChangesChoices(elsewhere));
        Assert.False(state.Apply(elsewhere));
        Assert.False(state.ChangesChoices(LastPublished()));
        Assert.False(state.Apply(LastPublished()));
        Assert.Empty(state.Contributions);
    }

    [Fact]
    public async Task AGoalRenamedOrARoleChanged_AreReadAgain()
    {
        var state = await LoadAsync(_fran);

        await NewGoalService().SaveFieldAsync(_fran, _partnership, _goal, GoalField.Title, "No child goes hungry", "No child goes hungry at school", Ct);
        Assert.True(state.ChangesChoices(LastPublished()));
        await NewMemberService().ChangeRoleAsync(_fran, _partnership, _cara, PartnershipRole.Facilitator, Ct);
        Assert.True(state.ChangesChoices(LastPublished()));

        state.Resync((await _contributions.GetAsync(_fran, _partnership, Ct)).Value!);

        Assert.Equal("No child goes hungry at school", Assert.Single(state.View.Goals).Title);
        Assert.False(state.ChangesChoices(Events.Published.OfType<GoalSaved>().Last()));
    }
}
