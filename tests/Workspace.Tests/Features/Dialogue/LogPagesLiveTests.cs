using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>The log and an entry follow what others do without a refresh, and mark what is new since the last visit.</summary>
public sealed class LogPagesLiveTests : WorkspaceBunitContext
{
    private readonly string _ana;
    private readonly string _priya;
    private readonly string _grace;
    private readonly Guid _partnership;

    public LogPagesLiveTests()
    {

        _ana = Db.AddPerson("Ana Costa", organisationId: Db.AddOrganisation("Youth Justice Unit", Sector.Public));
        _priya = Db.AddPerson("Priya Shah", organisationId: Db.AddOrganisation("SafeRoute Technologies Ltd", Sector.Private));
        _grace = Db.AddPerson("Grace Mensah", organisationId: Db.AddOrganisation("Streetlight Trust", Sector.CivilSociety));
        _partnership = Db.AddPartnership("Safer Streets",
            (_ana, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor), (_grace, PartnershipRole.Contributor));
    }

    /// <summary>The services as another person's circuit uses them.</summary>
    private LogService OtherCircuitLog => new(Db, Events, Clock);

    private DecisionService OtherCircuitDecisions => new(Db, Events, Clock);

    private ActionService OtherCircuitActions => new(Db, Events, Clock);

    private ReplyService OtherCircuitReplies => new(Db, Events, Clock);

    [Fact]
    public async Task DecisionPage_TallyAndSectorTableFollowPositionsRecordedElsewhere()
    {
        var decision = await PostAsync(_ana, new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app on route 12" });
        SignInAs(_ana, "Ana Costa");
        var page = RenderInteractive<EntryPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.EntryId, decision));
        page.WaitForAssertion(() => Assert.Equal(("0", "0", "0", "0"), Tally(page)));
        Assert.Empty(page.FindAll("table caption"));

        var objected = await OtherCircuitDecisions.TakePositionAsync(_priya, _partnership, decision, Position.Objects, "No signal after 11pm.", Ct);
        Assert.True(objected.Succeeded);

        page.WaitForAssertion(() =>
        {
            Assert.Equal(("0", "0", "1", "0"), Tally(page));
            Assert.Equal(["Private", "0", "0", "1", "0"], SectorRow(page, "Private"));
            Assert.Contains("No signal after 11pm.", page.Find(".position-objects").TextContent, StringComparison.Ordinal);
        });

        await OtherCircuitDecisions.TakePositionAsync(_grace, _partnership, decision, Position.Agree, null, Ct);
        await OtherCircuitDecisions.TakePositionAsync(_priya, _partnership, decision, Position.Concerns, "Signal only on part of the route.", Ct);

        page.WaitForAssertion(() =>
        {
            Assert.Equal(("1", "1", "0", "0"), Tally(page));
            Assert.Equal(["Private", "0", "1", "0", "0"], SectorRow(page, "Private"));
            Assert.Equal(["Civil society", "1", "0", "0", "0"], SectorRow(page, "Civil society"));
            Assert.Contains("Positions (2 of 3 members)", page.Markup, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task DecisionPage_AnOlderPictureOfThePositions_ArrivingLate_DoesNotHideANewerPosition()
    {
        var decision = await PostAsync(_ana, new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app on route 12" });
        SignInAs(_ana, "Ana Costa");
        var page = RenderInteractive<EntryPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.EntryId, decision));
        var first = (await OtherCircuitDecisions.TakePositionAsync(_priya, _partnership, decision, Position.Objects, "No signal after 11pm.", Ct)).Value!;
        var firstEntry = (await OtherCircuitLog.GetAsync(_priya, _partnership, decision, Ct)).Value!.Entry;
        await OtherCircuitDecisions.TakePositionAsync(_grace, _partnership, decision, Position.Agree, null, Ct);
        page.WaitForAssertion(() => Assert.Equal(("1", "0", "1", "0"), Tally(page)));

        // Priya's picture (her position only), delivered after Grace's, as two requests at once can.
        await Events.PublishAsync(new PositionsChanged(_partnership, _priya, decision, first, firstEntry), Ct);

        Assert.Equal(("1", "0", "1", "0"), Tally(page));
        Assert.Contains("Positions (2 of 3 members)", page.Markup, StringComparison.Ordinal);
        Assert.Equal(["Civil society", "1", "0", "0", "0"], SectorRow(page, "Civil society"));
    }

    [Fact]
    public async Task EntryPage_AnOpenHistoryListsAChangeSavedElsewhere_WithoutBeingOpenedAgain()
    {
        var action = await PostAsync(_ana, new EntryInput { Kind = EntryKind.Action, Title = "Map the signal gaps", AssigneeUserId = _priya });
        SignInAs(_ana, "Ana Costa");
        var page = RenderInteractive<EntryPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.EntryId, action));
        page.WaitForAssertion(() => page.Find("details.checkin-details"));
        await page.InvokeAsync(() => page.Find("details.checkin-details").TriggerEventAsync("ontoggle", EventArgs.Empty));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("ol[aria-label='Changes to this entry, newest first'] li")));

        var moved = await OtherCircuitActions.SetActionStateAsync(_priya, _partnership, action, ActionState.InProgress, Ct);
        Assert.True(moved.Succeeded);

        page.WaitForAssertion(() =>
        {
            var changes = page.FindAll("ol[aria-label='Changes to this entry, newest first'] li");
            Assert.Equal(2, changes.Count);
            Assert.Contains("Priya Shah", changes[0].TextContent, StringComparison.Ordinal);
            Assert.Equal("Open → In progress", changes[0].QuerySelector(".activity-detail")!.TextContent);
        });
        Assert.DoesNotContain("Loading the history", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntryPage_AReactionElsewhere_RendersTheReactions_NotTheReplies()
    {
        var question = await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12?" });
        await OtherCircuitReplies.ReplyAsync(_grace, _partnership, question, "Streetlight does, until 2am.", [], Ct);
        SignInAs(_ana, "Ana Costa");
        var page = RenderInteractive<EntryPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.EntryId, question));
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<EntryReplies>()));
        var replies = page.FindComponent<EntryReplies>();
        var reactions = page.FindComponent<EntryReactions>();
        var (replyRenders, reactionRenders) = (replies.RenderCount, reactions.RenderCount);

        var reacted = await OtherCircuitReplies.ToggleReactionAsync(_grace, _partnership, question, "eyes", Ct);

        Assert.True(reacted.Succeeded, reacted.Error?.Message);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[aria-label='Looking into it: 1']")));
        Assert.True(reactions.RenderCount > reactionRenders);
        Assert.Equal(replyRenders, replies.RenderCount);
        Assert.Contains("Streetlight does, until 2am.", replies.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecisionPage_AnAmendmentElsewhere_ShowsWithoutAReload()
    {
        var decision = await PostAsync(_ana, new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app on route 12" });
        await OtherCircuitDecisions.CloseDecisionAsync(_ana, _partnership, decision, "We pilot it from May.", Ct);
        SignInAs(_priya, "Priya Shah");
        var page = RenderInteractive<EntryPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.EntryId, decision));
        page.WaitForAssertion(() => Assert.Contains("We pilot it from May.", page.Find(".decision-outcome").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".amendment"));

        var amended = await OtherCircuitDecisions.AmendDecisionAsync(_ana, _partnership, decision, "The pilot starts in June.", Ct);

        Assert.True(amended.Succeeded, amended.Error?.Message);
        page.WaitForAssertion(() => Assert.Contains("The pilot starts in June.", Assert.Single(page.FindAll(".amendment")).TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LogPage_MarksEntriesByOthersSinceTheLastVisitAsNew_AndNotOlderOrOwnOnes()
    {
        await PostAsync(_priya, new EntryInput { Title = "Seen last time" });
        await new ReadStateService(Db, Clock).MarkSeenAsync(_ana, _partnership, Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(_priya, new EntryInput { Kind = EntryKind.Question, Title = "Who covers route 12 at night?" });
        await PostAsync(_ana, new EntryInput { Title = "My own note" });
        SignInAs(_ana, "Ana Costa");

        var page = RenderInteractive<LogPage>(p => p.Add(x => x.PartnershipId, _partnership));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".log-item").Count));
        Assert.Equal(["New"], Chips(page, "Who covers route 12 at night?"));
        Assert.Empty(Chips(page, "Seen last time"));
        Assert.Empty(Chips(page, "My own note"));
        Assert.Contains("1 new or changed since you last looked.", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogPage_AnOlderPictureOfAnEntry_ArrivingLate_DoesNotUndoAnEdit()
    {
        var posted = (await OtherCircuitLog.PostAsync(_priya, _partnership, new EntryInput { Title = "Route 12 at night" }, Ct)).Value!;
        SignInAs(_ana, "Ana Costa");
        var page = RenderInteractive<LogPage>(p => p.Add(x => x.PartnershipId, _partnership));
        page.WaitForAssertion(() => Assert.Contains("Route 12 at night", page.Markup, StringComparison.Ordinal));

        var edited = await OtherCircuitLog.EditAsync(_priya, _partnership, posted.Id, new EntryInput { Title = "Route 12 after 11pm", Version = posted.Version }, Ct);
        Assert.True(edited.Succeeded, edited.Error?.Message);
        page.WaitForAssertion(() => Assert.Contains("Route 12 after 11pm", page.Markup, StringComparison.Ordinal));

        // The post's own picture, delivered after the edit's, as two requests at once can.
        await Events.PublishAsync(new LogEntrySaved(_partnership, _priya, posted), Ct);

        Assert.Contains("Route 12 after 11pm", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Route 12 at night", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogPage_AnEntryPostedElsewhereWhileOpenAppearsAsNew()
    {
        await new ReadStateService(Db, Clock).MarkSeenAsync(_ana, _partnership, Ct);
        SignInAs(_ana, "Ana Costa");
        var page = RenderInteractive<LogPage>(p => p.Add(x => x.PartnershipId, _partnership));
        page.WaitForAssertion(() => Assert.Contains("No entries match", page.Markup, StringComparison.Ordinal));
        Clock.Advance(TimeSpan.FromMinutes(5));

        await PostAsync(_grace, new EntryInput { Kind = EntryKind.Question, Title = "Can volunteers join the night shift?", Mentions = [_ana] });

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["New"], Chips(page, "Can volunteers join the night shift?"));
            Assert.Contains(page.FindAll("[role=tab]"), t => t.TextContent.Contains("For me (1)", StringComparison.Ordinal));
        });
    }

    private async Task<Guid> PostAsync(string userId, EntryInput input)
    {
        var posted = await OtherCircuitLog.PostAsync(userId, _partnership, input, Ct);
        return posted.Succeeded ? posted.Value!.Id : throw new InvalidOperationException(posted.Error!.Message);
    }

    private static (string Agree, string Concerns, string Object, string Abstain) Tally(IRenderedComponent<EntryPage> page)
    {
        string Count(string label) => page.FindAll("[aria-label='Tally by position'] [role=listitem]")
            .Single(i => i.QuerySelector(".stat-label")!.TextContent == label).QuerySelector(".stat-value")!.TextContent;
        return (Count("Agree"), Count("Concerns"), Count("Object"), Count("Abstain"));
    }

    private static List<string> SectorRow(IRenderedComponent<EntryPage> page, string sector) =>
        [.. page.FindAll("table.data-table tbody tr")
            .Single(r => r.QuerySelector("th")!.TextContent == sector)
            .Children.Select(c => c.TextContent.Trim())];

    private static List<string> Chips(IRenderedComponent<LogPage> page, string title)
    {
        IElement item = page.FindAll(".log-item").Single(i => i.QuerySelector(".log-title")?.TextContent == title);
        return [.. item.QuerySelectorAll(".log-item-head .mud-chip").Select(c => c.TextContent.Trim()).Where(t => t is "New" or "Changed")];
    }
}
