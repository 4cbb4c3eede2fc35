using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

/// <summary>A save that breaks a rule is refused with a message on the field, and leaves no trace.</summary>
public sealed class GoalValidationTests : ServiceTestBase
{
    private readonly string _anna;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public GoalValidationTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
    }

    public static TheoryData<GoalField, string?, string> InvalidValues => new()
    {
        { GoalField.Title, "", "Title is required." },
        { GoalField.Title, "   ", "Title is required." },
        { GoalField.Title, null, "Title is required." },
        { GoalField.Title, new string('t', 201), "Title must be 200 characters or fewer (it has 201)." },
        { GoalField.Description, new string('d', 20_001), "Description must be 20000 characters or fewer (it has 20001)." },
        { GoalField.Status, "Finished", "Choose a status from the list." },
        { GoalField.Status, "99", "Choose a status from the list." },
        { GoalField.Status, "1", "Choose a status from the list." },
        { GoalField.Status, "OnTrack, AtRisk", "Choose a status from the list." },
        { GoalField.Status, "", "Choose a status from the list." },
        { GoalField.DueDate, "1999-12-31", "Enter a due date between the years 2000 and 2100." },
        { GoalField.DueDate, "2101-01-01", "Enter a due date between the years 2000 and 2100." },
        { GoalField.DueDate, "2026-02-30", "Enter a real date, like 31/03/2027." },
        { GoalField.DueDate, "next week", "Enter a real date, like 31/03/2027." },
        { GoalField.LeadOrganisation, Guid.Empty.ToString(), "Choose the lead organisation from the list." },
        { GoalField.Owner, "someone-else", "Choose the owner from the partnership's members." },
        { GoalField.Parent, "not-a-goal", "Choose a parent goal from this partnership." },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task InvalidValue_IsRefusedOnTheFieldAndLeavesNoTrace(GoalField field, string? value, string message)
    {
        var result = await SaveAsync(field, value);

        AssertRefused(result, field, message);
    }

    [Fact]
    public async Task OwnerWhoIsNotAMember_IsRefused()
    {
        var outsider = Db.AddPerson("Olly Outsider");

        var result = await SaveAsync(GoalField.Owner, outsider);

        AssertRefused(result, GoalField.Owner, "Choose the owner from the partnership's members.");
    }

    [Fact]
    public async Task ParentFromAnotherPartnership_IsRefused()
    {
        var otherGoal = Db.AddGoal(Db.AddPartnership("Forests"), "Plant trees");

        var result = await SaveAsync(GoalField.Parent, otherGoal.ToString());

        AssertRefused(result, GoalField.Parent, "Choose a parent goal from this partnership.");
    }

    [Fact]
    public async Task GoalAsItsOwnParent_IsRefused()
    {
        var result = await SaveAsync(GoalField.Parent, _goal.ToString());

        AssertRefused(result, GoalField.Parent, "A goal cannot sit under itself or under one of its own sub-goals.");
    }

    [Fact]
    public async Task ParentThatIsASubGoalOfASubGoal_IsRefused()
    {
        var child = Db.AddGoal(_partnership, "Fix sewage outflows", parentGoalId: _goal);
        var grandchild = Db.AddGoal(_partnership, "Survey outflows", parentGoalId: child);

        var result = await SaveAsync(GoalField.Parent, grandchild.ToString());

        AssertRefused(result, GoalField.Parent, "A goal cannot sit under itself or under one of its own sub-goals.");
    }

    public static TheoryData<GoalField, string> ValuesAtTheLimits => new()
    {
        { GoalField.Title, new string('t', 200) },
        { GoalField.Description, new string('d', 20_000) },
        { GoalField.DueDate, "2000-01-01" },
        { GoalField.DueDate, "2100-12-31" },
        { GoalField.Status, nameof(GoalStatus.Dropped) },
    };

    [Theory]
    [MemberData(nameof(ValuesAtTheLimits))]
    public async Task ValueAtTheLimit_IsSaved(GoalField field, string value)
    {
        var result = await SaveAsync(field, value);

        Assert.True(result.Value?.Saved, result.Error?.Message);
        Assert.Equal(1, Db.Read(db => db.ChangeRecords.Count()));
    }

    public static TheoryData<NewGoalInput, string, string> InvalidNewGoals => new()
    {
        { new NewGoalInput { Title = " " }, nameof(NewGoalInput.Title), "Title is required." },
        { new NewGoalInput { Title = new string('t', 201) }, nameof(NewGoalInput.Title), "Title must be 200 characters or fewer (it has 201)." },
        { new NewGoalInput { Title = "Goal", Status = (GoalStatus)99 }, nameof(NewGoalInput.Status), "Choose a valid status." },
        { new NewGoalInput { Title = "Goal", DueDate = new DateOnly(1999, 12, 31) }, nameof(NewGoalInput.DueDate), "Enter a due date between the years 2000 and 2100." },
        { new NewGoalInput { Title = "Goal", DueDate = new DateOnly(2101, 1, 1) }, nameof(NewGoalInput.DueDate), "Enter a due date between the years 2000 and 2100." },
        { new NewGoalInput { Title = "Goal", ParentGoalId = Guid.NewGuid() }, nameof(NewGoalInput.ParentGoalId), "Choose a parent goal from this partnership." },
        { new NewGoalInput { Title = "Goal", LeadOrganisationId = Guid.NewGuid() }, nameof(NewGoalInput.LeadOrganisationId), "Choose the lead organisation from the list." },
    };

    [Theory]
    [MemberData(nameof(InvalidNewGoals))]
    public async Task CreateWithInvalidInput_IsRefusedAndStoresNothing(NewGoalInput input, string field, string message)
    {
        var result = await NewGoalService().CreateAsync(_anna, _partnership, input, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(message, result.Error!.For(field));
        Assert.Equal(1, Db.Read(db => db.Goals.Count()));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task Create_StoresTheGoalOwnedByTheCreatorAndRecordsIt()
    {
        var result = await NewGoalService().CreateAsync(_anna, _partnership,
            new NewGoalInput { Title = " Restore wetlands ", ParentGoalId = _goal, DueDate = new DateOnly(2028, 6, 30) }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(("Restore wetlands", _goal, _anna, "Anna Archer", 1L),
            (result.Value!.Title, result.Value.ParentGoalId, result.Value.OwnerUserId, result.Value.OwnerName, result.Value.Version));
        var record = Assert.Single(Db.Read(db => db.ChangeRecords.ToList()));
        Assert.Equal(("Goal", "Created", "Restore wetlands"), (record.EntityType, record.Field, record.NewValue));
        Assert.Null(Assert.IsType<GoalSaved>(Assert.Single(Events.Published)).Field);
    }

    private async Task<Result<FieldSave>> SaveAsync(GoalField field, string? value)
    {
        var original = Db.Read(db => GoalService.Read(db.Goals.Single(g => g.Id == _goal), field));
        return await NewGoalService().SaveFieldAsync(_anna, _partnership, _goal, field, original, value, Ct);
    }

    private void AssertRefused(Result<FieldSave> result, GoalField field, string message)
    {
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(message, result.Error!.For(field.ToString()));
        var stored = Db.Read(db => db.Goals.Single(g => g.Id == _goal));
        Assert.Equal(("Halve river pollution", "", GoalStatus.NotStarted, null, null, 1L),
            (stored.Title, stored.Description, stored.Status, stored.DueDate, stored.ParentGoalId, stored.Version));
        Assert.Null(stored.OwnerUserId);
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }
}
