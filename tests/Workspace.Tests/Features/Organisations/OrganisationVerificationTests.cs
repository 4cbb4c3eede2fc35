using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Organisations;

/// <summary>Nobody speaks for an organisation they don't belong to: each way in, and each attempt to go round it.</summary>
public sealed class OrganisationVerificationTests : ServiceTestBase
{
    private readonly Guid _ministry;
    private readonly string _admin;

    public OrganisationVerificationTests()
    {
        _ministry = Db.AddOrganisation("Ministry of Justice");
        _admin = Db.AddPerson("Ana Admin", "ana@justice.gov.example", _ministry);
        Db.MakeOrganisationAdmin(_admin);
    }

    [Fact]
    public async Task ChoosingAnOrganisation_OnlyAsksItsAdmins()
    {
        var mallory = Db.AddPersonWithoutOrganisation("Mallory", "mallory@elsewhere.example");

        var result = await NewMembershipService().ChooseAsync(mallory, _ministry, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Null(result.Value!.Organisation);
        Assert.Equal("Ministry of Justice", result.Value.Pending?.OrganisationName);
        Assert.Null(Db.Read(db => db.Users.Single(u => u.Id == mallory).OrganisationId));
    }

    [Fact]
    public async Task APersonWaitingForApproval_PostsAndTakesPositionsWithoutAnOrganisation()
    {
        var mallory = Db.AddPersonWithoutOrganisation("Mallory", "mallory@elsewhere.example");
        var partnership = Db.AddPartnership("Safer Streets", (_admin, PartnershipRole.Facilitator), (mallory, PartnershipRole.Contributor));
        await NewMembershipService().ChooseAsync(mallory, _ministry, Ct);
        var log = NewLogService();
        var decisions = NewDecisionService();

        var posted = await log.PostAsync(mallory, partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Close the centre", Body = "Proposal." }, Ct);
        var position = await decisions.TakePositionAsync(mallory, partnership, posted.Value!.Id, Position.Agree, null, Ct);

        Assert.True(position.Succeeded, position.Error?.Message);
        Assert.Null(Db.Read(db => db.LogEntries.Single().AuthorOrganisationId));
        Assert.Null(Db.Read(db => db.DecisionPositions.Single().OrganisationId));
    }

    [Fact]
    public async Task AConfirmedAddressInARegisteredDomain_JoinsAtOnce()
    {
        await NewMembershipService().AddDomainAsync(_admin, "justice.gov.example", Ct);
        var ben = Db.AddPersonWithoutOrganisation("Ben", "ben@justice.gov.example");

        var result = await NewMembershipService().ChooseAsync(ben, _ministry, Ct);

        Assert.Equal(("Ministry of Justice", OrganisationJoinedVia.EmailDomain), (result.Value!.Organisation?.Name, result.Value.Via));
        Assert.False(result.Value.IsAdmin);
    }

    [Fact]
    public async Task AnUnconfirmedAddressInARegisteredDomain_StillWaitsForApproval()
    {
        await NewMembershipService().AddDomainAsync(_admin, "justice.gov.example", Ct);
        var eve = Db.AddPersonWithoutOrganisation("Eve", "eve@justice.gov.example");
        Db.Write(db => db.Users.Single(u => u.Id == eve).EmailConfirmed = false);

        var chosen = await NewMembershipService().ChooseAsync(eve, _ministry, Ct);
        var joined = await NewMembershipService().JoinByVerifiedDomainAsync(eve, Ct);

        Assert.Null(chosen.Value!.Organisation);
        Assert.NotNull(chosen.Value.Pending);
        Assert.False(joined);
    }

    [Fact]
    public async Task ConfirmingAnAddressInARegisteredDomain_JoinsThatOrganisation()
    {
        await NewMembershipService().AddDomainAsync(_admin, "justice.gov.example", Ct);
        var ben = Db.AddPersonWithoutOrganisation("Ben", "ben@justice.gov.example");

        Assert.True(await NewMembershipService().JoinByVerifiedDomainAsync(ben, Ct));
        Assert.Equal(_ministry, Db.Read(db => db.Users.Single(u => u.Id == ben).OrganisationId));
    }

    [Theory]
    [InlineData("gmail.com", "public mail service")]
    [InlineData("elsewhere.example", "only the domain of your own confirmed email address")]
    [InlineData("not a domain", "Enter a domain like")]
    [InlineData("", "Enter a domain like")]
    public async Task RegisteringADomainTheAdminDoesNotProve_IsRefused(string domain, string message)
    {
        if (domain == "gmail.com")
        {
            Db.Write(db => db.Users.Single(u => u.Id == _admin).Email = "ana@gmail.com");
        }

        var result = await NewMembershipService().AddDomainAsync(_admin, domain, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Contains(message, result.Error!.For("Domain"), StringComparison.Ordinal);
        Assert.Equal(0, Db.Read(db => db.OrganisationDomains.Count()));
    }

    [Fact]
    public async Task RegisteringADomainAnotherOrganisationHolds_IsRefused()
    {
        var other = Db.AddOrganisation("Shadow Ministry");
        var rival = Db.AddPerson("Rival", "rival@justice.gov.example", other);
        Db.MakeOrganisationAdmin(rival);
        Assert.True((await NewMembershipService().AddDomainAsync(_admin, " @Justice.GOV.example ", Ct)).Succeeded);

        var result = await NewMembershipService().AddDomainAsync(rival, "justice.gov.example", Ct);

        Assert.Contains("already registered", result.Error?.For("Domain"), StringComparison.Ordinal);
        Assert.Equal(_ministry, Db.Read(db => db.OrganisationDomains.Single().OrganisationId));
    }

    [Fact]
    public async Task APersonWhoIsNotAnAdmin_CannotRegisterADomain()
    {
        var clerk = Db.AddPerson("Clerk", "clerk@justice.gov.example", _ministry);

        var result = await NewMembershipService().AddDomainAsync(clerk, "justice.gov.example", Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal(0, Db.Read(db => db.OrganisationDomains.Count()));
    }

    [Fact]
    public async Task AnAdminApproves_ThePersonSpeaksForTheOrganisation()
    {
        var kim = Db.AddPersonWithoutOrganisation("Kim", "kim@elsewhere.example");
        var request = (await NewMembershipService().ChooseAsync(kim, _ministry, Ct)).Value!.Pending!;
        Assert.Equal(1, (await NewMembershipService().GetMineAsync(_admin, Ct))!.RequestsWaiting);

        var result = await NewMembershipService().DecideAsync(_admin, request.Id, approve: true, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var kimNow = Db.Read(db => db.Users.Single(u => u.Id == kim));
        Assert.Equal((_ministry, OrganisationJoinedVia.AdminApproval), (kimNow.OrganisationId, kimNow.OrganisationJoinedVia));
    }

    [Fact]
    public async Task AnAdminOfAnotherOrganisation_CannotApprove()
    {
        var other = Db.AddOrganisation("Streetlight Trust", Sector.CivilSociety);
        var otherAdmin = Db.AddPerson("Olu", "olu@streetlight.example", other);
        Db.MakeOrganisationAdmin(otherAdmin);
        var mallory = Db.AddPersonWithoutOrganisation("Mallory", "mallory@elsewhere.example");
        var request = (await NewMembershipService().ChooseAsync(mallory, _ministry, Ct)).Value!.Pending!;

        var byOtherAdmin = await NewMembershipService().DecideAsync(otherAdmin, request.Id, approve: true, Ct);
        var bySelf = await NewMembershipService().DecideAsync(mallory, request.Id, approve: true, Ct);

        Assert.Equal((ErrorKind.NotFound, ErrorKind.NotFound), (byOtherAdmin.Error?.Kind, bySelf.Error?.Kind));
        Assert.Null(Db.Read(db => db.Users.Single(u => u.Id == mallory).OrganisationId));
        Assert.Equal(JoinRequestState.Pending, Db.Read(db => db.OrganisationJoinRequests.Single().State));
    }

    [Fact]
    public async Task ADeclinedRequest_CannotBeApprovedAfterwards()
    {
        var mallory = Db.AddPersonWithoutOrganisation("Mallory", "mallory@elsewhere.example");
        var request = (await NewMembershipService().ChooseAsync(mallory, _ministry, Ct)).Value!.Pending!;
        Assert.True((await NewMembershipService().DecideAsync(_admin, request.Id, approve: false, Ct)).Succeeded);

        var again = await NewMembershipService().DecideAsync(_admin, request.Id, approve: true, Ct);

        Assert.Equal(ErrorKind.Conflict, again.Error?.Kind);
        Assert.Null(Db.Read(db => db.Users.Single(u => u.Id == mallory).OrganisationId));
    }

    [Fact]
    public async Task AMemberWhoIsNotAnAdmin_CannotRenameTheOrganisation()
    {
        var clerk = Db.AddPerson("Clerk", "clerk@justice.gov.example", _ministry);

        var result = await NewOrganisationService().UpdateAsync(clerk, _ministry,
            new OrganisationInput { Name = "Ministry of Injustice", Sector = Sector.Public, Version = 1 }, Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal("Ministry of Justice", Db.Read(db => db.Organisations.Single(o => o.Id == _ministry).Name));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
    }

    [Fact]
    public async Task AnAdminRenames_EveryPartnershipTheOrganisationIsInRecordsWhoDidIt()
    {
        var clerk = Db.AddPerson("Clerk", "clerk@justice.gov.example", _ministry);
        var outsider = Db.AddPerson("Olu", "olu@streetlight.example", Db.AddOrganisation("Streetlight Trust", Sector.CivilSociety));
        var first = Db.AddPartnership("Safer Streets", (_admin, PartnershipRole.Facilitator));
        var second = Db.AddPartnership("Youth Futures", (clerk, PartnershipRole.Facilitator));
        var unrelated = Db.AddPartnership("Clean Rivers", (outsider, PartnershipRole.Facilitator));

        var result = await NewOrganisationService().UpdateAsync(_admin, _ministry,
            new OrganisationInput { Name = "Ministry of Justice and Courts", Sector = Sector.Public, Version = 1 }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var renames = Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Name").Select(c => new { c.PartnershipId, c.UserId, c.OldValue, c.NewValue }).ToList());
        Assert.Equal(new[] { Guid.Empty, first, second }.Order(), renames.Select(r => r.PartnershipId).Order());
        Assert.All(renames, r => Assert.Equal((_admin, "Ministry of Justice", "Ministry of Justice and Courts"), (r.UserId, r.OldValue, r.NewValue)));
        Assert.DoesNotContain(renames, r => r.PartnershipId == unrelated);

        await using (var db = Db.CreateDbContext())
        {
            var directory = await Workspace.Web.Data.AuditVerifier.VerifyAsync(db, Guid.Empty, Ct);
            Assert.StartsWith("organisations and accounts: ok", directory.ToString(), StringComparison.Ordinal);
        }

        var activity = await new Workspace.Web.Features.Activity.ActivityService(Db).ListAsync(clerk, second, cancellationToken: Ct);
        var line = Assert.Single(activity.Value!);
        Assert.Equal(("Ana Admin (Ministry of Justice and Courts)", "renamed the organisation “Ministry of Justice” to “Ministry of Justice and Courts”"),
            (line.ActorName, line.Text));
    }

    [Fact]
    public async Task APersonWhoSpeaksForAnOrganisation_CannotFoundAnother()
    {
        var result = await NewOrganisationService().CreateAsync(_admin, new OrganisationInput { Name = "Ministry of Everything" }, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal(1, Db.Read(db => db.Organisations.Count()));
    }

    [Fact]
    public async Task TheFounderOfANewOrganisation_IsItsFirstAdmin()
    {
        var fay = Db.AddPersonWithoutOrganisation("Fay", "fay@anglers.example");

        var result = await NewOrganisationService().CreateAsync(fay, new OrganisationInput { Name = "Riverside Anglers", Sector = Sector.CivilSociety }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var mine = await NewMembershipService().GetMineAsync(fay, Ct);
        Assert.Equal(("Riverside Anglers", OrganisationJoinedVia.Founded, true), (mine!.Organisation?.Name, mine.Via, mine.IsAdmin));
    }

    [Fact]
    public async Task TheOnlyAdmin_CannotLeaveOrStepDownWhileOthersRemain()
    {
        var clerk = Db.AddPerson("Clerk", "clerk@justice.gov.example", _ministry);
        var memberships = NewMembershipService();

        var left = await memberships.LeaveAsync(_admin, Ct);
        var steppedDown = await memberships.SetAdminAsync(_admin, _admin, isAdmin: false, Ct);

        Assert.Equal((ErrorKind.Conflict, ErrorKind.Conflict), (left.Error?.Kind, steppedDown.Error?.Kind));
        Assert.True(Db.Read(db => db.Users.Single(u => u.Id == _admin).IsOrganisationAdmin));
        Assert.Equal(_ministry, Db.Read(db => db.Users.Single(u => u.Id == clerk).OrganisationId));
    }

    [Fact]
    public async Task AnAdminRemovesAPerson_TheyNoLongerSpeakForIt()
    {
        var clerk = Db.AddPerson("Clerk", "clerk@justice.gov.example", _ministry);

        var result = await NewMembershipService().RemovePersonAsync(_admin, clerk, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Null(Db.Read(db => db.Users.Single(u => u.Id == clerk).OrganisationId));
    }

    [Fact]
    public async Task AColleagueInvitation_VerifiesTheInviteesOrganisation()
    {
        var partnership = Db.AddPartnership("Safer Streets", (_admin, PartnershipRole.Facilitator));
        var issued = await NewMemberService().InviteAsync(_admin, partnership,
            new InviteInput { Email = "new.colleague@elsewhere.example", Role = PartnershipRole.Contributor, AsColleague = true }, Ct);
        var newcomer = Db.AddPersonWithoutOrganisation("Nia", "new.colleague@elsewhere.example");

        var accepted = await NewMemberService().AcceptInvitationAsync(newcomer, issued.Value!.Token, Ct);

        Assert.True(accepted.Succeeded, accepted.Error?.Message);
        var nia = Db.Read(db => db.Users.Single(u => u.Id == newcomer));
        Assert.Equal((_ministry, OrganisationJoinedVia.Invitation), (nia.OrganisationId, nia.OrganisationJoinedVia));
    }

    [Fact]
    public async Task AColleagueInvitationFromSomeoneWhoHasSinceLeftTheOrganisation_VerifiesNothing()
    {
        var clerk = Db.AddPerson("Clerk", "clerk@justice.gov.example", _ministry);
        var partnership = Db.AddPartnership("Safer Streets", (clerk, PartnershipRole.Facilitator));
        var issued = await NewMemberService().InviteAsync(clerk, partnership,
            new InviteInput { Email = "friend@elsewhere.example", Role = PartnershipRole.Contributor, AsColleague = true }, Ct);
        Assert.True((await NewMembershipService().RemovePersonAsync(_admin, clerk, Ct)).Succeeded);
        var friend = Db.AddPersonWithoutOrganisation("Friend", "friend@elsewhere.example");

        var accepted = await NewMemberService().AcceptInvitationAsync(friend, issued.Value!.Token, Ct);

        Assert.True(accepted.Succeeded, accepted.Error?.Message);
        Assert.Null(Db.Read(db => db.Users.Single(u => u.Id == friend).OrganisationId));
    }

    [Fact]
    public async Task AnInvitationWithoutAnOrganisation_LetsAPersonWithoutOneJoinThePartnership()
    {
        var partnership = Db.AddPartnership("Safer Streets", (_admin, PartnershipRole.Facilitator));
        var issued = await NewMemberService().InviteAsync(_admin, partnership,
            new InviteInput { Email = "guest@elsewhere.example", Role = PartnershipRole.Observer }, Ct);
        var guest = Db.AddPersonWithoutOrganisation("Guest", "guest@elsewhere.example");

        var accepted = await NewMemberService().AcceptInvitationAsync(guest, issued.Value!.Token, Ct);

        Assert.True(accepted.Succeeded, accepted.Error?.Message);
        Assert.Equal(PartnershipRole.Observer, Db.RoleOf(partnership, guest));
        Assert.Null(Db.Read(db => db.Users.Single(u => u.Id == guest).OrganisationId));
    }
}

/// <summary>Races between admins, on a database file where concurrent operations really contend.</summary>
public sealed class OrganisationAdminRaceTests() : ServiceTestBase(TestDatabase.OnFile())
{
    [Fact]
    public async Task TwoAdminsRemovingEachOthersAdminRole_LeaveOneAdmin()
    {
        var ministry = Db.AddOrganisation("Ministry of Justice");
        var admin = Db.AddPerson("Ana Admin", "ana@justice.gov.example", ministry);
        Db.MakeOrganisationAdmin(admin);
        var second = Db.AddPerson("Bo Second", "bo@justice.gov.example", ministry);
        Db.MakeOrganisationAdmin(second);

        var results = await Task.WhenAll(
            NewMembershipService().SetAdminAsync(admin, second, isAdmin: false, Ct),
            NewMembershipService().SetAdminAsync(second, admin, isAdmin: false, Ct));

        Assert.Contains(results, r => r.Succeeded);
        Assert.Equal(1, Db.Read(db => db.Users.Count(u => u.OrganisationId == ministry && u.IsOrganisationAdmin)));
    }
}
