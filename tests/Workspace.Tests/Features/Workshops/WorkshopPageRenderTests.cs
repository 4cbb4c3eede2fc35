using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>An idea renders only the ideas list of each viewer's run page, and of it only the run of cards that takes the new idea, and its card.</summary>
public sealed class WorkshopPageRenderTests : WorkspaceBunitContext
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly string _carl;
    private readonly Guid _partnership;
    private readonly Guid _workshop;
    private readonly Guid _item;

    public WorkshopPageRenderTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _carl = Db.AddPerson("Carl Contributor");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor), (_carl, PartnershipRole.Contributor));
        var service = Elsewhere;
        _workshop = service.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Winter plan", StartsUtc = Clock.GetUtcNow().UtcDateTime }, Ct).Result.Value!.Id;
        _item = service.AddItemAsync(_fran, _partnership, _workshop, new AgendaItemInput { Title = "Opening", TimeBoxMinutes = 10 }, Ct).Result.Value!.Items[^1].Id;
        service.AddItemAsync(_fran, _partnership, _workshop, new AgendaItemInput { Title = "Close", TimeBoxMinutes = 10 }, Ct).Wait(Ct);
        service.StartAsync(_fran, _partnership, _workshop, Ct).Wait(Ct);
        IdeasElsewhere.AddIdeaAsync(_carl, _partnership, _workshop, _item, "Pool the food banks' stock lists", Ct).Wait(Ct);
    }

    /// <summary>Another person's circuit: what it saves reaches the page only through the events.</summary>
    private WorkshopService Elsewhere => new(Db, Events, Clock, new WorkshopOutputService(Db, Events, Clock, new LogService(Db, Events, Clock)));

    private IdeaService IdeasElsewhere => new(Db, Events, Clock);

    private VotingService VotingElsewhere => new(Db, Events, Clock);

    private IRenderedComponent<MudPopoverProvider>? _popovers;

    private IRenderedComponent<WorkshopPage> RenderAs(string userId, string name, int ideas = 1)
    {
        SignInAs(userId, name);
        SetRendererInfo(new RendererInfo("Server", true));
        _popovers = Render<MudPopoverProvider>();
        var page = Render<WorkshopPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.WorkshopId, _workshop));
        page.WaitForAssertion(() => Assert.Equal(ideas, page.FindComponents<IdeaCard>().Count));

        // Joining the room is announced to everyone there once the throttle passes, this page included: let that pass first.
        var rendersBeforeTheEcho = page.RenderCount;
        Clock.Advance(InMemoryPresence.Throttle);
        page.WaitForState(() => page.RenderCount > rendersBeforeTheEcho);
        return page;
    }

    /// <summary>The ideas list of the item looked at.</summary>
    private static IRenderedComponent<IdeaList> IdeasList(IRenderedComponent<WorkshopPage> page) => page.FindComponent<IdeaList>();

    private static IRenderedComponent<IdeaCard> Card(IRenderedComponent<WorkshopPage> page, string text) =>
        page.FindComponents<IdeaCard>().Single(c => c.Instance.Model.Idea.Text == text);

    [Fact]
    public async Task Idea_RendersTheIdeasListOnce_AndOnlyTheNewCard_NotTheAgendaTimerPollsOrForm()
    {
        await VotingElsewhere.CreatePollAsync(_fran, _partnership, _workshop, _item, new PollInput { Question = "Meet weekly?", Options = ["Yes", "No"] }, Ct);
        var page = RenderAs(_cara, "Cara Contributor");
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<PollCard>()));
        var list = IdeasList(page);
        var first = Card(page, "Pool the food banks' stock lists");
        var others = new IRenderedComponent<IComponent>[]
        {
            first, page.FindComponent<TimerDisplay>(), page.FindComponent<PollCard>(), page.FindComponent<WorkshopStateChip>(),
            page.FindComponent<MudTextField<string>>(),
        };
        var counts = others.Select(c => c.RenderCount).ToList();
        var header = page.FindComponent<WorkshopHeader>();
        var (headerRenders, listRenders) = (header.RenderCount, list.RenderCount);

        await IdeasElsewhere.AddIdeaAsync(_carl, _partnership, _workshop, _item, "A shared van for deliveries", Ct);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindComponents<IdeaCard>().Count));
        Assert.Equal(1, Card(page, "A shared van for deliveries").RenderCount);
        Assert.Equal(headerRenders, header.RenderCount);
        Assert.True(list.RenderCount > listRenders);
        Assert.Equal(counts, others.Select(c => c.RenderCount).ToList());
        Assert.Contains("A shared van for deliveries", page.Find(".idea-grid").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimerPausedElsewhere_RendersTheTimer_NotTheIdeas()
    {
        var page = RenderAs(_cara, "Cara Contributor");
        var (timer, list, card) = (page.FindComponent<TimerDisplay>(), IdeasList(page), page.FindComponent<IdeaCard>());
        var counts = (timer.RenderCount, list.RenderCount, card.RenderCount);
        Assert.Equal("true", page.Find("[data-timer]").GetAttribute("data-running"));

        await Elsewhere.TimerAsync(_fran, _partnership, _workshop, TimerCommand.Pause, Ct);

        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-timer]").GetAttribute("data-running")));
        Assert.Equal(counts.Item1 + 1, timer.RenderCount);
        Assert.Equal((counts.Item2, counts.Item3), (list.RenderCount, card.RenderCount));
    }

    [Fact]
    public async Task AgendaItemAddedElsewhere_ShowsInTheAgenda_WithoutRenderingTheIdeas()
    {
        var page = RenderAs(_fran, "Fran Facilitator");
        var (list, card) = (IdeasList(page), page.FindComponent<IdeaCard>());
        var counts = (list.RenderCount, card.RenderCount);

        await Elsewhere.AddItemAsync(_fran, _partnership, _workshop, new AgendaItemInput { Title = "Next steps", TimeBoxMinutes = 5 }, Ct);

        page.WaitForAssertion(() => Assert.Contains("Next steps", page.Find(".run-agenda").TextContent, StringComparison.Ordinal));
        Assert.Equal(counts, (list.RenderCount, card.RenderCount));
    }

    [Fact]
    public async Task FacilitatorsPage_RendersOncePerIdea_AndReadsTheEquityViewOnceForABurst()
    {
        var page = RenderAs(_fran, "Fran Facilitator");
        page.WaitForAssertion(() => Assert.Contains("Who is contributing", page.Markup, StringComparison.Ordinal));
        var list = IdeasList(page);
        var equity = page.FindComponent<EquityPanel>();
        var (listRenders, equityRenders, popoverRenders) = (list.RenderCount, equity.RenderCount, _popovers!.RenderCount);

        // Three ideas saved by other circuits; their events then reach this page with no database command.
        var elsewhere = new RecordingPartnershipEvents();
        var service = new IdeaService(Db, elsewhere, Clock);
        foreach (var text in new[] { "Idea one", "Idea two", "Idea three" })
        {
            await service.AddIdeaAsync(_cara, _partnership, _workshop, _item, text, Ct);
        }

        Db.Commands.Reset();
        foreach (var change in elsewhere.Published)
        {
            await Events.PublishAsync(change, Ct);
        }

        page.WaitForAssertion(() => Assert.Equal(4, page.FindComponents<IdeaCard>().Count));
        Assert.All(page.FindComponents<IdeaCard>(), c => Assert.Equal(1, c.RenderCount));
        Assert.True(list.RenderCount > listRenders);
        listRenders = list.RenderCount;
        Assert.Equal((equityRenders, popoverRenders), (equity.RenderCount, _popovers.RenderCount));
        Assert.Equal(0, Db.Commands.Count);

        // One read for the whole burst, once the delay has passed; it shows the new figures.
        Clock.Advance(WorkshopPage.EquityRefreshDelay);
        page.WaitForAssertion(() => Assert.Contains("4", page.Find(".equity-table tbody td:nth-child(3)").TextContent, StringComparison.Ordinal));
        var reads = Db.Commands.Count;
        Assert.True(reads > 0);
        Assert.Equal(equityRenders + 1, equity.RenderCount);
        Assert.Equal(listRenders, list.RenderCount);

        // The clock runs due timers as it moves, so a second read would have been asked for by now; let the page finish what it was asked.
        Clock.Advance(WorkshopPage.EquityRefreshDelay);
        await page.InvokeAsync(() => { });
        Assert.Equal(reads, Db.Commands.Count);
    }

    [Fact]
    public async Task IdeaAmongMany_RendersOnlyTheRunOfCardsThatTakesIt()
    {
        for (var i = 2; i <= IdeaRuns.Longest + 6; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            await IdeasElsewhere.AddIdeaAsync(i % 2 == 0 ? _cara : _carl, _partnership, _workshop, _item, $"Idea number {i}", Ct);
        }

        var page = RenderAs(_cara, "Cara Contributor", ideas: IdeaRuns.Longest + 6);
        var runs = page.FindComponents<IdeaRun>();
        Assert.True(runs.Count > 1, "More ideas than the longest run make more than one run of cards.");
        Assert.Equal(IdeaRuns.Longest + 6, runs.Sum(r => r.Instance.Cards.Count));
        var cards = page.FindComponents<IdeaCard>();
        var (runRenders, cardRenders) = (runs.Select(r => r.RenderCount).ToList(), cards.Select(c => c.RenderCount).ToList());
        var firstCard = runs[0].Instance.Cards[0];

        Clock.Advance(TimeSpan.FromSeconds(1));
        await IdeasElsewhere.AddIdeaAsync(_carl, _partnership, _workshop, _item, "One more idea", Ct);

        page.WaitForAssertion(() => Assert.Equal(IdeaRuns.Longest + 7, page.FindComponents<IdeaCard>().Count));
        Assert.Equal(1, Card(page, "One more idea").RenderCount);
        Assert.Equal(cardRenders, cards.Select(c => c.RenderCount).ToList());
        // The last run takes the new card, or it starts a run of its own: every run before it is left alone.
        Assert.Equal(runRenders.Take(runs.Count - 1), runs.Take(runs.Count - 1).Select(r => r.RenderCount));
        // An unchanged card keeps the model it was shown with: the list compared it by reference, and made no new one.
        Assert.Same(firstCard, runs[0].Instance.Cards[0]);
        Assert.Equal("One more idea", page.FindAll(".idea-card .idea-text")[^1].TextContent);
    }

    [Fact]
    public async Task IdeaPutInAGroup_MovesUnderItsHeading_AndTheRestShowUnderNotGrouped()
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        var van = (await IdeasElsewhere.AddIdeaAsync(_carl, _partnership, _workshop, _item, "A shared van for deliveries", Ct)).Value!;
        var page = RenderAs(_cara, "Cara Contributor", ideas: 2);
        Assert.Empty(page.FindAll(".idea-group-title"));

        Assert.True((await IdeasElsewhere.GroupIdeaAsync(_fran, _partnership, _workshop, van.Id, "Transport", Ct)).Succeeded);

        page.WaitForAssertion(() => Assert.Equal(["Transport", "Not grouped"], page.FindAll(".idea-group-title").Select(h => h.TextContent.Trim())));
        var grids = page.FindAll(".idea-grid");
        Assert.Equal(["A shared van for deliveries"], grids[0].QuerySelectorAll(".idea-text").Select(t => t.TextContent));
        Assert.Equal(["Pool the food banks' stock lists"], grids[1].QuerySelectorAll(".idea-text").Select(t => t.TextContent));
    }

    [Fact]
    public async Task NewIdea_AddsNoPopoverForTheFacilitator_UntilItsMenuIsOpened()
    {
        var page = RenderAs(_fran, "Fran Facilitator");
        var popovers = _popovers!;
        var popoverRenders = popovers.RenderCount;

        await IdeasElsewhere.AddIdeaAsync(_cara, _partnership, _workshop, _item, "A shared van for deliveries", Ct);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindComponents<IdeaCard>().Count));
        Assert.Empty(page.FindComponents<MudMenu>());
        Assert.Equal(popoverRenders, popovers.RenderCount);

        await page.Find("button[aria-label='Actions for idea: A shared van for deliveries']").ClickAsync(new());

        popovers.WaitForAssertion(() => Assert.Contains("Record as a decision", popovers.Markup, StringComparison.Ordinal));
        Assert.Single(page.FindComponents<MudMenu>());
        Assert.Contains(popovers.FindAll(".mud-popover-open .mud-menu-item, .mud-popover-open [role='menuitem']"), i => i.TextContent.Contains("Put in a group", StringComparison.Ordinal));
    }
}
