using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Contributions;

public sealed class ContributionServiceTests : ServiceTestBase
{
    private static readonly DateOnly Start = new(2026, 1, 1);
    private static readonly DateOnly End = new(2026, 12, 31);

    private readonly Guid _council;
    private readonly Guid _bank;
    private readonly Guid _charity;
    private readonly string _fran;
    private readonly string _cara;
    private readonly string _olly;
    private readonly string _nora;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public ContributionServiceTests()
    {
        _council = Db.AddOrganisation("Riverside Council");
        _bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        _charity = Db.AddOrganisation("Food Link", Sector.CivilSociety);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: _council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _bank);
        _olly = Db.AddPerson("Olly Observer", organisationId: _charity);
        _nora = Db.AddPersonWithoutOrganisation("Nora Newcomer", "nora@example.org");
        _partnership = Db.AddPartnership("Food Security",
            (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor), (_olly, PartnershipRole.Observer), (_nora, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "No child goes hungry");
    }

    private ContributionService NewService() => new(Db, Events, Clock);

    private static ContributionInput Money(Guid organisation, decimal amount, string currency = "GBP", params Guid[] goals) =>
        new(organisation, ContributionKind.Money, "Grant for the food bank", amount, currency, null, Start, End, ContributionStatus.Committed, null, goals);

    private static ContributionInput StaffTime(Guid organisation, decimal days) =>
        new(organisation, ContributionKind.StaffTime, "Volunteers from the branch", null, null, days, Start, End, ContributionStatus.Committed, null, []);

    private static ContributionInput Other(Guid organisation, ContributionKind kind, ContributionStatus status = ContributionStatus.Committed) =>
        new(organisation, kind, $"{kind} for the partnership", null, null, null, Start, End, status, status == ContributionStatus.Delivered ? new DateOnly(2026, 2, 1) : null, []);

    [Fact]
    public async Task AContributorRecordsForTheirOwnOrganisation_ItIsStoredAuditedAndPublished()
    {
        // Act
        var added = await NewService().AddAsync(_cara, _partnership, Money(_bank, 5_000, " gbp ", _goal), Ct);

        // Assert
        Assert.True(added.Succeeded, added.Error?.Message);
        var view = added.Value!;
        Assert.Equal(("Northern Bank", 5_000m, "GBP", 1L), (view.OrganisationName, view.Amount!.Value, view.Currency, view.Version));
        Assert.Equal([_goal], view.GoalIds);
        Assert.Equal("Cara Contributor", view.UpdatedBy);
        var published = Assert.Single(Events.Published.OfType<ContributionChanged>());
        Assert.Equal(view, published.Contribution);
        var record = Db.Read(db => db.ChangeRecords.Single(c => c.EntityType == ContributionService.Entity));
        Assert.Equal("Recorded", record.Field);
        Assert.Contains("Northern Bank · Money · GBP 5,000 · Grant for the food bank", record.NewValue, StringComparison.Ordinal);
        Assert.Contains("goals: No child goes hungry", record.NewValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContributorCannotRecordForAnotherOrganisation_AndNothingIsStoredOrPublished()
    {
        // Arrange: the control case succeeds for Cara's own organisation.
        var service = NewService();
        Assert.True((await service.AddAsync(_cara, _partnership, StaffTime(_bank, 3), Ct)).Succeeded);
        Events.Clear();

        // Act: Cara tries to record money as if the council brought it.
        var attack = await service.AddAsync(_cara, _partnership, Money(_council, 1_000_000), Ct);

        // Assert
        Assert.Equal(ErrorKind.Validation, attack.Error?.Kind);
        Assert.Equal("You can record contributions only for your own organisation.", attack.Error!.For("OrganisationId"));
        Assert.Equal(1, Db.Read(db => db.Contributions.Count()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task AContributorCannotEditOrRemoveAnotherOrganisationsContribution()
    {
        // Arrange
        var service = NewService();
        var councils = (await service.AddAsync(_fran, _partnership, Money(_council, 800), Ct)).Value!;

        // Act
        var edit = await service.UpdateAsync(_cara, _partnership, councils.Id, councils.Version, Money(_bank, 1), Ct);
        var remove = await service.RemoveAsync(_cara, _partnership, councils.Id, councils.Version, Ct);

        // Assert
        Assert.Equal(ErrorKind.Forbidden, edit.Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, remove.Error?.Kind);
        Assert.Equal((_council, 800m, (DateTime?)null), Db.Read(db => db.Contributions.Select(c => new { c.OrganisationId, c.Amount, c.RemovedUtc }).AsEnumerable().Select(c => (c.OrganisationId, c.Amount!.Value, c.RemovedUtc)).Single()));
    }

    [Fact]
    public async Task AFacilitatorRecordsForAnyPartner_ButNotForAnOrganisationOutsideThePartnership()
    {
        // Arrange
        var outsider = Db.AddOrganisation("Elsewhere Ltd", Sector.Private);
        var service = NewService();

        // Act
        var forPartner = await service.AddAsync(_fran, _partnership, Other(_charity, ContributionKind.Facilities), Ct);
        var forOutsider = await service.AddAsync(_fran, _partnership, Other(outsider, ContributionKind.Facilities), Ct);

        // Assert
        Assert.True(forPartner.Succeeded, forPartner.Error?.Message);
        Assert.Equal("Choose one of the partner organisations.", forOutsider.Error?.For("OrganisationId"));
    }

    [Fact]
    public async Task ObserversAndPeopleWithoutAVerifiedOrganisation_AreToldWhyTheyCannotRecord()
    {
        // Act
        var service = NewService();
        var observer = await service.AddAsync(_olly, _partnership, Other(_charity, ContributionKind.Expertise), Ct);
        var newcomer = await service.AddAsync(_nora, _partnership, Other(_bank, ContributionKind.Expertise), Ct);
        var view = (await service.GetAsync(_nora, _partnership, Ct)).Value!;

        // Assert
        Assert.Equal(ErrorKind.Forbidden, observer.Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, newcomer.Error?.Kind);
        Assert.StartsWith("Your account does not speak for an organisation yet", view.Can.WhyNot, StringComparison.Ordinal);
        Assert.Empty(view.Can.RecordFor);
        Assert.Equal(0, Db.Read(db => db.Contributions.Count()));
    }

    [Fact]
    public async Task ANonMember_GetsNotFound()
    {
        var stranger = Db.AddPerson("Sam Stranger", organisationId: _bank);

        var read = await NewService().GetAsync(stranger, _partnership, Ct);
        var add = await NewService().AddAsync(stranger, _partnership, Money(_bank, 1), Ct);

        Assert.Equal(ErrorKind.NotFound, read.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, add.Error?.Kind);
    }

    [Theory]
    [InlineData(ContributionKind.Money, null, "GBP", null, "Amount", "Amount is required for money.")]
    [InlineData(ContributionKind.Money, -5.0, "GBP", null, "Amount", "Amount must be more than 0 and at most 1,000,000,000,000.")]
    [InlineData(ContributionKind.Money, 10.0, "pounds", null, "Currency", "Currency must be a three-letter ISO 4217 code, like GBP or EUR.")]
    [InlineData(ContributionKind.StaffTime, null, null, null, "Days", "Days are required for staff time.")]
    [InlineData(ContributionKind.StaffTime, null, null, 0.0, "Days", "Days must be more than 0 and at most 100,000.")]
    public async Task AmountsAndDays_AreCheckedForTheirKind(ContributionKind kind, double? amount, string? currency, double? days, string field, string message)
    {
        var input = new ContributionInput(_bank, kind, "Something", (decimal?)amount, currency, (decimal?)days, Start, End, ContributionStatus.Committed, null, []);

        var result = await NewService().AddAsync(_cara, _partnership, input, Ct);

        Assert.Equal(message, result.Error?.For(field));
    }

    [Fact]
    public async Task ADescriptionAPeriodThatEndsBeforeItStartsAndAFutureDelivery_AreRefusedWithClearMessages()
    {
        var input = new ContributionInput(_bank, ContributionKind.DataSharing, "  ", null, null, null, End, Start, ContributionStatus.Delivered, new DateOnly(2027, 1, 1), [Guid.NewGuid()]);

        var result = await NewService().AddAsync(_cara, _partnership, input, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal("Description is required.", result.Error!.For("Description"));
        Assert.Equal("End must be on or after the start.", result.Error.For("PeriodEnd"));
        Assert.Equal("The delivery date cannot be in the future.", result.Error.For("DeliveredOn"));
        Assert.Equal("Choose goals of this partnership.", result.Error.For("GoalIds"));
        Assert.Equal(0, Db.Read(db => db.Contributions.Count()));
    }

    [Fact]
    public async Task AnAmountAndDaysAreDropped_ForKindsTheyDoNotBelongTo()
    {
        var input = new ContributionInput(_bank, ContributionKind.Networks, "Introductions to funders", 99, "EUR", 4, Start, End, ContributionStatus.Committed, null, []);

        var view = (await NewService().AddAsync(_cara, _partnership, input, Ct)).Value!;

        Assert.Equal((null, null, null), (view.Amount, view.Currency, view.Days));
    }

    [Fact]
    public async Task EditingFromAnOlderVersion_IsAConflict_ThatNamesWhoChangedIt_AndPublishesNothing()
    {
        // Arrange: Fran and Cara both open the bank's contribution; Fran saves first.
        var service = NewService();
        var opened = (await service.AddAsync(_cara, _partnership, Money(_bank, 100), Ct)).Value!;
        var frans = await service.UpdateAsync(_fran, _partnership, opened.Id, opened.Version, Money(_bank, 200), Ct);
        Assert.True(frans.Succeeded, frans.Error?.Message);
        Events.Clear();

        // Act
        var caras = await service.UpdateAsync(_cara, _partnership, opened.Id, opened.Version, Money(_bank, 300), Ct);

        // Assert
        Assert.Equal(ErrorKind.Conflict, caras.Error?.Kind);
        Assert.StartsWith("Fran Facilitator changed this contribution while you were editing it.", caras.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(200m, Db.Read(db => db.Contributions.Single().Amount));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task MarkingDelivered_RecordsTheDate_AndRemoving_KeepsTheRowForTheRecordButNotTheRegister()
    {
        // Arrange
        var service = NewService();
        var added = (await service.AddAsync(_cara, _partnership, StaffTime(_bank, 12.5m), Ct)).Value!;

        // Act
        var delivered = await service.MarkDeliveredAsync(_cara, _partnership, added.Id, added.Version, new DateOnly(2026, 2, 20), Ct);
        var removed = await service.RemoveAsync(_cara, _partnership, added.Id, delivered.Value!.Version, Ct);

        // Assert
        Assert.Equal((ContributionStatus.Delivered, new DateOnly(2026, 2, 20)), (delivered.Value.Status, delivered.Value.DeliveredOn!.Value));
        Assert.True(removed.Value!.IsRemoved);
        Assert.Empty((await service.GetAsync(_cara, _partnership, Ct)).Value!.Contributions);
        Assert.Equal(["Recorded", "Delivered", "Removed"], Db.Read(db => db.ChangeRecords.Where(c => c.EntityType == ContributionService.Entity).OrderBy(c => c.Id).Select(c => c.Field).ToList()));
        Assert.Equal(3, Events.Published.OfType<ContributionChanged>().Count());
        Assert.True(Events.Published.OfType<ContributionChanged>().Last().Contribution.IsRemoved);
    }

    [Fact]
    public async Task Totals_SumMoneyPerCurrency_NeverAcrossCurrencies_AndCountEveryOtherKind()
    {
        // Arrange
        var service = NewService();
        await service.AddAsync(_cara, _partnership, Money(_bank, 5_000, "GBP"), Ct);
        await service.AddAsync(_cara, _partnership, Money(_bank, 2_000, "EUR"), Ct);
        await service.AddAsync(_fran, _partnership, Money(_council, 1_500, "GBP"), Ct);
        await service.AddAsync(_cara, _partnership, StaffTime(_bank, 10), Ct);
        await service.AddAsync(_fran, _partnership, Other(_charity, ContributionKind.Expertise, ContributionStatus.Delivered), Ct);
        await service.AddAsync(_fran, _partnership, Other(_charity, ContributionKind.DataSharing), Ct);

        // Act
        var totals = new ContributionsState(_partnership, (await service.GetAsync(_olly, _partnership, Ct)).Value!).Totals;

        // Assert
        Assert.Equal([("EUR", 2_000m), ("GBP", 6_500m)], totals.All.Money.Amounts);
        Assert.Equal("EUR 2,000 · GBP 6,500", totals.All.Money.ToString());
        Assert.Equal((6, 1, 10m), (totals.All.Count, totals.All.Delivered, totals.All.Days));
        var byKind = totals.ByKind.ToDictionary(k => k.Kind, k => k.Tally.Count);
        Assert.Equal(3, byKind[ContributionKind.Money]);
        Assert.Equal(1, byKind[ContributionKind.Expertise]);
        Assert.Equal(1, byKind[ContributionKind.DataSharing]);
        Assert.Equal(0, byKind[ContributionKind.Networks]);
        var charity = totals.ByOrganisation.Single(o => o.Name == "Food Link");
        Assert.Equal((2, 1, true), (charity.Tally.Count, charity.Tally.Delivered, charity.Tally.Money.IsEmpty));
        Assert.Equal([Sector.Public, Sector.Private, Sector.CivilSociety], totals.BySector.Select(s => s.Sector));
    }
}
