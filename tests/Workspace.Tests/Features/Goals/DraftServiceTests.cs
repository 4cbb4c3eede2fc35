using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

/// <summary>What someone is typing is kept on the server for them alone until they save or discard it.</summary>
public sealed class DraftServiceTests : ServiceTestBase
{
    private readonly string _anna;
    private readonly string _ben;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public DraftServiceTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _ben = Db.AddPerson("Ben Baker");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Facilitator));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
    }

    [Fact]
    public async Task SavedDraft_IsListedForItsAuthor()
    {
        var result = await NewDraftService().SaveAsync(_anna, _partnership, _goal, GoalField.Description, "Fish are ba", "", Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal([new DraftView(GoalField.Description, "Fish are ba", "", UtcNow)], await NewDraftService().ListAsync(_anna, _partnership, _goal, Ct));
    }

    [Fact]
    public async Task SavingAgain_UpdatesTheTextAndKeepsTheOriginalItStartedFrom()
    {
        var drafts = NewDraftService();
        await drafts.SaveAsync(_anna, _partnership, _goal, GoalField.Title, "Halve river", "Halve river pollution", Ct);
        Clock.Advance(TimeSpan.FromSeconds(5));

        await drafts.SaveAsync(_anna, _partnership, _goal, GoalField.Title, "Halve river nitrates", "Something newer", Ct);

        Assert.Equal([new DraftView(GoalField.Title, "Halve river nitrates", "Halve river pollution", UtcNow)], await drafts.ListAsync(_anna, _partnership, _goal, Ct));
        Assert.Equal(1, Db.Read(db => db.GoalDrafts.Count()));
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersOwnDrafts()
    {
        var drafts = NewDraftService();
        await drafts.SaveAsync(_anna, _partnership, _goal, GoalField.Description, "Anna's words", "", Ct);
        await drafts.SaveAsync(_ben, _partnership, _goal, GoalField.Description, "Ben's words", "", Ct);

        var annas = await drafts.ListAsync(_anna, _partnership, _goal, Ct);
        var bens = await drafts.ListAsync(_ben, _partnership, _goal, Ct);

        Assert.Equal(["Anna's words"], annas.Select(d => d.Text));
        Assert.Equal(["Ben's words"], bens.Select(d => d.Text));
    }

    [Fact]
    public async Task Discard_RemovesOnlyThatFieldOfTheCallersDraft()
    {
        var drafts = NewDraftService();
        await drafts.SaveAsync(_anna, _partnership, _goal, GoalField.Description, "Anna's words", "", Ct);
        await drafts.SaveAsync(_anna, _partnership, _goal, GoalField.Title, "Anna's title", "Halve river pollution", Ct);
        await drafts.SaveAsync(_ben, _partnership, _goal, GoalField.Description, "Ben's words", "", Ct);

        await drafts.DiscardAsync(_anna, _goal, GoalField.Description, Ct);

        Assert.Equal([GoalField.Title], (await drafts.ListAsync(_anna, _partnership, _goal, Ct)).Select(d => d.Field));
        Assert.Equal(["Ben's words"], (await drafts.ListAsync(_ben, _partnership, _goal, Ct)).Select(d => d.Text));
    }

    [Fact]
    public async Task Observer_CannotSaveDrafts()
    {
        var olive = Db.AddPerson("Olive Observer");
        Db.AddMember(_partnership, olive, PartnershipRole.Observer);

        var result = await NewDraftService().SaveAsync(olive, _partnership, _goal, GoalField.Description, "Opinions", "", Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal(0, Db.Read(db => db.GoalDrafts.Count()));
    }

    [Fact]
    public async Task DraftLongerThanADescription_IsRefused()
    {
        var result = await NewDraftService().SaveAsync(_anna, _partnership, _goal, GoalField.Description, new string('d', 20_001), "", Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal("The text is longer than 20,000 characters.", result.Error!.For(nameof(GoalField.Description)));
        Assert.Equal(0, Db.Read(db => db.GoalDrafts.Count()));
    }

    [Fact]
    public async Task SavingAndDiscardingDrafts_PublishesNothing()
    {
        var drafts = NewDraftService();

        await drafts.SaveAsync(_anna, _partnership, _goal, GoalField.Description, "Private", "", Ct);
        await drafts.DiscardAsync(_anna, _goal, GoalField.Description, Ct);

        Assert.Empty(Events.Published);
    }
}
