using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Contributions;

/// <summary>The dashboard's balance shows what each organisation brings, loaded and live.</summary>
public sealed class ContributionBalanceTests : ServiceTestBase
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private readonly Guid _council;
    private readonly Guid _bank;
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;

    public ContributionBalanceTests()
    {
        _council = Db.AddOrganisation("Riverside Council");
        _bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: _council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _bank);
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
    }

    private DashboardService NewDashboardService() => new(Db, Clock, NullLogger<DashboardService>.Instance);

    private static ContributionInput Input(Guid organisation, ContributionKind kind, decimal? amount = null, string? currency = null, decimal? days = null) =>
        new(organisation, kind, $"{kind} for the partnership", amount, currency, days, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), ContributionStatus.Committed, null, []);

    private static BalanceRow Row(DashboardView view, string organisation) =>
        view.Balance.SelectMany(s => s.Organisations).Single(r => r.Organisation == organisation);

    [Fact]
    public async Task TheBalance_ShowsEachOrganisationsContributions_AndMoneyPerCurrency()
    {
        // Arrange
        var contributions = new ContributionService(Db, Events, Clock);
        await contributions.AddAsync(_cara, _partnership, Input(_bank, ContributionKind.Money, 5_000, "GBP"), Ct);
        await contributions.AddAsync(_cara, _partnership, Input(_bank, ContributionKind.Money, 700, "EUR"), Ct);
        await contributions.AddAsync(_cara, _partnership, Input(_bank, ContributionKind.StaffTime, days: 6), Ct);
        await contributions.AddAsync(_fran, _partnership, Input(_council, ContributionKind.Facilities), Ct);

        // Act
        var view = (await NewDashboardService().LoadAsync(_fran, _partnership, Ct)).Value!.View(Today);

        // Assert
        var bank = Row(view, "Northern Bank").Brings;
        Assert.Equal((3, 6m, "EUR 700 · GBP 5,000"), (bank.Count, bank.Days, bank.Money.ToString()));
        var council = Row(view, "Riverside Council").Brings;
        Assert.Equal((1, 0m, true), (council.Count, council.Days, council.Money.IsEmpty));
        Assert.Equal(1, view.Balance.Single(s => s.Sector == Sector.Public).Total.Brings.Count);
    }

    [Fact]
    public async Task AContributionRecordedByAnotherPartner_ReachesTheBalanceLive_AsANewBalance()
    {
        // Arrange
        var state = (await NewDashboardService().LoadAsync(_fran, _partnership, Ct)).Value!;
        var before = state.View(Today);
        Assert.Equal(0, Row(before, "Northern Bank").Brings.Count);

        // Act
        var added = (await new ContributionService(Db, Events, Clock).AddAsync(_cara, _partnership, Input(_bank, ContributionKind.StaffTime, days: 2.5m), Ct)).Value!;
        var applied = state.Apply(Assert.Single(Events.Published), _fran);
        var again = state.Apply(new ContributionChanged(_partnership, _cara, added), _fran);

        // Assert
        Assert.True(applied);
        Assert.False(again);
        var after = state.View(Today);
        Assert.NotSame(before.Balance, after.Balance);
        Assert.Same(before.Goals, after.Goals);
        Assert.Equal((1, 2.5m), (Row(after, "Northern Bank").Brings.Count, Row(after, "Northern Bank").Brings.Days));

        // A removal takes it out again.
        var removed = (await new ContributionService(Db, Events, Clock).RemoveAsync(_cara, _partnership, added.Id, added.Version, Ct)).Value!;
        Assert.True(state.Apply(new ContributionChanged(_partnership, _cara, removed), _fran));
        Assert.Equal(0, Row(state.View(Today), "Northern Bank").Brings.Count);
    }
}
