using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>
/// The editor's part in showing other typists: it reports its browser's caret, hands the browser the others' carets
/// labelled and coloured, says who is typing, and takes its caret away when it closes.
/// </summary>
public sealed class CoTextEditorCaretTests : WorkspaceBunitContext
{
    private const string ModuleUrl = "http://localhost/" + CoTextEditor.ModulePath;

    private readonly string _anna;
    private readonly string _ben;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly BunitJSModuleInterop _module;
    private readonly List<PartnershipEvent> _heard = [];

    public CoTextEditorCaretTests()
    {
        var health = Db.AddOrganisation("Ministry of Health");
        _anna = Db.AddPerson("Anna Archer");
        _ben = Db.AddPerson("Ben Baker", organisationId: health);
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
        Db.Write(db => db.Goals.Single(g => g.Id == _goal).Description = "We clean the river.");
        _module = JSInterop.SetupModule(ModuleUrl);
        _module.Setup<CoTextAttached>("attach", _ => true).SetResult(new CoTextAttached(0, "anna-tab", "We clean the river."));
        _module.SetupVoid("start", _ => true).SetVoidResult();
        _module.SetupVoid("carets", _ => true).SetVoidResult();
        _module.SetupVoid("announce", _ => true).SetVoidResult();
        _module.Setup<bool>("detach", _ => true).SetResult(false);
        Events.Subscribe(_partnership, change =>
        {
            lock (_heard)
            {
                _heard.Add(change);
            }

            return Task.CompletedTask;
        });
    }

    private IRenderedComponent<CoTextEditor> RenderEditor()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        var editor = Render<CoTextEditor>(p => p
            .Add(x => x.PartnershipId, _partnership)
            .Add(x => x.UserId, _anna)
            .Add(x => x.Label, "Description")
            .Add(x => x.Open, ct => new CoTypingService(Db, Events, Clock).OpenGoalDescriptionAsync(_anna, _partnership, _goal, ct)));
        editor.WaitForAssertion(() => Assert.Single(_module.Invocations["start"]));
        return editor;
    }

    private Guid TextId() => Db.Read(db => db.CoTexts.Single(t => t.OwnerId == _goal).Id);

    private List<T> Heard<T>()
    {
        lock (_heard)
        {
            return [.. _heard.OfType<T>()];
        }
    }

    // The editor draws carets at most once a caret frame (100 ms): frames pass while the assertion waits.
    private void WaitForBrowser(IRenderedComponent<CoTextEditor> editor, Action assertion) =>
        editor.WaitForAssertion(() =>
        {
            Clock.Advance(TimeSpan.FromMilliseconds(100));
            assertion();
        });

    [Fact]
    public async Task AnotherPersonInTheText_TheirCaretReachesTheBrowserLabelled_AndTheLineSaysTheyAreTyping()
    {
        var editor = RenderEditor();
        var text = TextId();
        using var ben = Services.GetRequiredService<IPresence>().Join(_partnership, CoTextEditor.PresenceLocation(text), _ben, "Ben Baker", "Ministry of Health");
        Clock.Advance(InMemoryPresence.Throttle);
        editor.WaitForAssertion(() => Assert.Equal("Ben Baker (Ministry of Health) is typing", editor.Find(".co-text-typing[role=status][aria-live=polite]").TextContent.Trim()));

        await new CoTextCaretService(Db, Events, Clock).ReportAsync(_ben, text, "ben-tab", 0, 3, 8, Ct);

        WaitForBrowser(editor, () =>
        {
            var shown = (IEnumerable<RemoteCaret>)_module.Invocations["carets"][^1].Arguments[1]!;
            var caret = Assert.Single(shown);
            Assert.Equal(("ben-tab", "Ben Baker · Ministry of Health", CaretColours.For(_ben), 3, 8), (caret.ClientId, caret.Label, caret.Colour, caret.Start, caret.End));
        });
        // Someone new came in: the browser is asked to show them its caret.
        Assert.NotEmpty(_module.Invocations["announce"]);
        Assert.Equal("true", editor.Find(".co-text-carets").GetAttribute("aria-hidden"));
    }

    [Fact]
    public async Task PersonLeavesTheText_TheirCaretIsTakenAway()
    {
        var editor = RenderEditor();
        var text = TextId();
        var ben = Services.GetRequiredService<IPresence>().Join(_partnership, CoTextEditor.PresenceLocation(text), _ben, "Ben Baker", null);
        Clock.Advance(InMemoryPresence.Throttle);
        await new CoTextCaretService(Db, Events, Clock).ReportAsync(_ben, text, "ben-tab", 0, 3, 3, Ct);
        WaitForBrowser(editor, () => Assert.Single((IEnumerable<RemoteCaret>)_module.Invocations["carets"][^1].Arguments[1]!));

        // A dead circuit or node: presence drops them.
        ben.Dispose();
        Clock.Advance(InMemoryPresence.Throttle);

        WaitForBrowser(editor, () => Assert.Empty((IEnumerable<RemoteCaret>)_module.Invocations["carets"][^1].Arguments[1]!));
        editor.WaitForAssertion(() => Assert.Equal("", editor.Find(".co-text-typing").TextContent.Trim()));
    }

    [Fact]
    public async Task BrowserReportsItsCaret_ItGoesToTheOthers_AndClosingTheEditorTakesItAway()
    {
        var editor = RenderEditor();

        Assert.True(await editor.InvokeAsync(() => editor.Instance.CaretMoved(0, 2, 4)));
        var moved = Assert.Single(Heard<CoTextCaretMoved>());
        Assert.Equal(("anna-tab", 0L, 2, 4, "Anna Archer"), (moved.ClientId, moved.Revision, moved.Start, moved.End, moved.DisplayName));

        await DisposeComponentsAsync();

        Assert.Equal("anna-tab", Assert.Single(Heard<CoTextCaretLeft>()).ClientId);
    }
}
