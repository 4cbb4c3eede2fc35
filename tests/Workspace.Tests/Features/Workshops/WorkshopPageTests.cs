using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>The run view as a participant sees it while the facilitator acts in another circuit.</summary>
public sealed class WorkshopPageTests : WorkspaceBunitContext
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly string _carl;
    private readonly Guid _partnership;
    private readonly Guid _workshop;
    private readonly List<Guid> _items = [];

    public WorkshopPageTests()
    {

        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _carl = Db.AddPerson("Carl Contributor");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor), (_carl, PartnershipRole.Contributor));
        var service = Facilitator;
        _workshop = service.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Winter plan", StartsUtc = Clock.GetUtcNow().UtcDateTime }, Ct).Result.Value!.Id;
        foreach (var (title, isPrivate) in new[] { ("Opening", false), ("Priorities", true), ("Close", false) })
        {
            var run = service.AddItemAsync(_fran, _partnership, _workshop, new AgendaItemInput { Title = title, TimeBoxMinutes = 10, IdeasPrivate = isPrivate }, Ct).Result.Value!;
            _items.Add(run.Items[^1].Id);
        }

        service.StartAsync(_fran, _partnership, _workshop, Ct).Wait(Ct);
    }

    private WorkshopService Facilitator => new(Db, Events, Clock, new WorkshopOutputService(Db, Events, Clock, new LogService(Db, Events, Clock)));

    private IdeaService Ideas => new(Db, Events, Clock);

    private VotingService Voting => new(Db, Events, Clock);

    private IRenderedComponent<WorkshopPage> RenderAsCara()
    {
        SignInAs(_cara, "Cara Contributor");
        return RenderInteractive<WorkshopPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.WorkshopId, _workshop));
    }

    [Fact]
    public async Task Participant_FollowsTheFacilitator_RoamsAway_AndIsBroughtBack()
    {
        var page = RenderAsCara();
        page.WaitForAssertion(() => Assert.Equal("Opening", page.Find("#run-item-heading").TextContent));

        await Facilitator.GoToItemAsync(_fran, _partnership, _workshop, _items[1], Ct);
        page.WaitForAssertion(() => Assert.Equal("Priorities", page.Find("#run-item-heading").TextContent));

        page.FindAll("button.run-agenda-button").Single(b => b.TextContent.Contains("Close", StringComparison.Ordinal)).Click();
        Assert.Equal("Close", page.Find("#run-item-heading").TextContent);
        Assert.Contains("You are looking at another item.", page.Find(".roaming-banner").TextContent, StringComparison.Ordinal);

        await Facilitator.BringEveryoneAsync(_fran, _partnership, _workshop, Ct);
        page.WaitForAssertion(() => Assert.Equal("Priorities", page.Find("#run-item-heading").TextContent));
        Assert.Empty(page.FindAll(".roaming-banner"));
    }

    [Fact]
    public async Task Timer_IsRenderedAsServerState_AndFollowsAPauseElsewhere()
    {
        var page = RenderAsCara();
        var ends = Db.Read(db => db.Workshops.Single().TimerEndsUtc)!.Value;
        var timer = page.Find("#workshop-timer");
        Assert.Equal("true", timer.GetAttribute("data-running"));
        Assert.Equal(new DateTimeOffset(ends, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timer.GetAttribute("data-ends"));

        Clock.Advance(TimeSpan.FromSeconds(75));
        await Facilitator.TimerAsync(_fran, _partnership, _workshop, TimerCommand.Pause, Ct);

        page.WaitForAssertion(() =>
        {
            var paused = page.Find("#workshop-timer");
            Assert.Equal("false", paused.GetAttribute("data-running"));
            Assert.Equal("525", paused.GetAttribute("data-remaining"));
        });
    }

    [Fact]
    public async Task Facilitator_SeesDotCountsLive_BeforeTheyAreRevealed()
    {
        SignInAs(_fran, "Fran Facilitator");
        var page = RenderInteractive<WorkshopPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.WorkshopId, _workshop));
        var idea = (await Ideas.AddIdeaAsync(_cara, _partnership, _workshop, _items[0], "Sunday opening", Ct)).Value!;
        await Voting.OpenDotVoteAsync(_fran, _partnership, _workshop, _items[0], 3, anonymous: false, Ct);

        await Voting.DotVoteAsync(_carl, _partnership, _workshop, idea.Id, add: true, Ct);

        page.WaitForAssertion(() => Assert.Equal("1 dot (only you see this)", page.Find(".idea-dots").TextContent));
    }

    [Fact]
    public async Task Participant_SeesNoDotCounts_UntilTheyAreRevealed()
    {
        var page = RenderAsCara();
        var idea = (await Ideas.AddIdeaAsync(_cara, _partnership, _workshop, _items[0], "Sunday opening", Ct)).Value!;
        await Voting.OpenDotVoteAsync(_fran, _partnership, _workshop, _items[0], 3, anonymous: false, Ct);

        var voted = await Voting.DotVoteAsync(_carl, _partnership, _workshop, idea.Id, add: true, Ct);

        Assert.Equal(1, voted.Value);
        page.WaitForAssertion(() => Assert.Contains("3 of 3 dots left", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".idea-dots"));
        await Voting.RevealDotVotesAsync(_fran, _partnership, _workshop, _items[0], Ct);
        page.WaitForAssertion(() => Assert.Equal("1 dot", page.Find(".idea-dots").TextContent));
    }

    [Fact]
    public async Task SomeoneElsesPrivateIdea_IsNeverRendered_UntilRevealed()
    {
        await Facilitator.GoToItemAsync(_fran, _partnership, _workshop, _items[1], Ct);
        var page = RenderAsCara();

        await Ideas.AddIdeaAsync(_carl, _partnership, _workshop, _items[1], "Carl's private thought", Ct);

        page.WaitForAssertion(() => Assert.Contains("1 idea from others so far.", page.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Carl's private thought", page.Markup, StringComparison.Ordinal);

        await Ideas.RevealIdeasAsync(_fran, _partnership, _workshop, _items[1], Ct);
        page.WaitForAssertion(() => Assert.Contains("Carl's private thought", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOlderPictureOfTheIdeas_ArrivingLate_DoesNotHideANewerIdea()
    {
        var page = RenderAsCara();
        var first = (await Ideas.AddIdeaAsync(_carl, _partnership, _workshop, _items[0], "Carl's first idea", Ct)).Value!;
        await Ideas.AddIdeaAsync(_fran, _partnership, _workshop, _items[0], "Fran's idea", Ct);
        page.WaitForAssertion(() => Assert.Contains("Fran's idea", page.Markup, StringComparison.Ordinal));
        var newest = Db.Read(db => db.WorkshopItems.Single(i => i.Id == _items[0]).Revision);

        // The first add's picture (only Carl's idea), delivered after the second's, as two requests at once can.
        await Events.PublishAsync(new IdeasChanged(_partnership, _carl, _workshop, _items[0], [first], 0, newest - 1), Ct);

        Assert.Contains("Carl's first idea", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Fran's idea", page.Markup, StringComparison.Ordinal);
    }
}
