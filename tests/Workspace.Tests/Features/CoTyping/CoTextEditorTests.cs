using Bunit;
using Microsoft.AspNetCore.Components;
using Workspace.Tests.Support;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>
/// The co-typed editor's server half: it opens the text for the browser module, relays its operations to the
/// service with their acks, and reads what the browser misses on request (the others' operations reach it on the hub).
/// </summary>
public sealed class CoTextEditorTests : WorkspaceBunitContext
{
    private const string Start = "We clean the river.";
    private const string ModuleUrl = "http://localhost/" + CoTextEditor.ModulePath;

    private readonly string _anna;
    private readonly string _ben;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly BunitJSModuleInterop _module;

    public CoTextEditorTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _ben = Db.AddPerson("Ben Baker");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
        Db.Write(db => db.Goals.Single(g => g.Id == _goal).Description = Start);
        _module = JSInterop.SetupModule(ModuleUrl);
        _module.Setup<CoTextAttached>("attach", _ => true).SetResult(new CoTextAttached(0, "anna-tab", Start));
        _module.SetupVoid("start", _ => true).SetVoidResult();
        _module.SetupVoid("reset", _ => true).SetVoidResult();
        _module.Setup<bool>("detach", _ => true).SetResult(false);
    }

    private CoTypingService Service => new(Db, Events, Clock);

    private static string Insert(int at, string text, int length) => new TextOperation().Retain(at).Insert(text).Retain(length - at).ToJson();

    private IRenderedComponent<CoTextEditor> RenderEditor()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        var editor = Render<CoTextEditor>(p => p
            .Add(x => x.PartnershipId, _partnership)
            .Add(x => x.UserId, _anna)
            .Add(x => x.Label, "Description")
            .Add(x => x.MaxLength, 20_000)
            .Add(x => x.Open, ct => Service.OpenGoalDescriptionAsync(_anna, _partnership, _goal, ct)));
        editor.WaitForAssertion(() => Assert.Single(_module.Invocations["start"]));
        return editor;
    }

    private Guid TextId() => Db.Read(db => db.CoTexts.Single(t => t.OwnerId == _goal).Id);

    [Fact]
    public void Opens_AttachesTheStoredText_LabelledWithItsCountAndPreview()
    {
        var editor = RenderEditor();

        var attach = Assert.Single(_module.Invocations["attach"]);
        Assert.Equal((Start, 0L), ((string)attach.Arguments[5]!, (long)attach.Arguments[6]!));
        var textarea = editor.Find("textarea");
        Assert.Equal("Description", editor.Find($"label[for={textarea.Id}]").TextContent);
        Assert.Null(textarea.GetAttribute("disabled"));
        Assert.Equal("20000", textarea.GetAttribute("maxlength"));
        Assert.Contains("19 / 20,000 characters", editor.Markup, StringComparison.Ordinal);
        Assert.Equal(Start, editor.Find(".markdown-preview").TextContent.Trim());
        Assert.NotNull(editor.Find("[role=status][aria-live=polite]"));
    }

    [Fact]
    public async Task RelaysASubmit_AndAnswersWithItsAck_WithoutACallToTheBrowser()
    {
        var editor = RenderEditor();
        var operation = Insert(12, " whole", Start.Length);

        var answer = await editor.InvokeAsync(() => editor.Instance.Submit(0, operation, "anna-tab", 1));

        Assert.True(answer.Ok);
        Assert.Equal(new CoTextDelivery(1, operation, "anna-tab", 1), answer.Ack);
        Assert.Equal("We clean the whole river.", Db.Read(db => db.Goals.Single(g => g.Id == _goal).Description));
        Assert.Empty(_module.Invocations["receive"]);
    }

    [Fact]
    public async Task AnotherPersonsOperations_DoNotGoThroughTheCircuit_AndAGapIsReadOnRequest()
    {
        var editor = RenderEditor();
        var text = TextId();
        await Service.SubmitAsync(_ben, text, 0, Insert(0, "A", Start.Length), "ben-tab", 1, Ct);
        await Service.SubmitAsync(_ben, text, 1, Insert(0, "B", Start.Length + 1), "ben-tab", 2, Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_module.Invocations["receive"]);

        var since = await editor.InvokeAsync(() => editor.Instance.Since(0));

        Assert.Equal([(1L, "[\"A\",19]", "ben-tab", 1L), (2L, "[\"B\",20]", "ben-tab", 2L)], since!.Select(d => (d.Revision, d.Operation, d.ClientId, d.ClientSeq)));
        Assert.Equal([2L], (await editor.InvokeAsync(() => editor.Instance.Since(1)))!.Select(d => d.Revision));
    }

    [Fact]
    public async Task ARefusedOperation_ShowsWhy_AndResetsTheBrowserToTheStoredText()
    {
        var editor = RenderEditor();
        await Service.SubmitAsync(_ben, TextId(), 0, Insert(0, "Together ", Start.Length), "ben-tab", 1, Ct);

        var answer = await editor.InvokeAsync(() => editor.Instance.Submit(0, Insert(0, "x", 5), "anna-tab", 1));

        Assert.False(answer.Ok);
        Assert.False(answer.Retry);
        editor.WaitForAssertion(() => Assert.Contains("That change was not saved", editor.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        var reset = Assert.Single(_module.Invocations["reset"]);
        Assert.Equal(("Together " + Start, 1L), ((string)reset.Arguments[1]!, (long)reset.Arguments[2]!));
    }

    [Fact]
    public async Task Disposing_DetachesUnsubscribes_AndWritesTheRunToTheHistory()
    {
        var editor = RenderEditor();
        await editor.InvokeAsync(() => editor.Instance.Submit(0, Insert(0, "Now ", Start.Length), "anna-tab", 1));
        Assert.Empty(Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Description").ToList()));

        await DisposeComponentsAsync();

        Assert.Single(_module.Invocations["detach"]);
        var record = Assert.Single(Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Description").ToList()));
        Assert.Equal("Now " + Start, record.NewValue);
    }

    [Fact]
    public async Task ARestoreByAnotherPerson_TheEditorSaysWhoRestoredIt()
    {
        var editor = RenderEditor();
        Assert.Equal("", editor.Find(".co-text-notice[role=status][aria-live=polite]").TextContent);

        // The field path a restore from the goal's history takes.
        var saved = await new GoalService(Db, Events, Clock, Service).SaveFieldAsync(_ben, _partnership, _goal, GoalField.Description, Start, "We clean the river twice.", Ct);
        Assert.True(saved.Succeeded, saved.Error?.Message);

        editor.WaitForAssertion(() => Assert.Equal("Ben Baker restored an earlier version.", editor.Find(".co-text-notice").TextContent));

        // Read: the person dismisses it, and typing goes on in the textarea.
        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Dismiss").Click();
        Assert.Equal("", editor.Find(".co-text-notice").TextContent);
        Assert.DoesNotContain(editor.FindAll("button"), b => b.TextContent.Trim() == "Dismiss");
    }
}
