using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;

namespace Workspace.Tests.Features.Agreement;

public sealed class AgreementServiceTests : ServiceTestBase
{
    private readonly Guid _council;
    private readonly Guid _bank;
    private readonly string _fran;
    private readonly string _cara;
    private readonly string _olly;
    private readonly string _nora;
    private readonly Guid _partnership;

    public AgreementServiceTests()
    {
        _council = Db.AddOrganisation("Riverside Council");
        _bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        var charity = Db.AddOrganisation("Food Link", Sector.CivilSociety);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: _council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _bank);
        _olly = Db.AddPerson("Olly Observer", organisationId: charity);
        _nora = Db.AddPersonWithoutOrganisation("Nora Newcomer", "nora@example.org");
        _partnership = Db.AddPartnership("Food Security",
            (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor), (_olly, PartnershipRole.Observer), (_nora, PartnershipRole.Contributor));
    }

    private AgreementService NewService() => new(Db, Events, Clock, new(Db, Events, Clock));

    [Fact]
    public async Task NewPartnership_HasEveryEmptySection_AndEveryPartnerYetToSign()
    {
        // Act
        var view = (await NewService().GetAsync(_cara, _partnership, Ct)).Value!;

        // Assert
        Assert.Equal(Enum.GetValues<AgreementSectionKind>(), view.Sections.Select(s => s.Kind));
        Assert.All(view.Sections, s => Assert.Equal("", s.Text));
        Assert.Null(view.Current);
        Assert.Equal(["Food Link", "Northern Bank", "Riverside Council"], view.Partners.Select(p => p.Name));
        Assert.All(view.Partners, p => Assert.Equal(SignOffState.NotSigned, p.State));
        Assert.Equal("No version has been issued yet.", view.Can.WhyNotSign);
        Assert.True(view.Can.Edit);
        Assert.False(view.Can.Issue);
    }

    [Fact]
    public async Task SavingASection_StoresItsText_RecordsTheChange_AndTellsViewers()
    {
        // Act
        var saved = await NewService().SaveSectionAsync(_cara, _partnership, AgreementSectionKind.Principles, "Equity between partners.\r\n\r\n", 0, Ct);

        // Assert
        Assert.True(saved.Succeeded, saved.Error?.Message);
        Assert.Equal("Equity between partners.", saved.Value!.Text);
        Assert.Equal(1, saved.Value.Version);
        Assert.Equal("Cara Contributor", saved.Value.UpdatedBy);
        Assert.True(saved.Value.ChangedSinceIssued);
        Assert.Single(Events.Published.OfType<AgreementChanged>());
        Assert.Equal(1, Db.Read(db => db.ChangeRecords.Count(c => c.EntityType == AgreementService.SectionEntity && c.NewValue == "Equity between partners.")));
    }

    [Fact]
    public async Task SavingFromAnOlderVersionOfTheSection_IsAConflict_ThatNamesWhoChangedIt_AndKeepsTheirs()
    {
        // Arrange: Fran and Cara both open the empty section; Fran saves first.
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Fran's vision", 0, Ct);

        // Act
        var cara = await agreement.SaveSectionAsync(_cara, _partnership, AgreementSectionKind.Vision, "Cara's vision", 0, Ct);

        // Assert
        Assert.Equal(ErrorKind.Conflict, cara.Error?.Kind);
        Assert.StartsWith("Fran Facilitator changed this section while you were editing it.", cara.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("Fran's vision", Db.Read(db => db.AgreementSections.Single().Text));
    }

    [Fact]
    public async Task TwoFirstSavesAtOnce_StoreOneSection_AndTellTheOtherOfTheConflict()
    {
        // Arrange
        using var file = TestDatabase.OnFile();
        var fran = file.AddPerson("Fran Facilitator");
        var cara = file.AddPerson("Cara Contributor");
        var partnership = file.AddPartnership("Food Security", (fran, PartnershipRole.Facilitator), (cara, PartnershipRole.Contributor));

        // Act
        var results = await Task.WhenAll(new[] { fran, cara, fran, cara }.Select(person =>
            Task.Run(() => new AgreementService(file, Events, Clock, new(file, Events, Clock)).SaveSectionAsync(person, partnership, AgreementSectionKind.Resources, $"By {person}", 0, Ct), Ct)));

        // Assert
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorKind.Conflict, r.Error?.Kind));
        Assert.Equal(1, file.Read(db => db.AgreementSections.Count()));
    }

    [Fact]
    public async Task Observers_CannotEditOrIssue_AndStrangersCannotDoAnything()
    {
        // Arrange
        var stranger = Db.AddPerson("Sam Stranger");
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);

        // Act and assert
        Assert.Equal(ErrorKind.Forbidden, (await agreement.SaveSectionAsync(_olly, _partnership, AgreementSectionKind.Vision, "Mine", 1, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, (await agreement.IssueAsync(_cara, _partnership, null, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await agreement.GetAsync(stranger, _partnership, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await agreement.SaveSectionAsync(stranger, _partnership, AgreementSectionKind.Vision, "Mine", 1, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await agreement.SignAsync(stranger, _partnership, 1, "Director", Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await agreement.CompareAsync(stranger, _partnership, 1, null, Ct)).Error?.Kind);
        Assert.Equal("Vision", Db.Read(db => db.AgreementSections.Single().Text));
        Assert.Empty(Db.Read(db => db.AgreementSignatures.ToList()));
    }

    [Fact]
    public async Task AnObserver_SignsForTheirOrganisation_BecauseTheConsentIsTheOrganisations()
    {
        // Arrange: Olly is the food charity's only member here.
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);

        // Act
        var signed = await agreement.SignAsync(_olly, _partnership, 1, "Trustee", Ct);

        // Assert
        Assert.True(signed.Succeeded, signed.Error?.Message);
        Assert.Equal(("Food Link", SignOffState.UpToDate), (signed.Value!.Name, signed.Value.State));
    }

    [Fact]
    public async Task SomeoneWhoSpeaksForNoOrganisation_CannotSign_AndIsToldWhy()
    {
        // Arrange
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);

        // Act
        var signed = await agreement.SignAsync(_nora, _partnership, 1, "Volunteer", Ct);

        // Assert
        Assert.Equal(ErrorKind.Forbidden, signed.Error?.Kind);
        Assert.Contains("does not speak for an organisation", signed.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuing_NeedsSomeTextAndAChange()
    {
        // Arrange
        var agreement = NewService();

        // Act
        var empty = await agreement.IssueAsync(_fran, _partnership, null, Ct);
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        var first = await agreement.IssueAsync(_fran, _partnership, "First draft for signing", Ct);
        var again = await agreement.IssueAsync(_fran, _partnership, null, Ct);

        // Assert
        Assert.Equal("Write at least one section before issuing a version.", empty.Error?.For("Sections"));
        Assert.Equal(1, first.Value!.Number);
        Assert.Equal("First draft for signing", first.Value.Note);
        Assert.StartsWith("Nothing has changed since version 1.", again.Error?.For("Sections"), StringComparison.Ordinal);
        var view = (await agreement.GetAsync(_fran, _partnership, Ct)).Value!;
        Assert.False(view.HasUnissuedChanges);
        Assert.Equal("Vision", view.Current!.Sections[AgreementSectionKind.Vision]);
    }

    [Fact]
    public async Task SigningForYourOrganisation_IsShownWithNameRoleAndDate_AndCannotBeRepeated()
    {
        // Arrange
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);

        // Act
        var signed = await agreement.SignAsync(_cara, _partnership, 1, "Head of Community Investment", Ct);
        var twice = await agreement.SignAsync(_cara, _partnership, 1, "Head of Community Investment", Ct);

        // Assert
        Assert.True(signed.Succeeded, signed.Error?.Message);
        var bank = (await agreement.GetAsync(_fran, _partnership, Ct)).Value!.Partners.Single(p => p.OrganisationId == _bank);
        Assert.Equal((SignOffState.UpToDate, 1, "Cara Contributor", "Head of Community Investment", UtcNow), (bank.State, bank.SignedVersion, bank.SignerName, bank.SignerRole, bank.SignedUtc));
        Assert.Equal(ErrorKind.Forbidden, twice.Error?.Kind);
        Assert.Equal("Northern Bank has signed version 1.", twice.Error!.Message);
        Assert.Single(Db.Read(db => db.AgreementSignatures.ToList()));
    }

    [Fact]
    public async Task SigningAVersionThatIsNoLongerCurrent_IsAConflict()
    {
        // Arrange
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision, revised", 1, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);

        // Act
        var signed = await agreement.SignAsync(_cara, _partnership, 1, "Director", Ct);

        // Assert
        Assert.Equal(ErrorKind.Conflict, signed.Error?.Kind);
        Assert.Contains("Version 2 has been issued since", signed.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewSharedGoalAfterSigning_AsksPartnersToReconfirm_AndAReconfirmationCounts()
    {
        // Arrange
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await agreement.SignAsync(_cara, _partnership, 1, "Director", Ct);
        Clock.Advance(TimeSpan.FromDays(2));

        // Act
        await NewGoalService().CreateAsync(_fran, _partnership, new NewGoalInput { Title = "Halve food waste" }, Ct);
        var stale = (await agreement.GetAsync(_cara, _partnership, Ct)).Value!;
        Clock.Advance(TimeSpan.FromHours(1));
        var reconfirmed = await agreement.SignAsync(_cara, _partnership, 1, "Director", Ct);
        var after = (await agreement.GetAsync(_cara, _partnership, Ct)).Value!;

        // Assert
        Assert.Equal("New shared goal “Halve food waste”", Assert.Single(stale.OutOfDate).Text);
        Assert.Equal(SignOffState.ToReconfirm, stale.Partners.Single(p => p.OrganisationId == _bank).State);
        Assert.Null(stale.Can.WhyNotSign);
        Assert.True(reconfirmed.Succeeded, reconfirmed.Error?.Message);
        Assert.Equal(SignOffState.UpToDate, after.Partners.Single(p => p.OrganisationId == _bank).State);
        Assert.Equal(SignOffState.NotSigned, after.Partners.Single(p => p.OrganisationId == _council).State);
        Assert.Equal(1, Db.Read(db => db.ChangeRecords.Count(c => c.EntityType == AgreementService.SignatureEntity && c.Field == "Reconfirmed")));
    }

    [Fact]
    public async Task APartnerJoiningAfterTheVersion_MakesItOutOfDate_AndTheNewPartnerHasNotSigned()
    {
        // Arrange
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);
        Clock.Advance(TimeSpan.FromDays(1));
        var university = Db.AddOrganisation("City University", Sector.Academic);
        var uma = Db.AddPerson("Uma University", "uma@city.example", university);
        var (_, token) = Db.AddInvitation(_partnership, "uma@city.example", PartnershipRole.Contributor, _fran, UtcNow);

        // Act
        await NewMemberService().AcceptInvitationAsync(uma, token, Ct);
        var view = (await agreement.GetAsync(_fran, _partnership, Ct)).Value!;

        // Assert
        Assert.Equal("City University joined the partnership", Assert.Single(view.OutOfDate).Text);
        Assert.Equal(SignOffState.NotSigned, view.Partners.Single(p => p.OrganisationId == university).State);
    }

    [Fact]
    public async Task ChangingHowMajoritiesCount_AfterSigning_AsksPartnersToReconfirm()
    {
        // Arrange
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.DecisionMaking, "Majority of members", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await agreement.SignAsync(_cara, _partnership, 1, "Director", Ct);
        Clock.Advance(TimeSpan.FromDays(1));
        var overview = (await NewPartnershipService().GetOverviewAsync(_fran, _partnership, Ct)).Value!;

        // Act
        await NewPartnershipService().UpdateAsync(_fran, _partnership, new PartnershipInput
        {
            Name = overview.Name,
            Purpose = overview.Purpose,
            Status = overview.Status,
            DecisionCounting = DecisionCounting.EachOrganisation,
            Version = overview.Version,
        }, Ct);
        var view = (await agreement.GetAsync(_cara, _partnership, Ct)).Value!;

        // Assert
        Assert.Equal("Majority decisions now count each partner organisation", Assert.Single(view.OutOfDate).Text);
        Assert.Equal(SignOffState.ToReconfirm, view.Partners.Single(p => p.OrganisationId == _bank).State);
    }

    [Fact]
    public async Task ComparingVersions_ShowsEverySection_WithTheChangedOnesMarked()
    {
        // Arrange
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Leaving, "Three months' notice", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);
        await agreement.SaveSectionAsync(_cara, _partnership, AgreementSectionKind.Leaving, "Six months' notice", 1, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);
        await agreement.SaveSectionAsync(_cara, _partnership, AgreementSectionKind.Review, "Every spring", 0, Ct);

        // Act
        var versions = (await agreement.CompareAsync(_olly, _partnership, 1, 2, Ct)).Value!;
        var working = (await agreement.CompareAsync(_olly, _partnership, 2, null, Ct)).Value!;
        var missing = await agreement.CompareAsync(_olly, _partnership, 1, 7, Ct);

        // Assert
        var leaving = Assert.Single(versions.Sections, s => s.Changed);
        Assert.Equal((AgreementSectionKind.Leaving, "Three months' notice", "Six months' notice"), (leaving.Kind, leaving.Before, leaving.After));
        Assert.Equal(AgreementSectionKind.Review, Assert.Single(working.Sections, s => s.Changed).Kind);
        Assert.Equal(ErrorKind.NotFound, missing.Error?.Kind);
    }

    [Fact]
    public async Task TooLongASection_IsRefusedWithTheLimit_AndNothingIsStored()
    {
        // Act
        var saved = await NewService().SaveSectionAsync(_cara, _partnership, AgreementSectionKind.Resources, new string('x', AgreementSection.TextMaxLength + 1), 0, Ct);

        // Assert
        Assert.Equal("Resources must be 20000 characters or fewer (it has 20001).", saved.Error?.For("Text"));
        Assert.Empty(Db.Read(db => db.AgreementSections.ToList()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task ASignerWhoIsErased_LeavesTheSignature_UnderTheirPseudonym()
    {
        // Arrange: the bank stays a partner through a colleague.
        Db.AddMember(_partnership, Db.AddPerson("Ben Banker", "ben@bank.example", _bank), PartnershipRole.Contributor);
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, "Vision", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);
        await agreement.SignAsync(_cara, _partnership, 1, "Director", Ct);
        var personalData = new PersonalDataService(Db, Clock);
        Assert.Contains("Director", System.Text.Encoding.UTF8.GetString((await personalData.ExportAsync(_cara, Ct))!), StringComparison.Ordinal);

        // Act
        var erased = await personalData.EraseAsync(_cara, Ct);

        // Assert
        Assert.True(erased.Succeeded, erased.Error?.Message);
        var bank = (await agreement.GetAsync(_fran, _partnership, Ct)).Value!.Partners.Single(p => p.OrganisationId == _bank);
        Assert.Equal((SignOffState.UpToDate, PersonalDataService.Pseudonym(_cara), ""), (bank.State, bank.SignerName, bank.SignerRole));
    }

    [Fact]
    public async Task TheDocumentOfAVersion_HasItsSectionsAndSignatures_AndItsDownloadIsRecorded()
    {
        // Arrange
        var agreement = NewService();
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Leaving, "Three months' notice", 0, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);
        await agreement.SignAsync(_cara, _partnership, 1, "Director", Ct);
        await agreement.SaveSectionAsync(_fran, _partnership, AgreementSectionKind.Leaving, "Six months' notice", 1, Ct);
        await agreement.IssueAsync(_fran, _partnership, null, Ct);

        // Act
        var first = (await agreement.DownloadAsync(_olly, _partnership, 1, "Word", Ct)).Value!;
        var current = (await agreement.DocumentAsync(_olly, _partnership, null, Ct)).Value!;
        var stranger = await agreement.DocumentAsync(Db.AddPerson("Sam Stranger"), _partnership, 1, Ct);

        // Assert
        Assert.Equal((1, false, "Three months' notice"), (first.Number, first.IsCurrent, first.Sections.Single().Text));
        Assert.Equal(("Northern Bank", "Cara Contributor"), (Assert.Single(first.Signatures).Organisation, first.Signatures[0].SignerName));
        Assert.Equal((2, true), (current.Number, current.IsCurrent));
        Assert.Empty(current.Signatures);
        Assert.Equal(ErrorKind.NotFound, stranger.Error?.Kind);
        Assert.Equal("agreement, version 1 (Word)", Db.Read(db => db.ChangeRecords.Single(c => c.EntityType == "Export").NewValue));
    }
}
