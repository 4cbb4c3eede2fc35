using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

/// <summary>
/// A contributor of partnership A cannot reach B's goals, indicators or history by sending B's ids
/// while naming A: every such call is "not found" and changes nothing.
/// </summary>
public sealed class GoalForgedCallTests : ServiceTestBase
{
    private readonly string _annaOfA;
    private readonly Guid _partnershipA;
    private readonly Guid _goalOfA;
    private readonly Guid _goalOfB;
    private readonly Guid _indicatorOfB;
    private readonly Guid _organisation;
    private readonly long _changeOfB;
    private readonly string _initialB;

    public GoalForgedCallTests()
    {
        _annaOfA = Db.AddPerson("Anna Alpha");
        var bob = Db.AddPerson("Bob Beta");
        _partnershipA = Db.AddPartnership("Alpha", (_annaOfA, PartnershipRole.Facilitator));
        var partnershipB = Db.AddPartnership("Beta", (bob, PartnershipRole.Facilitator));
        _goalOfA = Db.AddGoal(_partnershipA, "Alpha goal");
        _goalOfB = Db.AddGoal(partnershipB, "Beta goal");
        _indicatorOfB = Db.AddIndicator(_goalOfB, "Beta indicator", baseline: 0, target: 10);
        _organisation = Db.AddOrganisation("Tidewater Trust");
        using var db = Db.CreateDbContext();
        db.GoalContributions.Add(new GoalContribution { Id = Guid.NewGuid(), GoalId = _goalOfB, OrganisationId = _organisation, Commitment = "Data." });
        db.Record(partnershipB, bob, UtcNow, nameof(Goal), _goalOfB, nameof(GoalField.Title), "Alpha goal", "Beta goal", _goalOfB);
        db.SaveChanges();
        _changeOfB = db.ChangeRecords.Single().Id;
        _initialB = SnapshotOfB();
    }

    [Fact]
    public async Task GoalIdOfBWhileNamingA_IsNotFoundForEveryGoalAction()
    {
        var goals = NewGoalService();
        var anna = _annaOfA;

        Result[] results =
        [
            await goals.GetAsync(anna, _partnershipA, _goalOfB, Ct),
            await goals.HistoryAsync(anna, _partnershipA, _goalOfB, Ct),
            await goals.SaveFieldAsync(anna, _partnershipA, _goalOfB, GoalField.Title, "Beta goal", "Taken over", Ct),
            await goals.RestoreAsync(anna, _partnershipA, _goalOfB, _changeOfB, Ct),
            await goals.SetContributionAsync(anna, _partnershipA, _goalOfB, _organisation, "Hijacked.", Ct),
            await goals.RemoveContributionAsync(anna, _partnershipA, _goalOfB, _organisation, Ct),
            await NewIndicatorService().AddAsync(anna, _partnershipA, _goalOfB, new IndicatorInput { Name = "Spy", Baseline = 0, Target = 1 }, Ct),
            await NewDraftService().SaveAsync(anna, _partnershipA, _goalOfB, GoalField.Description, "Draft", "", Ct),
        ];

        Assert.All(results, r => Assert.Equal(ErrorKind.NotFound, r.Error?.Kind));
        Assert.Empty(await NewDraftService().ListAsync(anna, _partnershipA, _goalOfB, Ct));
        AssertBUnchanged();
    }

    [Fact]
    public async Task IndicatorIdOfBWhileNamingA_IsNotFoundForEveryIndicatorAction()
    {
        var indicators = NewIndicatorService();
        var anna = _annaOfA;

        Result[] results =
        [
            await indicators.UpdateAsync(anna, _partnershipA, _indicatorOfB, new IndicatorInput { Name = "Spy", Baseline = 0, Target = 1, Version = 1 }, Ct),
            await indicators.RecordCheckInAsync(anna, _partnershipA, _indicatorOfB, new CheckInInput { Value = 5, AsOf = new DateOnly(2026, 3, 1) }, Ct),
            await indicators.RecordConfidenceAsync(anna, _partnershipA, _indicatorOfB, 1, "", Ct),
        ];

        Assert.All(results, r => Assert.Equal(ErrorKind.NotFound, r.Error?.Kind));
        AssertBUnchanged();
    }

    [Fact]
    public async Task RestoringAChangeOfBOnAGoalOfA_IsNotFound()
    {
        var result = await NewGoalService().RestoreAsync(_annaOfA, _partnershipA, _goalOfA, _changeOfB, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Equal("Alpha goal", Db.Read(db => db.Goals.Single(g => g.Id == _goalOfA).Title));
        AssertBUnchanged();
    }

    [Fact]
    public async Task ParentFromB_IsRefusedWhenCreatingOrMovingAGoalOfA()
    {
        var goals = NewGoalService();

        var created = await goals.CreateAsync(_annaOfA, _partnershipA, new NewGoalInput { Title = "Under Beta", ParentGoalId = _goalOfB }, Ct);
        var moved = await goals.SaveFieldAsync(_annaOfA, _partnershipA, _goalOfA, GoalField.Parent, null, _goalOfB.ToString(), Ct);

        Assert.Equal("Choose a parent goal from this partnership.", created.Error?.For(nameof(NewGoalInput.ParentGoalId)));
        Assert.Equal("Choose a parent goal from this partnership.", moved.Error?.For(nameof(GoalField.Parent)));
        Assert.Null(Db.Read(db => db.Goals.Single(g => g.Id == _goalOfA).ParentGoalId));
        Assert.Equal(2, Db.Read(db => db.Goals.Count()));
        AssertBUnchanged();
    }

    private void AssertBUnchanged()
    {
        Assert.Equal(_initialB, SnapshotOfB());
        Assert.Equal(1, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }

    private string SnapshotOfB() => Db.Read(db => string.Join(" | ",
        db.Goals.Where(g => g.Id == _goalOfB).Select(g => g.Title + ":" + g.Version).Single(),
        db.Indicators.Where(i => i.Id == _indicatorOfB).Select(i => i.Name + ":" + i.Version).Single(),
        string.Join(",", db.GoalContributions.Select(c => c.Commitment + ":" + c.Version)),
        db.CheckIns.Count(),
        db.ConfidenceRecords.Count(),
        db.GoalDrafts.Count()));
}
