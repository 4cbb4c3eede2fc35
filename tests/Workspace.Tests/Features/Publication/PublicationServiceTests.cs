using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Publication;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Publication;

/// <summary>The consent rule: nothing is public until every partner organisation consents to the current proposal.</summary>
public sealed class PublicationServiceTests : ServiceTestBase
{
    private readonly Guid _council;
    private readonly Guid _bank;
    private readonly string _fran;
    private readonly string _cara;
    private readonly string _olly;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public PublicationServiceTests()
    {
        _council = Db.AddOrganisation("Riverside Council");
        _bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: _council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _bank);
        _olly = Db.AddPerson("Olly Observer", organisationId: _bank);
        _partnership = Db.AddPartnership("Food Security",
            (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor), (_olly, PartnershipRole.Observer));
        _goal = Db.AddGoal(_partnership, "Halve food waste");
    }

    private PublicationService NewService() => new(Db, Events, Clock);

    private PublicResultsView NewLoader() => new(Db, Clock);

    private ProposalInput Input(string slug = "food-security") =>
        new() { Slug = slug, Title = "Food Security results", Summary = "What we achieved.", GoalIds = [_goal] };

    private async Task<PublicationView> ProposeAsync(string slug = "food-security")
    {
        var proposed = await NewService().ProposeAsync(_fran, _partnership, Input(slug), 0, Ct);
        Assert.True(proposed.Succeeded, proposed.Error?.Message);
        return proposed.Value!;
    }

    private async Task ConsentAllAsync(int version = 1)
    {
        Assert.True((await NewService().ConsentAsync(_fran, _partnership, _council, version, Ct)).Succeeded);
        Assert.True((await NewService().ConsentAsync(_cara, _partnership, _bank, version, Ct)).Succeeded);
    }

    [Fact]
    public async Task Proposal_IsNotPublic_UntilEveryPartnerConsents()
    {
        // Arrange
        var view = await ProposeAsync();
        Assert.False(view.IsLive);
        Assert.All(view.Partners, p => Assert.Equal(ConsentState.Awaiting, p.State));

        // Act: one of two partners consents
        var half = (await NewService().ConsentAsync(_fran, _partnership, _council, 1, Ct)).Value!;

        // Assert
        Assert.False(half.IsLive);
        Assert.Null(await NewLoader().LoadAsync("food-security", Ct));

        // Act: the other partner consents through an observer (the consent is the organisation's)
        var all = (await NewService().ConsentAsync(_olly, _partnership, _bank, 1, Ct)).Value!;

        // Assert
        Assert.True(all.IsLive);
        Assert.Equal("Olly Observer", all.Partners.Single(p => p.OrganisationId == _bank).ByName);
        Assert.NotNull(await NewLoader().LoadAsync("food-security", Ct));
        Assert.Contains(Events.Published, e => e is PublicationChanged);
    }

    [Fact]
    public async Task Withdrawal_UnpublishesAtOnce()
    {
        // Arrange
        await ProposeAsync();
        await ConsentAllAsync();
        Assert.NotNull(await NewLoader().LoadAsync("food-security", Ct));

        // Act
        var withdrawn = await NewService().WithdrawAsync(_cara, _partnership, _bank, 1, Ct);

        // Assert
        Assert.True(withdrawn.Succeeded, withdrawn.Error?.Message);
        Assert.False(withdrawn.Value!.IsLive);
        Assert.Equal(ConsentState.Withdrawn, withdrawn.Value.Partners.Single(p => p.OrganisationId == _bank).State);
        Assert.Null(await NewLoader().LoadAsync("food-security", Ct));
        Assert.Contains(Records(PublicationService.ConsentEntity), r => r.Field == "Withdrawn" && r.UserId == _cara);
    }

    [Fact]
    public async Task AnOrganisationJoiningLater_UnpublishesUntilItConsents()
    {
        // Arrange
        await ProposeAsync();
        await ConsentAllAsync();
        Assert.NotNull(await NewLoader().LoadAsync("food-security", Ct));
        var charity = Db.AddOrganisation("Food Link", Sector.CivilSociety);
        var nina = Db.AddPerson("Nina Newcomer", organisationId: charity);
        Clock.Advance(TimeSpan.FromHours(1));

        // Act
        Db.AddMember(_partnership, nina, PartnershipRole.Contributor);

        // Assert
        var view = (await NewService().GetAsync(_fran, _partnership, Ct)).Value!;
        Assert.False(view.IsLive);
        Assert.Equal(ConsentState.Awaiting, view.Partners.Single(p => p.OrganisationId == charity).State);
        Assert.Null(await NewLoader().LoadAsync("food-security", Ct));

        // Act: the newcomer's organisation consents
        Assert.True((await NewService().ConsentAsync(nina, _partnership, charity, 1, Ct)).Succeeded);

        // Assert
        Assert.NotNull(await NewLoader().LoadAsync("food-security", Ct));
    }

    [Fact]
    public async Task AChangedProposal_NeedsEveryConsentAgain()
    {
        // Arrange
        var first = await ProposeAsync();
        await ConsentAllAsync();

        // Act
        var changed = Input();
        changed.Title = "Food Security: the first year";
        var saved = await NewService().ProposeAsync(_fran, _partnership, changed, first.Proposal!.Version, Ct);

        // Assert
        Assert.True(saved.Succeeded, saved.Error?.Message);
        Assert.Equal(2, saved.Value!.Proposal!.ProposalVersion);
        Assert.All(saved.Value.Partners, p => Assert.Equal(ConsentState.Awaiting, p.State));
        Assert.Null(await NewLoader().LoadAsync("food-security", Ct));
        var stale = await NewService().ConsentAsync(_cara, _partnership, _bank, 1, Ct);
        Assert.Equal(ErrorKind.Conflict, stale.Error?.Kind);
        await ConsentAllAsync(version: 2);
        Assert.Equal("Food Security: the first year", (await NewLoader().LoadAsync("food-security", Ct))!.Header.Title);
    }

    [Fact]
    public async Task SavingTheSameProposal_KeepsItsConsents()
    {
        // Arrange
        var first = await ProposeAsync();
        await ConsentAllAsync();

        // Act
        var saved = await NewService().ProposeAsync(_fran, _partnership, Input(), first.Proposal!.Version, Ct);

        // Assert
        Assert.True(saved.Succeeded);
        Assert.Equal(1, saved.Value!.Proposal!.ProposalVersion);
        Assert.True(saved.Value.IsLive);
    }

    [Fact]
    public async Task APersonOfOneOrganisation_CannotConsentForAnother_WithAForgedOrganisationId()
    {
        // Arrange
        await ProposeAsync();

        // Act: Cara speaks for the bank and forges the council's id
        var forged = await NewService().ConsentAsync(_cara, _partnership, _council, 1, Ct);

        // Assert
        Assert.Equal(ErrorKind.Forbidden, forged.Error?.Kind);
        var view = (await NewService().GetAsync(_fran, _partnership, Ct)).Value!;
        Assert.Equal(ConsentState.Awaiting, view.Partners.Single(p => p.OrganisationId == _council).State);
        Assert.Empty(Records(PublicationService.ConsentEntity));
        // Control: her own organisation's consent goes through
        Assert.True((await NewService().ConsentAsync(_cara, _partnership, _bank, 1, Ct)).Succeeded);
    }

    [Fact]
    public async Task APersonWithoutAnOrganisation_CannotConsent()
    {
        // Arrange
        await ProposeAsync();
        var nora = Db.AddPersonWithoutOrganisation("Nora Newcomer", "nora@example.org");
        Db.AddMember(_partnership, nora, PartnershipRole.Contributor);

        // Act
        var result = await NewService().ConsentAsync(nora, _partnership, _bank, 1, Ct);

        // Assert
        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Contains("does not speak for an organisation", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonFacilitator_CannotPropose()
    {
        // Act
        var result = await NewService().ProposeAsync(_cara, _partnership, Input(), 0, Ct);

        // Assert
        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Null((await NewService().GetAsync(_cara, _partnership, Ct)).Value!.Proposal);
        Assert.DoesNotContain(Events.Published, e => e is PublicationChanged);
        // Control: the facilitator can
        await ProposeAsync();
        Assert.Contains(Events.Published, e => e is PublicationChanged);
    }

    [Fact]
    public async Task AnotherPartnershipsIds_AreRefused()
    {
        // Arrange
        var other = Db.AddPartnership("Other", (Db.AddPerson("Otto Other", organisationId: Db.AddOrganisation("Other Org")), PartnershipRole.Facilitator));
        var theirGoal = Db.AddGoal(other, "Their goal");
        var theirIndicator = Db.AddIndicator(theirGoal, "Their indicator", 0, 10);
        var theirDecision = Db.AddLogEntry(other, _fran, Workspace.Web.Features.Dialogue.EntryKind.Decision, "Their decision");
        var input = Input();
        input.GoalIds.Add(theirGoal);
        input.IndicatorIds.Add(theirIndicator);
        input.DecisionIds.Add(theirDecision);

        // Act
        var result = await NewService().ProposeAsync(_fran, _partnership, input, 0, Ct);
        var outsider = await NewService().GetAsync(_fran, other, Ct);
        var outsiderConsent = await NewService().ConsentAsync(_fran, other, _council, 1, Ct);

        // Assert
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.NotNull(result.Error!.For(nameof(ProposalInput.GoalIds)));
        Assert.NotNull(result.Error.For(nameof(ProposalInput.IndicatorIds)));
        Assert.NotNull(result.Error.For(nameof(ProposalInput.DecisionIds)));
        Assert.Equal(ErrorKind.NotFound, outsider.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, outsiderConsent.Error?.Kind);
    }

    [Theory]
    [InlineData("ab", "3–60")]
    [InlineData("Food-Security", "lower-case")]
    [InlineData("food--security", "lower-case")]
    [InlineData("-food", "lower-case")]
    [InlineData("food security", "lower-case")]
    [InlineData("admin", "reserved")]
    [InlineData("public", "reserved")]
    [InlineData("", "Choose")]
    public async Task ABadSlug_IsRefusedWithAClearMessage(string slug, string expected)
    {
        // Act
        var result = await NewService().ProposeAsync(_fran, _partnership, Input(slug), 0, Ct);

        // Assert
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Contains(expected, result.Error!.For(nameof(ProposalInput.Slug)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlugTooLongOrTaken_IsRefused()
    {
        // Arrange
        var otherFran = Db.AddPerson("Otto Other", organisationId: Db.AddOrganisation("Other Org"));
        var other = Db.AddPartnership("Other", (otherFran, PartnershipRole.Facilitator));
        Assert.True((await NewService().ProposeAsync(otherFran, other, new ProposalInput { Slug = "food-security", Title = "T", Summary = "S" }, 0, Ct)).Succeeded);

        // Act
        var taken = await NewService().ProposeAsync(_fran, _partnership, Input("food-security"), 0, Ct);
        var tooLong = await NewService().ProposeAsync(_fran, _partnership, Input(new string('a', 61)), 0, Ct);

        // Assert
        Assert.Contains("already uses", taken.Error?.For(nameof(ProposalInput.Slug)), StringComparison.Ordinal);
        Assert.Contains("3–60", tooLong.Error?.For(nameof(ProposalInput.Slug)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryChange_IsAuditedAndWorded()
    {
        // Arrange
        var first = await ProposeAsync();
        await ConsentAllAsync();
        var changed = Input();
        changed.Summary = "Updated.";

        // Act
        await NewService().ProposeAsync(_fran, _partnership, changed, first.Proposal!.Version, Ct);
        await NewService().ConsentAsync(_cara, _partnership, _bank, 2, Ct);
        await NewService().WithdrawAsync(_cara, _partnership, _bank, 2, Ct);

        // Assert
        Assert.Equal(["Proposed", "Changed"], Records(PublicationService.Entity).Select(r => r.Field));
        Assert.Equal(["Consented", "Consented", "Consented", "Withdrawn"], Records(PublicationService.ConsentEntity).Select(r => r.Field));
        foreach (var record in Records(PublicationService.Entity).Concat(Records(PublicationService.ConsentEntity)))
        {
            var text = Workspace.Web.Features.Activity.ActivityService.Describe(record, _ => "Ana").Text;
            Assert.Contains("public results page", text, StringComparison.Ordinal);
        }
    }

    private List<ChangeRecord> Records(string entityType)
    {
        using var db = Db.CreateDbContext();
        return [.. db.ChangeRecords.Where(r => r.EntityType == entityType).OrderBy(r => r.Sequence)];
    }
}
