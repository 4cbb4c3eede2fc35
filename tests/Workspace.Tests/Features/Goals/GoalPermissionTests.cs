using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

public enum GoalAction
{
    CreateGoal,
    SaveField,
    Restore,
    SetContribution,
    RemoveContribution,
    AddIndicator,
    UpdateIndicator,
    RecordCheckIn,
    RecordConfidence,
    SaveDraft,
}

/// <summary>Facilitators and contributors change goals; observers only look; non-members see nothing.</summary>
public sealed class GoalPermissionTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _actor;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly Guid _indicator;
    private readonly Guid _organisation;
    private readonly long _titleChange;
    private readonly string _initial;

    public GoalPermissionTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _actor = Db.AddPerson("Alex Actor");
        _partnership = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
        _indicator = Db.AddIndicator(_goal, "Nitrate level", baseline: 40, target: 20, IndicatorDirection.Decrease);
        _organisation = Db.AddOrganisation("Tidewater Trust", Sector.CivilSociety);
        using var db = Db.CreateDbContext();
        db.GoalContributions.Add(new GoalContribution { Id = Guid.NewGuid(), GoalId = _goal, OrganisationId = _organisation, Commitment = "Monthly sampling." });
        db.Record(_partnership, _fran, UtcNow, nameof(Goal), _goal, nameof(GoalField.Title), "Reduce river pollution", "Halve river pollution", _goal);
        db.SaveChanges();
        _titleChange = db.ChangeRecords.Single().Id;
        _initial = Snapshot();
    }

    public static TheoryData<GoalAction> AllActions => [.. Enum.GetValues<GoalAction>()];

    public static TheoryData<PartnershipRole, GoalAction> EditorsWithEveryAction
    {
        get
        {
            var data = new TheoryData<PartnershipRole, GoalAction>();
            foreach (var role in new[] { PartnershipRole.Facilitator, PartnershipRole.Contributor })
            {
                foreach (var action in Enum.GetValues<GoalAction>())
                {
                    data.Add(role, action);
                }
            }

            return data;
        }
    }

    public static TheoryData<PartnershipRole> AllRoles => [.. Enum.GetValues<PartnershipRole>()];

    [Theory]
    [MemberData(nameof(EditorsWithEveryAction))]
    public async Task FacilitatorOrContributor_MayDoEveryGoalAction(PartnershipRole role, GoalAction action)
    {
        Db.AddMember(_partnership, _actor, role);

        var result = await RunAsync(action);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.NotEqual(Snapshot(), _initial);
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task Observer_IsForbiddenAndNothingChanges(GoalAction action)
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Observer);
        var before = Snapshot();

        var result = await RunAsync(action);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Contains("Only contributors and facilitators can", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.Empty(Events.Published);
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task NonMember_GetsNotFoundAndNothingChanges(GoalAction action)
    {
        var before = Snapshot();

        var result = await RunAsync(action);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        Assert.Equal(before, Snapshot());
        Assert.Empty(Events.Published);
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task AnyMember_MayReadGoalsAndTheirHistory(PartnershipRole role)
    {
        Db.AddMember(_partnership, _actor, role);
        var goals = NewGoalService();

        var list = await goals.ListAsync(_actor, _partnership, Ct);
        var detail = await goals.GetAsync(_actor, _partnership, _goal, Ct);
        var history = await goals.HistoryAsync(_actor, _partnership, _goal, Ct);

        Assert.Equal(["Halve river pollution"], list.Value!.Goals.Select(g => g.Title));
        Assert.Equal(role, list.Value.MyRole);
        Assert.Equal("Nitrate level", Assert.Single(detail.Value!.Indicators).Name);
        Assert.Equal(_titleChange, Assert.Single(history.Value!).Id);
    }

    [Fact]
    public async Task NonMember_CannotReadGoalsOrTheirHistory()
    {
        var goals = NewGoalService();

        Result[] results =
        [
            await goals.ListAsync(_actor, _partnership, Ct),
            await goals.GetAsync(_actor, _partnership, _goal, Ct),
            await goals.HistoryAsync(_actor, _partnership, _goal, Ct),
        ];

        Assert.All(results, r => Assert.Equal(ErrorKind.NotFound, r.Error?.Kind));
        Assert.Empty(await NewDraftService().ListAsync(_actor, _partnership, _goal, Ct));
    }

    [Theory]
    [InlineData(GoalAction.CreateGoal, typeof(GoalSaved))]
    [InlineData(GoalAction.SaveField, typeof(GoalSaved))]
    [InlineData(GoalAction.Restore, typeof(GoalSaved))]
    [InlineData(GoalAction.SetContribution, typeof(GoalContributionsChanged))]
    [InlineData(GoalAction.RemoveContribution, typeof(GoalContributionsChanged))]
    [InlineData(GoalAction.AddIndicator, typeof(IndicatorSaved))]
    [InlineData(GoalAction.UpdateIndicator, typeof(IndicatorSaved))]
    [InlineData(GoalAction.RecordCheckIn, typeof(IndicatorSaved))]
    [InlineData(GoalAction.RecordConfidence, typeof(IndicatorSaved))]
    public async Task Change_PublishesOneEventAfterCommit(GoalAction action, Type eventType)
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Contributor);
        var committedWhenPublished = new List<bool>();
        Events.OnPublish = _ => committedWhenPublished.Add(!Db.HasOpenTransaction && Snapshot() != _initial);

        await RunAsync(action);

        var published = Assert.Single(Events.Published);
        Assert.IsType(eventType, published);
        Assert.Equal((_partnership, _actor), (published.PartnershipId, published.ActorUserId));
        Assert.Equal([true], committedWhenPublished);
    }

    [Fact]
    public async Task SavingADraft_PublishesNothing()
    {
        Db.AddMember(_partnership, _actor, PartnershipRole.Contributor);

        await RunAsync(GoalAction.SaveDraft);

        Assert.Empty(Events.Published);
    }

    private async Task<Result> RunAsync(GoalAction action)
    {
        var goals = NewGoalService();
        var indicators = NewIndicatorService();
        return action switch
        {
            GoalAction.CreateGoal => await goals.CreateAsync(_actor, _partnership, new NewGoalInput { Title = "Restore wetlands" }, Ct),
            GoalAction.SaveField => await goals.SaveFieldAsync(_actor, _partnership, _goal, GoalField.Title, "Halve river pollution", "Cut river pollution by half", Ct),
            GoalAction.Restore => await goals.RestoreAsync(_actor, _partnership, _goal, _titleChange, Ct),
            GoalAction.SetContribution => await goals.SetContributionAsync(_actor, _partnership, _goal, _organisation, "Weekly sampling.", Ct),
            GoalAction.RemoveContribution => await goals.RemoveContributionAsync(_actor, _partnership, _goal, _organisation, Ct),
            GoalAction.AddIndicator => await indicators.AddAsync(_actor, _partnership, _goal,
                new IndicatorInput { Name = "Fish counted", Baseline = 10, Target = 50 }, Ct),
            GoalAction.UpdateIndicator => await indicators.UpdateAsync(_actor, _partnership, _indicator,
                new IndicatorInput { Name = "Nitrate (mg/l)", Baseline = 40, Target = 20, Direction = IndicatorDirection.Decrease, Version = 1 }, Ct),
            GoalAction.RecordCheckIn => await indicators.RecordCheckInAsync(_actor, _partnership, _indicator,
                new CheckInInput { Value = 35, AsOf = new DateOnly(2026, 3, 1) }, Ct),
            GoalAction.RecordConfidence => await indicators.RecordConfidenceAsync(_actor, _partnership, _indicator, 4, "Funding agreed.", Ct),
            GoalAction.SaveDraft => await NewDraftService().SaveAsync(_actor, _partnership, _goal, GoalField.Description, "Half-typed", "", Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    private string Snapshot() => Db.Read(db => string.Join(" | ",
        string.Join(",", db.Goals.OrderBy(g => g.Title).Select(g => g.Title + ":" + g.Status + ":" + g.Version)),
        string.Join(",", db.GoalContributions.OrderBy(c => c.Commitment).Select(c => c.Commitment + ":" + c.Version)),
        string.Join(",", db.Indicators.OrderBy(i => i.Name).Select(i => i.Name + ":" + i.Version)),
        db.CheckIns.Count(),
        db.ConfidenceRecords.Count(),
        db.GoalDrafts.Count(),
        db.ChangeRecords.Count()));
}
