using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Goals;

/// <summary>Everyone looking at a goal sees what anyone changes, without refreshing.</summary>
public sealed class GoalPageTests : WorkspaceBunitContext
{
    private readonly string _ana;
    private readonly string _olive;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public GoalPageTests()
    {

        _ana = Db.AddPerson("Ana Costa");
        _olive = Db.AddPerson("Olive Observer");
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator), (_olive, PartnershipRole.Observer));
        _goal = Db.AddGoal(_partnership, "Fewer young people reoffend");
    }

    private GoalService OtherCircuitGoals => new(Db, Events, Clock, new(Db, Events, Clock));

    [Fact]
    public async Task TwoViewers_BothSeeATitleChangedElsewhere()
    {
        SignInAs(_olive, "Olive Observer");
        var first = RenderInteractive<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));
        var second = Render<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));
        first.WaitForAssertion(() => Assert.Equal("Fewer young people reoffend", first.Find("h1").TextContent.Trim()));

        var saved = await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title,
            "Fewer young people reoffend", "A third fewer young people reoffend", Ct);

        Assert.True(saved.Value!.Saved);
        first.WaitForAssertion(() => Assert.Equal("A third fewer young people reoffend", first.Find("h1").TextContent.Trim()));
        second.WaitForAssertion(() => Assert.Equal("A third fewer young people reoffend", second.Find("h1").TextContent.Trim()));
    }

    [Fact]
    public async Task AnOlderPictureOfTheGoal_ArrivingLate_DoesNotUndoANewerTitle()
    {
        SignInAs(_olive, "Olive Observer");
        var page = RenderInteractive<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));
        page.WaitForAssertion(() => Assert.Equal("Fewer young people reoffend", page.Find("h1").TextContent.Trim()));
        var first = (await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title,
            "Fewer young people reoffend", "A third fewer young people reoffend", Ct)).Value!.Goal;
        await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title,
            "A third fewer young people reoffend", "Half as many young people reoffend", Ct);
        page.WaitForAssertion(() => Assert.Equal("Half as many young people reoffend", page.Find("h1").TextContent.Trim()));

        // The first save's picture, delivered after the second's, as two requests at once can.
        await Events.PublishAsync(new GoalSaved(_partnership, _ana, first, GoalField.Title, null), Ct);

        Assert.Equal("Half as many young people reoffend", page.Find("h1").TextContent.Trim());
    }

    [Fact]
    public async Task OfferedTitleDraft_GoesAwayOnceTheTitleIsSaved()
    {
        var drafts = new DraftService(Db, Clock);
        Assert.True((await drafts.SaveAsync(_ana, _partnership, _goal, GoalField.Title, "Half as many reoffend", "Fewer young people reoffend", Ct)).Succeeded);
        SignInAs(_ana, "Ana Costa");
        var page = RenderInteractive<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));
        page.WaitForAssertion(() => Assert.Contains("You have an unsaved draft of the title", page.Markup, StringComparison.Ordinal));

        await page.InvokeAsync(() => page.Find("button[aria-label='Edit the title']").Click());
        page.Find("input").Input("A third fewer young people reoffend");
        await page.InvokeAsync(() => page.Find("form.title-edit").Submit());

        page.WaitForAssertion(() => Assert.Equal("A third fewer young people reoffend", page.Find("h1").TextContent.Trim()));
        Assert.DoesNotContain("You have an unsaved draft of the title", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescriptionSavedElsewhere_IsRenderedAsSafeMarkdown()
    {
        SignInAs(_olive, "Olive Observer");
        var page = RenderInteractive<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));
        page.WaitForAssertion(() => Assert.Contains("No description yet.", page.Markup, StringComparison.Ordinal));

        await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Description, "",
            "**Mentors** for every young person. <script>alert(1)</script>", Ct);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Mentors", page.Find(".markdown strong").TextContent);
            Assert.Empty(page.FindAll(".markdown script"));
        });
    }

    [Fact]
    public void Observer_SeesNoEditControls()
    {
        SignInAs(_olive, "Olive Observer");

        var page = RenderInteractive<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));

        page.WaitForAssertion(() => Assert.Contains("Fewer young people reoffend", page.Find("h1").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Edit description", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("button[aria-label='Edit the title']"));
        Assert.Empty(page.FindAll(".mud-select"));
        Assert.Contains("Status", page.FindAll(".goal-facts dt").Select(d => d.TextContent));
    }

    [Fact]
    public void Facilitator_SeesTheEditControls()
    {
        SignInAs(_ana, "Ana Costa");

        var page = RenderInteractive<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("button[aria-label='Edit the title']")));
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("Edit description", StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".goal-facts"));
    }
}
