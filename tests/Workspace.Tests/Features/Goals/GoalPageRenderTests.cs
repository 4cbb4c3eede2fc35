using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Workspace.Tests.Support;
using Workspace.Web.Components.Common;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Goals;

/// <summary>
/// A live edit renders only the part of the goal page it changes, and the choices behind the goal's
/// fields exist only while a list is open, so each viewer keeps few components alive.
/// </summary>
public sealed class GoalPageRenderTests : WorkspaceBunitContext
{
    private readonly string _ana;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public GoalPageRenderTests()
    {

        _ana = Db.AddPerson("Ana Costa");
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator));
        _goal = Db.AddGoal(_partnership, "Fewer young people reoffend");
    }

    private GoalService OtherCircuitGoals => new(Db, Events, Clock, new(Db, Events, Clock));

    /// <summary>Renders the goal page as an interactive circuit does, returning the popover provider where open lists appear.</summary>
    private (IRenderedComponent<MudPopoverProvider> Popovers, IRenderedComponent<GoalPage> Page) RenderGoal()
    {
        SignInAs(_ana, "Ana Costa");
        SetRendererInfo(new RendererInfo("Server", true));
        var popovers = Render<MudPopoverProvider>();
        var page = Render<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<GoalFieldsPanel>()));
        return (popovers, page);
    }

    /// <summary>A field before its editor exists: the combobox named by its label.</summary>
    private static IElement Dormant(IRenderedComponent<GoalPage> page, string label) =>
        page.Find($".goal-field-dormant [role=combobox][aria-label='{label}']");

    /// <summary>Reaches a field with the keyboard, which creates its editor, and waits for it.</summary>
    private static async Task UseFieldAsync(IRenderedComponent<GoalPage> page, string label)
    {
        await Dormant(page, label).FocusAsync(new());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($".goal-field-dormant [aria-label='{label}']")));
    }

    private static IElement PartOfInput(IRenderedComponent<GoalPage> page)
    {
        var label = Assert.Single(page.FindAll("label"), l => l.TextContent.Trim() == "Part of");
        return page.Find($"input#{label.GetAttribute("for")}");
    }

    private static IReadOnlyList<string> ChoicesShown(IRenderedComponent<MudPopoverProvider> popovers) =>
        [.. popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())];

    [Fact]
    public async Task TitleEditedElsewhere_RendersTheHeader_NotTheFieldsTabsOrSections()
    {
        var (_, page) = RenderGoal();
        await UseFieldAsync(page, "Status");
        var fields = page.FindComponent<GoalFieldsPanel>();
        var status = page.FindComponent<MudSelect<GoalStatus>>();
        var tabs = page.FindComponent<Tabs>();
        var contributions = page.FindComponent<ContributionsSection>();
        var avatars = page.FindComponent<PresenceAvatars>();
        var notice = page.FindComponent<EditingNotice>();
        // The echo of this page's own joining may still be on its way: it brings the same people, so it
        // renders neither the avatars nor the notice, whenever it lands.
        page.WaitForAssertion(() => Assert.Contains("AC", avatars.Markup, StringComparison.Ordinal));
        var counts = (fields.RenderCount, status.RenderCount, tabs.RenderCount, contributions.RenderCount, avatars.RenderCount, notice.RenderCount);

        await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Title,
            "Fewer young people reoffend", "A third fewer young people reoffend", Ct);

        page.WaitForAssertion(() => Assert.Equal("A third fewer young people reoffend", page.Find("h1").TextContent.Trim()));
        Assert.Equal(counts, (fields.RenderCount, status.RenderCount, tabs.RenderCount, contributions.RenderCount, avatars.RenderCount, notice.RenderCount));
        Assert.Contains("AC", page.Find(".goal-header .presence").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusChangedElsewhere_RendersTheFields_NotTheTabs()
    {
        var (_, page) = RenderGoal();
        var fields = page.FindComponent<GoalFieldsPanel>();
        var tabs = page.FindComponent<Tabs>();
        var (fieldRenders, tabRenders) = (fields.RenderCount, tabs.RenderCount);

        await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Status,
            nameof(GoalStatus.NotStarted), nameof(GoalStatus.AtRisk), Ct);

        page.WaitForAssertion(() => Assert.Equal("At risk", Dormant(page, "Status").TextContent.Trim()));
        Assert.True(fields.RenderCount > fieldRenders);
        Assert.Equal(tabRenders, tabs.RenderCount);
        Assert.Contains("At risk", page.Find(".goal-header").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescriptionSavedElsewhere_RendersTheDescription_NotTheFieldsOrTheContributions()
    {
        var (_, page) = RenderGoal();
        var fields = page.FindComponent<GoalFieldsPanel>();
        var contributions = page.FindComponent<ContributionsSection>();
        var (fieldRenders, contributionRenders) = (fields.RenderCount, contributions.RenderCount);

        await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Description, "", "Mentors for **every** young person.", Ct);

        page.WaitForAssertion(() => Assert.Equal("every", page.Find(".markdown strong").TextContent));
        Assert.Equal(fieldRenders, fields.RenderCount);
        Assert.Equal(contributionRenders, contributions.RenderCount);
    }

    [Fact]
    public void ClosedLists_KeepNoComponentPerGoal_SoAViewerCostsTheSameWithThirtyGoals()
    {
        var others = Enumerable.Range(1, 30).Select(i => Db.AddGoal(_partnership, $"Other goal {i:00}")).ToList();

        var (popovers, page) = RenderGoal();

        Assert.DoesNotContain("Other goal", page.Markup + popovers.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindComponents<MudSelectItem<Guid?>>(), i => i.Instance.Value is { } id && others.Contains(id));
        Assert.Empty(page.FindComponents<MudListItem<FieldChoice>>());
    }

    [Fact]
    public async Task FieldEditors_AreCreatedWhenAFieldIsUsed_AndTheFieldsShowTheirValuesUntilThen()
    {
        var ben = Db.AddPerson("Ben Carter");
        Db.AddMember(_partnership, ben, PartnershipRole.Contributor);
        var (popovers, page) = RenderGoal();

        Assert.Empty(page.FindComponents<MudSelect<GoalStatus>>());
        Assert.Empty(page.FindComponents<MudAutocomplete<FieldChoice>>());
        Assert.Empty(page.FindComponents<MudDatePicker>());
        Assert.Equal("Not started", Dormant(page, "Status").TextContent.Trim());
        Assert.Equal("dd/mm/yyyy", Dormant(page, "Due date").TextContent.Trim());

        // Someone else's change shows in a field that has no editor yet.
        await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Owner, null, ben, Ct);
        page.WaitForAssertion(() => Assert.StartsWith("Ben Carter (", Dormant(page, "Owner").TextContent.Trim(), StringComparison.Ordinal));

        // Pressing a field creates its editor with its list open; the others stay as they are.
        await Dormant(page, "Status").MouseDownAsync(new());
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudSelect<GoalStatus>>()));
        Assert.Empty(page.FindComponents<MudAutocomplete<FieldChoice>>());

        // The clear button of a field without an editor clears the value.
        var owner = page.FindAll(".goal-field-dormant").Single(d => d.QuerySelector("[aria-label=Owner]") is not null);
        await owner.QuerySelector("button[aria-label=Clear]")!.ClickAsync(new());
        page.WaitForAssertion(() => Assert.Null(Db.Read(db => db.Goals.Single(g => g.Id == _goal).OwnerUserId)));
        page.WaitForAssertion(() => Assert.Equal("", Dormant(page, "Owner").TextContent.Trim()));
        Assert.DoesNotContain(ChoicesShown(popovers), c => c.StartsWith("Ben", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddContributorForm_ExistsOnlyOnceAsked_AndCancelRemovesItAgain()
    {
        var (_, page) = RenderGoal();

        Assert.Empty(page.FindComponents<MudSelect<Guid?>>());
        var add = page.FindAll("button").Single(b => b.TextContent.Trim() == "Add a contributing organisation");
        await add.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudSelect<Guid?>>()));
        Assert.Equal("Add a contributing organisation", page.Find(".add-contribution").GetAttribute("aria-label"));
        await page.FindAll(".add-contribution button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindComponents<MudSelect<Guid?>>()));
        Assert.Single(page.FindAll("button"), b => b.TextContent.Trim() == "Add a contributing organisation");
    }

    [Fact]
    public async Task PartOf_OffersTheTopLevelChoiceAndTheGoalsWhenOpened_SearchesByTitle_AndSavesTheChoice()
    {
        var parks = Db.AddGoal(_partnership, "Safer parks at night");
        Db.AddGoal(_partnership, "Mentoring scheme for school leavers");
        var (popovers, page) = RenderGoal();
        var panel = page.FindComponent<GoalFieldsPanel>();
        Assert.Equal("A top-level goal", Dormant(page, "Part of").TextContent.Trim());
        await UseFieldAsync(page, "Part of");
        Assert.Equal("A top-level goal", PartOfInput(page).GetAttribute("value"));
        Assert.Empty(ChoicesShown(popovers));

        await PartOfInput(page).FocusAsync(new());

        popovers.WaitForAssertion(() => Assert.Equal(
            ["A top-level goal", "Mentoring scheme for school leavers", "Safer parks at night"], ChoicesShown(popovers)));
        Assert.Equal(["Safer parks at night"], (await panel.Instance.SearchGoalsAsync("PARKS", Ct)).Select(c => c.Text));
        Assert.Equal(["A top-level goal"], (await panel.Instance.SearchGoalsAsync("top-level", Ct)).Select(c => c.Text));
        Assert.DoesNotContain(await panel.Instance.SearchGoalsAsync("", Ct), c => c.Text == "Fewer young people reoffend");

        await popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Contains("Safer parks", StringComparison.Ordinal)).ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(parks, Db.Read(db => db.Goals.Single(g => g.Id == _goal).ParentGoalId)));
        page.WaitForAssertion(() => Assert.Equal("Safer parks at night", PartOfInput(page).GetAttribute("value")));
        Assert.Contains("Safer parks at night", page.Find("nav.breadcrumb").TextContent, StringComparison.Ordinal);

        await PartOfInput(page).BlurAsync(new());
        await PartOfInput(page).FocusAsync(new());
        popovers.WaitForAssertion(() => Assert.Contains("A top-level goal", ChoicesShown(popovers)));
        await popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "A top-level goal").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Null(Db.Read(db => db.Goals.Single(g => g.Id == _goal).ParentGoalId)));
        page.WaitForAssertion(() => Assert.Equal("A top-level goal", PartOfInput(page).GetAttribute("value")));
    }

    [Fact]
    public async Task OwnerChangedElsewhere_ShowsInTheOwnerField()
    {
        var ben = Db.AddPerson("Ben Carter");
        Db.AddMember(_partnership, ben, PartnershipRole.Contributor);
        var (_, page) = RenderGoal();
        await UseFieldAsync(page, "Owner");
        var owner = page.FindComponents<MudAutocomplete<FieldChoice>>().Single(a => a.Instance.Label == "Owner");
        Assert.Null(owner.Instance.GetState(x => x.Value));

        await OtherCircuitGoals.SaveFieldAsync(_ana, _partnership, _goal, GoalField.Owner, null, ben, Ct);

        page.WaitForAssertion(() => Assert.Equal(ben, owner.Instance.GetState(x => x.Value)?.Id));
        Assert.StartsWith("Ben Carter (", owner.Instance.GetState(x => x.Text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventTheGoalPageDoesNotShow_RendersNothing()
    {
        var (_, page) = RenderGoal();
        var renders = page.RenderCount;

        await new Workspace.Web.Features.Dialogue.LogService(Db, Events, Clock).PostAsync(_ana, _partnership,
            new Workspace.Web.Features.Dialogue.EntryInput { Title = "Kick-off notes" }, Ct);

        Assert.Equal(renders, page.RenderCount);
    }

    [Fact]
    public async Task EventsMissed_LoadsTheGoalAgain()
    {
        var (_, page) = RenderGoal();
        Db.Write(db => db.Goals.Single(g => g.Id == _goal).Title = "Renamed while this page heard nothing");

        await Events.PublishAsync(new EventsMissed(_partnership), Ct);

        page.WaitForAssertion(() => Assert.Equal("Renamed while this page heard nothing", page.Find("h1").TextContent.Trim()));
    }
}
