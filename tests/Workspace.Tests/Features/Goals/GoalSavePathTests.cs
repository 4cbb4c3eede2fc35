using Microsoft.EntityFrameworkCore;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

/// <summary>
/// The shortened save path: membership and goal read in one precompiled query, the summary built from
/// the saved goal. Each still refuses what the separate checks refused and reports the same figures.
/// </summary>
public sealed class GoalSavePathTests : ServiceTestBase
{
    private readonly string _anna;
    private readonly string _olga;
    private readonly string _bob;
    private readonly Guid _partnershipA;
    private readonly Guid _partnershipB;
    private readonly Guid _goalOfA;
    private readonly Guid _goalOfB;

    public GoalSavePathTests()
    {
        _anna = Db.AddPerson("Anna Alpha");
        _olga = Db.AddPerson("Olga Observer");
        _bob = Db.AddPerson("Bob Beta");
        _partnershipA = Db.AddPartnership("Alpha", (_anna, PartnershipRole.Contributor), (_olga, PartnershipRole.Observer));
        _partnershipB = Db.AddPartnership("Beta", (_bob, PartnershipRole.Facilitator));
        _goalOfA = Db.AddGoal(_partnershipA, "Alpha goal");
        _goalOfB = Db.AddGoal(_partnershipB, "Beta goal");
    }

    [Fact]
    public async Task RoleAndGoal_FindsTheGoalOnlyForAMemberOfItsOwnPartnership()
    {
        await using var db = Db.CreateDbContext();

        var own = await GoalQueries.RoleAndGoalAsync(db, _partnershipA, _anna, _goalOfA, Ct);
        var forgedGoal = await GoalQueries.RoleAndGoalAsync(db, _partnershipA, _anna, _goalOfB, Ct);
        var forgedPartnership = await GoalQueries.RoleAndGoalAsync(db, _partnershipB, _anna, _goalOfB, Ct);
        var noUser = await GoalQueries.RoleAndGoalAsync(db, _partnershipA, "", _goalOfA, Ct);

        Assert.Equal((PartnershipRole.Contributor, _goalOfA), (own!.Role, own.Goal!.Id));
        Assert.Equal(PartnershipRole.Contributor, forgedGoal!.Role);
        Assert.Null(forgedGoal.Goal);
        Assert.Null(forgedPartnership);
        Assert.Null(noUser);
    }

    [Fact]
    public async Task RoleOf_IsReadPerPartnershipAndSeesAChangedRoleAtOnce()
    {
        await using (var db = Db.CreateDbContext())
        {
            Assert.Equal(PartnershipRole.Contributor, await db.RoleOfAsync(_partnershipA, _anna, Ct));
            Assert.Null(await db.RoleOfAsync(_partnershipB, _anna, Ct));
            Assert.Null(await db.RoleOfAsync(_partnershipA, null, Ct));
        }

        await using (var db = Db.CreateDbContext())
        {
            await db.Memberships.Where(m => m.PartnershipId == _partnershipA && m.UserId == _anna)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, PartnershipRole.Observer), Ct);
        }

        var result = await NewGoalService().SaveFieldAsync(_anna, _partnershipA, _goalOfA, GoalField.Title, "Alpha goal", "Changed", Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal("Alpha goal", Db.Read(db => db.Goals.Single(g => g.Id == _goalOfA).Title));
    }

    [Fact]
    public async Task Save_ForgedIdsAreNotFoundAndAnObserverIsForbiddenEvenForAGoalThatIsNotThere()
    {
        var goals = NewGoalService();

        var otherGoal = await goals.SaveFieldAsync(_anna, _partnershipA, _goalOfB, GoalField.Title, "Beta goal", "Taken", Ct);
        var otherPartnership = await goals.SaveFieldAsync(_anna, _partnershipB, _goalOfB, GoalField.Title, "Beta goal", "Taken", Ct);
        var observer = await goals.SaveFieldAsync(_olga, _partnershipA, Guid.NewGuid(), GoalField.Title, "", "Taken", Ct);

        Assert.Equal(ErrorKind.NotFound, otherGoal.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, otherPartnership.Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, observer.Error?.Kind);
        Assert.Equal("Beta goal", Db.Read(db => db.Goals.Single(g => g.Id == _goalOfB).Title));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task Save_ReturnsAndPublishesTheSameSummaryAsTheGoalsList()
    {
        var lead = Db.AddOrganisation("Riverside Council", Sector.Public);
        var partner = Db.AddOrganisation("Tidewater Trust", Sector.CivilSociety);
        var rising = Db.AddIndicator(_goalOfA, "Volunteers", baseline: 0, target: 100);
        var falling = Db.AddIndicator(_goalOfA, "Complaints", baseline: 50, target: 10, IndicatorDirection.Decrease);
        Db.AddIndicator(_goalOfA, "Not measured yet", baseline: 0, target: 1);
        var asOf = new DateOnly(2026, 3, 1);
        using (var db = Db.CreateDbContext())
        {
            // Two check-ins on the same date: the one recorded later counts.
            db.CheckIns.AddRange(
                new CheckIn { Id = Guid.NewGuid(), IndicatorId = rising, Value = 20, AsOf = asOf.AddMonths(-1), RecordedUtc = UtcNow, RecordedByUserId = _anna },
                new CheckIn { Id = Guid.NewGuid(), IndicatorId = rising, Value = 40, AsOf = asOf, RecordedUtc = UtcNow, RecordedByUserId = _anna },
                new CheckIn { Id = Guid.NewGuid(), IndicatorId = rising, Value = 60, AsOf = asOf, RecordedUtc = UtcNow.AddMinutes(1), RecordedByUserId = _anna },
                new CheckIn { Id = Guid.NewGuid(), IndicatorId = falling, Value = 30, AsOf = asOf, RecordedUtc = UtcNow, RecordedByUserId = _anna });
            db.GoalContributions.Add(new GoalContribution { Id = Guid.NewGuid(), GoalId = _goalOfA, OrganisationId = partner, Commitment = "Data." });
            db.SaveChanges();
        }

        var goals = NewGoalService();
        Assert.True((await goals.SaveFieldAsync(_anna, _partnershipA, _goalOfA, GoalField.LeadOrganisation, null, lead.ToString(), Ct)).Value!.Saved);
        Assert.True((await goals.SaveFieldAsync(_anna, _partnershipA, _goalOfA, GoalField.Owner, null, _anna, Ct)).Value!.Saved);
        var saved = await goals.SaveFieldAsync(_anna, _partnershipA, _goalOfA, GoalField.Title, "Alpha goal", "Alpha goal, measured", Ct);

        var listed = Assert.Single((await goals.ListAsync(_anna, _partnershipA, Ct)).Value!.Goals);
        var summary = saved.Value!.Goal;
        Assert.Equivalent(listed, summary, strict: true);
        Assert.Equal(("Riverside Council", Sector.Public, "Anna Alpha", 3, "Alpha goal, measured"),
            (summary.LeadOrganisationName, summary.LeadSector, summary.OwnerName, summary.IndicatorCount, summary.Title));
        Assert.Equal((0.6 + 0.5) / 2, summary.Progress!.Value, precision: 6);
        Assert.Equivalent(listed, Assert.IsType<GoalSaved>(Events.Published[^1]).Goal, strict: true);
    }

    [Fact]
    public async Task Save_ATitleTakesOneReadForTheCheckOneWriteTwoForTheAuditChainAndThreeReadsForTheSummary()
    {
        var goals = NewGoalService();
        await goals.SaveFieldAsync(_anna, _partnershipA, _goalOfA, GoalField.Title, "Alpha goal", "Warm", Ct);
        Db.Commands.Reset();

        var saved = await goals.SaveFieldAsync(_anna, _partnershipA, _goalOfA, GoalField.Title, "Warm", "Counted", Ct);

        Assert.True(saved.Value!.Saved);
        // The goal's revision moves on in the same UPDATE as the title; the audit chain's head costs two
        // commands more (locked and read before the record is written, moved on after).
        Assert.InRange(Db.Commands.Count, 7, 8);
        Assert.Equal(2, Db.Read(db => db.ChangeRecords.Count(c => c.GoalId == _goalOfA)));
    }
}
