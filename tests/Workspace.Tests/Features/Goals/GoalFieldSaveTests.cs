using Workspace.Tests.Support;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

/// <summary>
/// Two people editing one goal: different fields both keep their change; the same field is never
/// silently overwritten, and the loser is told what the winner saved.
/// </summary>
public sealed class GoalFieldSaveTests : ServiceTestBase
{
    private const string StartingTitle = "Halve river pollution";

    private readonly string _anna;
    private readonly string _ben;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public GoalFieldSaveTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _ben = Db.AddPerson("Ben Baker");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, StartingTitle);
    }

    [Fact]
    public async Task Save_StoresTheValueRecordsItAndPublishesAfterCommit()
    {
        var committedWhenPublished = new List<bool>();
        Events.OnPublish = _ => committedWhenPublished.Add(!Db.HasOpenTransaction && StoredTitle() == "Cut river pollution by half");

        var result = await NewGoalService().SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, StartingTitle, "  Cut river pollution by half ", Ct);

        Assert.True(result.Value!.Saved);
        Assert.Equal(("Cut river pollution by half", 2L), (result.Value.Goal.Title, result.Value.Goal.Version));
        var record = Assert.Single(Db.Read(db => db.ChangeRecords.ToList()));
        Assert.Equal(("Title", StartingTitle, "Cut river pollution by half", _anna, _goal), (record.Field, record.OldValue, record.NewValue, record.UserId, record.GoalId));
        var published = Assert.IsType<GoalSaved>(Assert.Single(Events.Published));
        Assert.Equal((GoalField.Title, "Cut river pollution by half", _anna), (published.Field, published.Goal.Title, published.ActorUserId));
        Assert.Equal([true], committedWhenPublished);
    }

    [Fact]
    public async Task SameFieldSavedByBothFromTheSameStart_SecondGetsTheConflictAndNothingIsStoredForThem()
    {
        var goals = NewGoalService();
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, StartingTitle, "Cut river pollution by half", Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Events.Clear();

        var result = await goals.SaveFieldAsync(_ben, _partnership, _goal, GoalField.Title, StartingTitle, "Clean up the river", Ct);

        Assert.True(result.Succeeded);
        var conflict = result.Value!.Conflict;
        Assert.NotNull(conflict);
        Assert.False(result.Value.Saved);
        Assert.Equal((GoalField.Title, "Cut river pollution by half", "Clean up the river", "Anna Archer"),
            (conflict.Field, conflict.Theirs, conflict.Yours, conflict.ChangedByName));
        Assert.Equal(UtcNow.AddMinutes(-1), conflict.ChangedUtc);
        Assert.Equal("Cut river pollution by half", StoredTitle());
        Assert.Equal([_anna], Db.Read(db => db.ChangeRecords.Select(c => c.UserId).ToList()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task DifferentFieldsSavedFromTheSameStart_BothPersist()
    {
        var goals = NewGoalService();

        var title = await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, StartingTitle, "Cut river pollution by half", Ct);
        var status = await goals.SaveFieldAsync(_ben, _partnership, _goal, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack), Ct);

        Assert.True(title.Value!.Saved);
        Assert.True(status.Value!.Saved);
        var stored = Db.Read(db => db.Goals.Single());
        Assert.Equal(("Cut river pollution by half", GoalStatus.OnTrack, 3L), (stored.Title, stored.Status, stored.Version));
        Assert.Equal(("Cut river pollution by half", GoalStatus.OnTrack), (status.Value.Goal.Title, status.Value.Goal.Status));
        Assert.Equal(2, Events.Published.Count);
    }

    [Fact]
    public async Task SavingTheValueSomeoneElseAlreadySaved_IsANoOpSuccess()
    {
        var goals = NewGoalService();
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, StartingTitle, "Cut river pollution by half", Ct);
        Events.Clear();

        var result = await goals.SaveFieldAsync(_ben, _partnership, _goal, GoalField.Title, StartingTitle, "Cut river pollution by half ", Ct);

        Assert.True(result.Value!.Saved);
        Assert.Equal(2, result.Value.Goal.Version);
        Assert.Equal(1, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task SavingAnUnchangedValue_RecordsAndPublishesNothing()
    {
        var result = await NewGoalService().SaveFieldAsync(_anna, _partnership, _goal, GoalField.Title, StartingTitle, StartingTitle, Ct);

        Assert.True(result.Value!.Saved);
        Assert.Equal(1, Db.Read(db => db.Goals.Single().Version));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task DescriptionSave_KeepsInnerSpacingAndPublishesTheDescription()
    {
        var result = await NewGoalService().SaveFieldAsync(_anna, _partnership, _goal, GoalField.Description, "",
            "## Why\r\n\r\n  Fish are back.  \r\n", Ct);

        Assert.True(result.Value!.Saved);
        Assert.Equal("## Why\n\n  Fish are back.", Db.Read(db => db.Goals.Single().Description));
        Assert.Equal("## Why\n\n  Fish are back.", Assert.IsType<GoalSaved>(Assert.Single(Events.Published)).Description);
    }

    [Fact]
    public async Task OwnerAndDueDateAndParent_AreStoredWhenValid()
    {
        var goals = NewGoalService();
        var parent = Db.AddGoal(_partnership, "Healthy rivers");

        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Owner, null, _ben, Ct);
        await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.DueDate, null, "2030-12-31", Ct);
        var last = await goals.SaveFieldAsync(_anna, _partnership, _goal, GoalField.Parent, null, parent.ToString(), Ct);

        Assert.Equal((_ben, "Ben Baker", new DateOnly(2030, 12, 31), parent),
            (last.Value!.Goal.OwnerUserId, last.Value.Goal.OwnerName, last.Value.Goal.DueDate, last.Value.Goal.ParentGoalId));
        Assert.Equal(3, Events.Published.Count);
    }

    private string StoredTitle() => Db.Read(db => db.Goals.Single(g => g.Id == _goal).Title);
}
