using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

/// <summary>Indicators measure a goal: their numbers must make sense, and their check-ins drive the goal's progress.</summary>
public sealed class IndicatorServiceTests : ServiceTestBase
{
    private const string NumberLimit = "must be a number between -1,000,000,000,000 and 1,000,000,000,000.";

    private readonly string _anna;
    private readonly string _ben;
    private readonly Guid _tidewater;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public IndicatorServiceTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _tidewater = Db.AddOrganisation("Tidewater Trust", Sector.CivilSociety);
        _ben = Db.AddPerson("Ben Baker", organisationId: _tidewater);
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
    }

    [Fact]
    public async Task Add_StoresTheIndicatorWithItsMilestonesAndPublishesAfterCommit()
    {
        var committedWhenPublished = new List<bool>();
        Events.OnPublish = _ => committedWhenPublished.Add(!Db.HasOpenTransaction && Db.Read(db => db.Indicators.Count()) == 1);

        var result = await NewIndicatorService().AddAsync(_anna, _partnership, _goal, Input(milestones: [(new DateOnly(2027, 1, 1), 30)]), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(("Fish counted", 10.0, 50.0, 1L), (result.Value!.Name, result.Value.Baseline, result.Value.Target, result.Value.Version));
        Assert.Equal([new MilestoneView(new DateOnly(2027, 1, 1), 30)], result.Value.Milestones);
        var published = Assert.IsType<IndicatorSaved>(Assert.Single(Events.Published));
        Assert.Equal(1, published.Goal.IndicatorCount);
        Assert.Equal([true], committedWhenPublished);
    }

    public static TheoryData<IndicatorDirection, double, double, string> TargetsOnTheWrongSide => new()
    {
        { IndicatorDirection.Increase, 10, 10, "For an indicator that should increase, the target must be above the baseline." },
        { IndicatorDirection.Increase, 10, 5, "For an indicator that should increase, the target must be above the baseline." },
        { IndicatorDirection.Decrease, 10, 10, "For an indicator that should decrease, the target must be below the baseline." },
        { IndicatorDirection.Decrease, 10, 15, "For an indicator that should decrease, the target must be below the baseline." },
    };

    [Theory]
    [MemberData(nameof(TargetsOnTheWrongSide))]
    public async Task TargetOnTheWrongSideOfTheBaseline_IsRefused(IndicatorDirection direction, double baseline, double target, string message)
    {
        var result = await NewIndicatorService().AddAsync(_anna, _partnership, _goal, Input(baseline, target, direction), Ct);

        AssertRefused(result, nameof(IndicatorInput.Target), message);
    }

    [Fact]
    public async Task MaintainWithTargetEqualToBaseline_IsAccepted()
    {
        var result = await NewIndicatorService().AddAsync(_anna, _partnership, _goal, Input(10, 10, IndicatorDirection.Maintain), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    public static TheoryData<double> UnusableNumbers => [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e13, -1e13];

    [Theory]
    [MemberData(nameof(UnusableNumbers))]
    public async Task UnusableBaseline_IsRefusedNamingTheLimit(double baseline)
    {
        var result = await NewIndicatorService().AddAsync(_anna, _partnership, _goal, Input(baseline: baseline), Ct);

        AssertRefused(result, nameof(IndicatorInput.Baseline), $"Baseline {NumberLimit}");
    }

    [Theory]
    [MemberData(nameof(UnusableNumbers))]
    public async Task UnusableTarget_IsRefusedNamingTheLimit(double target)
    {
        var result = await NewIndicatorService().AddAsync(_anna, _partnership, _goal, Input(target: target), Ct);

        AssertRefused(result, nameof(IndicatorInput.Target), $"Target {NumberLimit}");
    }

    [Fact]
    public async Task NumbersAtTheLimit_AreAccepted()
    {
        var result = await NewIndicatorService().AddAsync(_anna, _partnership, _goal, Input(baseline: -1e12, target: 1e12), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Fact]
    public async Task MissingBaseline_IsRefused()
    {
        var input = Input();
        input.Baseline = null;

        var result = await NewIndicatorService().AddAsync(_anna, _partnership, _goal, input, Ct);

        AssertRefused(result, nameof(IndicatorInput.Baseline), "Enter the baseline as a number.");
    }

    [Fact]
    public async Task UpdateFromAStaleVersion_IsAConflictAndChangesNothing()
    {
        var indicators = NewIndicatorService();
        var added = (await indicators.AddAsync(_anna, _partnership, _goal, Input(), Ct)).Value!;
        var first = await indicators.UpdateAsync(_anna, _partnership, added.Id, Input(name: "Salmon counted", version: added.Version), Ct);
        Events.Clear();
        var recordsBefore = Db.Read(db => db.ChangeRecords.Count());

        var second = await indicators.UpdateAsync(_ben, _partnership, added.Id, Input(name: "Trout counted", version: added.Version), Ct);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal(ErrorKind.Conflict, second.Error?.Kind);
        var stored = Db.Read(db => db.Indicators.Single());
        Assert.Equal(("Salmon counted", 2L), (stored.Name, stored.Version));
        Assert.Equal(recordsBefore, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task Update_RecordsEachChangedPartAndPublishes()
    {
        var indicators = NewIndicatorService();
        var added = (await indicators.AddAsync(_anna, _partnership, _goal, Input(), Ct)).Value!;
        Events.Clear();

        var result = await indicators.UpdateAsync(_anna, _partnership, added.Id, Input(name: "Salmon counted", target: 80, version: added.Version), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(("Salmon counted", 80.0, 2L), (result.Value!.Name, result.Value.Target, result.Value.Version));
        Assert.Equal(
            [("Name", (string?)"Fish counted", (string?)"Salmon counted"), ("Target", "50", "80")],
            Db.Read(db => db.ChangeRecords.Where(c => c.Field != "Created").OrderBy(c => c.Field)
                .Select(c => ValueTuple.Create(c.Field, c.OldValue, c.NewValue)).ToList()));
        Assert.IsType<IndicatorSaved>(Assert.Single(Events.Published));
    }

    [Fact]
    public async Task UpdateThatAddsAMilestone_StoresIt()
    {
        var indicators = NewIndicatorService();
        var added = (await indicators.AddAsync(_anna, _partnership, _goal, Input(milestones: [(new DateOnly(2027, 1, 1), 30)]), Ct)).Value!;

        var result = await indicators.UpdateAsync(_anna, _partnership, added.Id,
            Input(version: added.Version, milestones: [(new DateOnly(2027, 1, 1), 30), (new DateOnly(2028, 1, 1), 40)]), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal([new MilestoneView(new DateOnly(2027, 1, 1), 30), new MilestoneView(new DateOnly(2028, 1, 1), 40)], result.Value!.Milestones);
        Assert.Equal(2, Db.Read(db => db.IndicatorMilestones.Count()));
    }

    [Fact]
    public async Task UpdateThatRemovesAMilestone_DeletesIt()
    {
        var indicators = NewIndicatorService();
        var added = (await indicators.AddAsync(_anna, _partnership, _goal,
            Input(milestones: [(new DateOnly(2027, 1, 1), 30), (new DateOnly(2028, 1, 1), 40)]), Ct)).Value!;

        var result = await indicators.UpdateAsync(_anna, _partnership, added.Id, Input(version: added.Version, milestones: [(new DateOnly(2028, 1, 1), 40)]), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal([new MilestoneView(new DateOnly(2028, 1, 1), 40)], result.Value!.Milestones);
        Assert.Equal(1, Db.Read(db => db.IndicatorMilestones.Count()));
    }

    public static TheoryData<DateOnly> OutOfRangeCheckInDates => [new DateOnly(2026, 3, 4), new DateOnly(2030, 1, 1), new DateOnly(1999, 12, 31)];

    [Theory]
    [MemberData(nameof(OutOfRangeCheckInDates))]
    public async Task CheckInAfterTomorrowOrBefore2000_IsRefused(DateOnly asOf)
    {
        var indicator = Db.AddIndicator(_goal, "Fish counted", baseline: 10, target: 50);

        var result = await NewIndicatorService().RecordCheckInAsync(_anna, _partnership, indicator, new CheckInInput { Value = 20, AsOf = asOf }, Ct);

        AssertRefused(result, nameof(CheckInInput.AsOf), "The measurement date must be between 1 January 2000 and today.");
        Assert.Equal(0, Db.Read(db => db.CheckIns.Count()));
    }

    public static TheoryData<DateOnly> AcceptedCheckInDates => [new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 2), new DateOnly(2000, 1, 1)];

    [Theory]
    [MemberData(nameof(AcceptedCheckInDates))]
    public async Task CheckInFromTomorrowBackTo2000_IsStored(DateOnly asOf)
    {
        var indicator = Db.AddIndicator(_goal, "Fish counted", baseline: 10, target: 50);

        var result = await NewIndicatorService().RecordCheckInAsync(_anna, _partnership, indicator, new CheckInInput { Value = 20, AsOf = asOf }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var stored = Db.Read(db => db.CheckIns.Single());
        Assert.Equal((20.0, asOf, _anna), (stored.Value, stored.AsOf, stored.RecordedByUserId));
        Assert.Equal("Anna Archer", result.Value!.Latest!.RecordedByName);
    }

    [Theory]
    [MemberData(nameof(UnusableNumbers))]
    public async Task CheckInWithAnUnusableValue_IsRefused(double value)
    {
        var indicator = Db.AddIndicator(_goal, "Fish counted", baseline: 10, target: 50);

        var result = await NewIndicatorService().RecordCheckInAsync(_anna, _partnership, indicator, new CheckInInput { Value = value, AsOf = new DateOnly(2026, 3, 1) }, Ct);

        AssertRefused(result, nameof(CheckInInput.Value), $"Value {NumberLimit}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public async Task ConfidenceOutsideOneToFive_IsRefused(int level)
    {
        var indicator = Db.AddIndicator(_goal, "Fish counted", baseline: 10, target: 50);

        var result = await NewIndicatorService().RecordConfidenceAsync(_ben, _partnership, indicator, level, null, Ct);

        AssertRefused(result, "Level", "Choose a confidence from 1 (very low) to 5 (very high).");
        Assert.Equal(0, Db.Read(db => db.ConfidenceRecords.Count()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Confidence_IsRecordedForTheCallersOrganisation(int level)
    {
        var indicator = Db.AddIndicator(_goal, "Fish counted", baseline: 10, target: 50);

        var result = await NewIndicatorService().RecordConfidenceAsync(_ben, _partnership, indicator, level, " Funding agreed. ", Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var confidence = Assert.Single(result.Value!.CurrentConfidences);
        Assert.Equal((_tidewater, "Tidewater Trust", level, "Funding agreed.", "Ben Baker"),
            (confidence.OrganisationId, confidence.OrganisationName, confidence.Level, confidence.Comment, confidence.RecordedByName));
    }

    [Fact]
    public async Task ConfidenceOfAnotherOrganisation_IsKeptSeparately()
    {
        var indicator = Db.AddIndicator(_goal, "Fish counted", baseline: 10, target: 50);
        var indicators = NewIndicatorService();
        await indicators.RecordConfidenceAsync(_ben, _partnership, indicator, 2, null, Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await indicators.RecordConfidenceAsync(_anna, _partnership, indicator, 4, null, Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await indicators.RecordConfidenceAsync(_ben, _partnership, indicator, 3, null, Ct);

        Assert.Equal([(TestData.DefaultOrganisationName, 4), ("Tidewater Trust", 3)],
            result.Value!.CurrentConfidences.Select(c => (c.OrganisationName, c.Level)));
    }

    [Fact]
    public async Task GoalSummaryProgress_ReflectsTheLatestCheckInByDate()
    {
        var indicator = Db.AddIndicator(_goal, "Fish counted", baseline: 10, target: 20);
        var indicators = NewIndicatorService();
        await indicators.RecordCheckInAsync(_anna, _partnership, indicator, new CheckInInput { Value = 12, AsOf = new DateOnly(2026, 2, 1) }, Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await indicators.RecordCheckInAsync(_anna, _partnership, indicator, new CheckInInput { Value = 15, AsOf = new DateOnly(2026, 3, 1) }, Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Events.Clear();

        // Recorded last but measured earliest: not the latest value.
        await indicators.RecordCheckInAsync(_ben, _partnership, indicator, new CheckInInput { Value = 19, AsOf = new DateOnly(2026, 1, 1) }, Ct);

        var summary = Assert.Single((await NewGoalService().ListAsync(_anna, _partnership, Ct)).Value!.Goals);
        Assert.Equal(0.5, summary.Progress);
        Assert.Equal(0.5, Assert.IsType<IndicatorSaved>(Assert.Single(Events.Published)).Goal.Progress);
        Assert.Equal(15, Assert.Single((await NewGoalService().GetAsync(_anna, _partnership, _goal, Ct)).Value!.Indicators).Latest!.Value);
    }

    [Fact]
    public async Task GoalSummaryProgress_AveragesOnlyMeasuredIndicators()
    {
        var measured = Db.AddIndicator(_goal, "Fish counted", baseline: 10, target: 20);
        Db.AddIndicator(_goal, "Nitrate level", baseline: 40, target: 20, IndicatorDirection.Decrease);

        var result = await NewIndicatorService().RecordCheckInAsync(_anna, _partnership, measured, new CheckInInput { Value = 30, AsOf = new DateOnly(2026, 3, 1) }, Ct);

        var summary = Assert.IsType<IndicatorSaved>(Assert.Single(Events.Published)).Goal;
        Assert.Equal((1.0, 2), (summary.Progress, summary.IndicatorCount));
        Assert.Equal(2.0, result.Value!.Progress);
    }

    private static IndicatorInput Input(double baseline = 10, double target = 50, IndicatorDirection direction = IndicatorDirection.Increase,
        string name = "Fish counted", long version = 0, (DateOnly Date, double Target)[]? milestones = null) => new()
        {
            Name = name,
            Unit = "fish",
            Baseline = baseline,
            Target = target,
            Direction = direction,
            Version = version,
            Milestones = [.. (milestones ?? []).Select(m => new MilestoneInput { Date = m.Date, TargetValue = m.Target })],
        };

    private void AssertRefused(Result result, string field, string message)
    {
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(message, result.Error!.For(field));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }
}
