using System.Text.Json;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.CoTyping;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>
/// The co-typing browser module (decision 022) alone in Chromium: loaded from the app's static assets into a bare
/// page with a real textarea, and driven through the functions the component calls, with a stand-in for the
/// component that records every call and answers a Submit only when the test says so.
/// </summary>
public sealed class CoTextModuleTests(AppFixture app)
{
    [Fact]
    public async Task AReloadWithAnUnansweredOperation_SendsItAgainWithTheSameIdAndBase_AndEndsWithTheServersText()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context);
        var textId = Guid.NewGuid().ToString();
        await editor.AttachAsync(textId, "Hello", 5);
        await editor.CaretAsync(5);
        await editor.Page.Keyboard.TypeAsync(" world");
        var first = Assert.Single(await editor.SubmitsAsync());
        Assert.Equal(new Submitted(5, """[5," "]""", first.ClientId, 1), first);

        // Never answered; meanwhile two others' operations took the server's text from "Hello" (5) to "Oh Hello!" (7).
        await editor.Page.ReloadAsync();
        await editor.WaitUntilLoadedAsync();
        var attached = await editor.AttachAsync(textId, "Oh Hello!", 7);
        Assert.Equal(new Attached(5, first.ClientId, "Hello world"), attached);
        Assert.Empty(await editor.SubmitsAsync());
        await editor.StartAsync();
        Assert.Equal(new Submitted(5, """[5," "]""", first.ClientId, 1), Assert.Single(await editor.SubmitsAsync()));

        await editor.ReceiveAsync(Item(6, """["Oh ",5]"""), Item(7, """[8,"!"]"""));
        await Expect(editor.Textarea).ToHaveValueAsync("Oh Hello world!");
        // The server applied the resend over both, its insert first where both inserted: "Oh Hello !".
        await editor.ReceiveAsync(Item(8, """[8," ",1]""", first.ClientId, 1));
        var submits = await editor.SubmitsAsync();
        Assert.Equal(2, submits.Count);
        Assert.Equal(new Submitted(8, """[9,"world",1]""", first.ClientId, 2), submits[1]);
        await editor.ReceiveAsync(Item(9, """[9,"world",1]""", first.ClientId, 2));

        Assert.Equal("Oh Hello world!", ServerLog.Aggregate("Hello", ApplyOnServer));
        await Expect(editor.Textarea).ToHaveValueAsync("Oh Hello world!");
        await Expect(editor.Status).ToHaveAttributeAsync("data-state", "saved");
        Assert.Equal($$"""{"clientId":"{{first.ClientId}}","seq":2}""", await editor.StoredAsync(textId));
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task DuringImeComposition_NothingIsSentAndOthersOperationsWait_ThenOneOperationAndTheWaitingOnesFollow()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context);
        var attached = await editor.AttachAsync(Guid.NewGuid().ToString(), "abc", 1);
        await editor.CaretAsync(3);
        var cdp = await context.NewCDPSessionAsync(editor.Page);

        // Kana typed as romaji: "k", then "か", still being composed.
        await ComposeAsync(cdp, "k");
        await ComposeAsync(cdp, "か");
        await Expect(editor.Textarea).ToHaveValueAsync("abcか");
        await editor.ReceiveAsync(Item(2, """["X",3]"""));
        Assert.Equal("abcか", await editor.Textarea.InputValueAsync());
        Assert.Empty(await editor.SubmitsAsync());

        await cdp.SendAsync("Input.insertText", new() { ["text"] = "か" });

        await Expect(editor.Textarea).ToHaveValueAsync("Xabcか");
        Assert.Equal(new Submitted(1, """[3,"か"]""", attached.ClientId, 1), Assert.Single(await editor.SubmitsAsync()));
        await editor.ReceiveAsync(Item(3, """[4,"か"]""", attached.ClientId, 1));
        await Expect(editor.Status).ToHaveAttributeAsync("data-state", "saved");
        Assert.Single(await editor.SubmitsAsync());
        await Expect(editor.Textarea).ToHaveValueAsync("Xabcか");
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ARetryAfterOthersOperationTransformedTheOutstandingOne_SendsItTransformed_OnTheLaterRevision()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context, fakeClock: true);
        var attached = await editor.AttachAsync(Guid.NewGuid().ToString(), "abc", 1);
        await editor.CaretAsync(3);
        await editor.Page.Keyboard.TypeAsync("X");
        Assert.Equal(new Submitted(1, """[3,"X"]""", attached.ClientId, 1), Assert.Single(await editor.SubmitsAsync()));

        await editor.ReceiveAsync(Item(2, """["Z",3]"""));
        await Expect(editor.Textarea).ToHaveValueAsync("ZabcX");
        await editor.AnswerAsync(0, new { ok = false, retry = true });
        await Expect(editor.Status).ToHaveAttributeAsync("data-state", "offline");
        await editor.Page.Clock.RunForAsync(1000);

        await editor.WaitForSubmitsAsync(2);
        // Not on revision 1 with [3,"X"]: the server would transform it over "Z" a second time.
        Assert.Equal(new Submitted(2, """[4,"X"]""", attached.ClientId, 1), (await editor.SubmitsAsync())[1]);
        await editor.AnswerAsync(1, new { ok = true, retry = false });
        await editor.ReceiveAsync(Item(3, """[4,"X"]""", attached.ClientId, 1));
        await Expect(editor.Status).ToHaveAttributeAsync("data-state", "saved");
        await Expect(editor.Textarea).ToHaveValueAsync("ZabcX");
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ACaretReportedBeforeOperationsTheEditorApplied_IsPlacedOverThem_AndTheSameReportAgainKeepsItWhereItMoved()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context);
        await editor.AttachAsync(Guid.NewGuid().ToString(), "Alpha Omega", 1);
        await editor.ReceiveAsync(Item(2, """["Before. ",11]"""), Item(3, """[19,"!"]"""));
        await Expect(editor.Textarea).ToHaveValueAsync("Before. Alpha Omega!");

        // Reported at revision 1, on "Omega": the editor is at 3 and moves it over both operations itself.
        const string priya = "{ clientId: 'priya', label: 'Priya Shah · SafeRoute', colour: '#8a2be2', revision: 1, start: 6, end: 11 }";
        await editor.Page.EvaluateAsync($"() => test.coText.carets('editor', [{priya}])");
        var priyasCaret = editor.Page.Locator(".co-text-carets .co-caret").Filter(new() { HasText = "Priya Shah · SafeRoute" });
        await Expect(priyasCaret).ToHaveAttributeAsync("data-start", "14");
        await Expect(editor.Page.Locator(".co-text-carets .co-selection")).ToHaveTextAsync("Omega");

        // The list again (someone else's caret changed): hers is the same report, so it stays where it moved to.
        await editor.ReceiveAsync(Item(4, """["Now: ",20]"""));
        const string dev = "{ clientId: 'dev', label: 'Dev Patel · Ministry', colour: '#1565c0', revision: 4, start: 0, end: 0 }";
        await editor.Page.EvaluateAsync($"() => test.coText.carets('editor', [{priya}, {dev}])");
        await Expect(priyasCaret).ToHaveAttributeAsync("data-start", "19");
        await Expect(editor.Page.Locator(".co-text-carets .co-caret")).ToHaveCountAsync(2);

        // A report older than the operations the editor keeps cannot be placed truly: it waits for her next report.
        await editor.Page.EvaluateAsync("() => test.coText.carets('editor', [{ clientId: 'priya', label: 'Priya', colour: '#8a2be2', revision: 0, start: 0, end: 0 }])");
        await Expect(editor.Page.Locator(".co-text-carets .co-caret")).ToHaveCountAsync(0);
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AnInsertBeforeTheCaretOrSelection_KeepsThemOnTheirCharacters_AndOthersCaretsMoveAlong()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context);
        await editor.AttachAsync(Guid.NewGuid().ToString(), "Alpha Omega", 1);
        await editor.CaretAsync(6);
        await editor.Page.EvaluateAsync("() => test.coText.carets('editor', [{ clientId: 'priya', label: 'Priya Shah · SafeRoute', colour: '#8a2be2', revision: 1, start: 6, end: 6 }])");
        var priyasCaret = editor.Page.Locator(".co-text-carets .co-caret").Filter(new() { HasText = "Priya Shah · SafeRoute" });
        await Expect(priyasCaret).ToHaveAttributeAsync("data-start", "6");

        await editor.ReceiveAsync(Item(2, """["Before. ",11]"""));
        await Expect(editor.Textarea).ToHaveValueAsync("Before. Alpha Omega");
        Assert.Equal(new Selection(14, 14), await editor.SelectionAsync());
        await Expect(priyasCaret).ToHaveAttributeAsync("data-start", "14");

        await editor.SelectAsync(14, 19);
        await editor.ReceiveAsync(Item(3, """["Now: ",19]"""), Item(4, """[24,"!"]"""));
        await Expect(editor.Textarea).ToHaveValueAsync("Now: Before. Alpha Omega!");
        Assert.Equal(new Selection(19, 24), await editor.SelectionAsync());
        Assert.Equal("Omega", await editor.Textarea.EvaluateAsync<string>("t => t.value.slice(t.selectionStart, t.selectionEnd)"));
        await Expect(priyasCaret).ToHaveAttributeAsync("data-start", "19");
        Assert.Empty(await editor.SubmitsAsync());
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TypingAtTheCaret_ReportsItOnce_SinceTheOthersMoveItAlong_AndAMoveOrANewcomerReportsItAgain()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context, fakeClock: true);
        await editor.Page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(1));
        var attached = await editor.AttachAsync(Guid.NewGuid().ToString(), "Hello", 1);
        await editor.CaretAsync(5);
        await editor.Page.Clock.RunForAsync(200);
        Assert.Equal(new[] { new CaretReport(1, 5, 5) }, await editor.CaretReportsAsync());

        // "abc" typed at the caret: the first letter in flight, the other two composed behind it, then both acknowledged.
        await editor.Page.Keyboard.TypeAsync("abc");
        await editor.Page.Clock.RunForAsync(200);
        await editor.ReceiveAsync(Item(2, """[5,"a"]""", attached.ClientId, 1));
        await editor.ReceiveAsync(Item(3, """[6,"bc"]""", attached.ClientId, 2));
        // Someone else's insert before it moves it for everyone alike.
        await editor.ReceiveAsync(Item(4, """["Oh, ",8]"""));
        await editor.Page.Keyboard.TypeAsync("!");
        await editor.Page.Clock.RunForAsync(200);
        await editor.ReceiveAsync(Item(5, """[12,"!"]""", attached.ClientId, 3));
        await Expect(editor.Textarea).ToHaveValueAsync("Oh, Helloabc!");
        Assert.Single(await editor.CaretReportsAsync());

        await editor.CaretAsync(0);
        await editor.Page.Clock.RunForAsync(200);
        Assert.Equal(new CaretReport(5, 0, 0), (await editor.CaretReportsAsync())[^1]);

        // Someone new opens the text: shown where it is, though it did not move.
        await editor.Page.EvaluateAsync("() => test.coText.announce('editor')");
        await editor.Page.Clock.RunForAsync(200);
        var reports = await editor.CaretReportsAsync();
        Assert.Equal(new[] { new CaretReport(1, 5, 5), new CaretReport(5, 0, 0), new CaretReport(5, 0, 0) }, reports);
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task PreviewWhileOthersKeepTyping_ComesOnceASecond_AndOnce250msAfterTheLastChange()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context, fakeClock: true);
        await editor.Page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(1));
        await editor.AttachAsync(Guid.NewGuid().ToString(), "", 1);

        // Someone else types a character every 100 ms for 2.5 s.
        for (var i = 0; i < 25; i++)
        {
            await editor.ReceiveAsync(Item(i + 2, i == 0 ? """["x"]""" : $"[{i},\"x\"]"));
            await editor.Page.Clock.RunForAsync(100);
        }

        Assert.Equal(new[] { new Preview(10, 1000), new Preview(20, 2000) }, await editor.PreviewsAsync());
        await editor.Page.Clock.RunForAsync(150);
        Assert.Equal(new[] { new Preview(10, 1000), new Preview(20, 2000), new Preview(25, 2650) }, await editor.PreviewsAsync());
        await editor.Page.Clock.RunForAsync(5000);
        Assert.Equal(3, (await editor.PreviewsAsync()).Count);
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task OperationsInTheBrowser_TransformConvergesAndComposeAgreesWithApply_AndBothMatchTheServers()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context);

        var json = await editor.Page.EvaluateAsync<string>(RandomOperationsScript, new { seed = 20261206, count = 3000 });
        var result = JsonSerializer.Deserialize<RandomRun>(json, JsonSerializerOptions.Web)!;

        Assert.Empty(result.Failures);
        Assert.Equal(3000, result.Transforms.Count);
        Assert.Equal(3000, result.Composes.Count);
        Assert.Contains(result.Transforms, t => t.Text.Any(char.IsSurrogate));
        // The same pairs through the server's TextOperation: the same normal forms, the same tie-break.
        foreach (var t in result.Transforms)
        {
            var (aPrime, bPrime) = TextOperation.Transform(Parse(t.A), Parse(t.B));
            Assert.True(aPrime.Equals(Parse(t.APrime)) && bPrime.Equals(Parse(t.BPrime)), $"transform({t.A}, {t.B}) on \"{t.Text}\": JS {t.APrime} {t.BPrime}, server {aPrime} {bPrime}");
        }

        foreach (var c in result.Composes)
        {
            var composed = TextOperation.Compose(Parse(c.A), Parse(c.B));
            Assert.True(composed.Equals(Parse(c.Composed)), $"compose({c.A}, {c.B}): JS {c.Composed}, server {composed}");
        }

        // Both insert at one place: the first operation's insert comes first.
        Assert.Equal("""[["A",2],[1,"B",1]]""", await editor.Page.EvaluateAsync<string>(
            "() => { const { TextOperation } = test.ops; return JSON.stringify(TextOperation.transform(TextOperation.fromJSON(['A', 1]), TextOperation.fromJSON(['B', 1]))); }"));
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ABurstFromTheHubOutOfRevisionOrder_IsAppliedInOrder_AndTheOwnEchoWaitsForTheAck()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context);
        var textId = Guid.NewGuid().ToString();
        await editor.Page.EvaluateAsync("() => { test.hub.latest = 1; }");
        var attached = await editor.AttachAsync(textId, "abc", 1, live: true);
        Assert.Equal([$"Join {textId}"], await editor.HubInvocationsAsync());
        await Expect(editor.Status).ToHaveAttributeAsync("data-live", "live");
        await editor.CaretAsync(1);
        await editor.Page.Keyboard.TypeAsync("Z");
        Assert.Equal(new Submitted(1, """[1,"Z",2]""", attached.ClientId, 1), Assert.Single(await editor.SubmitsAsync()));

        // Another node's events came in another order: 3 before 2, and the editor's own echo (4) with them.
        await editor.FromHubAsync(textId, Item(3, """[4,"Y"]"""), Item(4, """[2,"Z",3]""", attached.ClientId, 1), Item(2, """["X",3]"""));
        await Expect(editor.Textarea).ToHaveValueAsync("XaZbcY");
        await Expect(editor.Status).ToHaveAttributeAsync("data-state", "saving");

        // The ack comes with the submit's answer: revision 4 is applied once, as the ack.
        await editor.AnswerAsync(0, new { ok = true, retry = false, ack = Item(4, """[2,"Z",3]""", attached.ClientId, 1) });
        await Expect(editor.Status).ToHaveAttributeAsync("data-state", "saved");
        await editor.FromHubAsync(textId, Item(5, """[6,"!"]"""));
        await Expect(editor.Textarea).ToHaveValueAsync("XaZbcY!");
        Assert.Single(await editor.SubmitsAsync());
        Assert.Empty(await editor.SinceCallsAsync());
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AGapNoSubmitWillFill_IsReadThroughTheCircuitAfterAMoment_AndEachRevisionIsAppliedOnce()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context, fakeClock: true);
        await editor.Page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(1));
        var textId = Guid.NewGuid().ToString();
        await editor.Page.EvaluateAsync("() => { test.hub.latest = 1; }");
        await editor.AttachAsync(textId, "abc", 1, live: true);

        // Revision 2 is lost (a node's message that never came); 3 waits for it.
        await editor.FromHubAsync(textId, Item(3, """[4,"Y"]"""));
        await editor.Page.Clock.RunForAsync(200);
        Assert.Empty(await editor.SinceCallsAsync());
        Assert.Equal("abc", await editor.Textarea.InputValueAsync());

        await editor.Page.EvaluateAsync("""() => { test.since = (revision) => [{ revision: 2, operation: '["X",3]', clientId: 'someone-else', clientSeq: 1 }, { revision: 3, operation: '[4,"Y"]', clientId: 'someone-else', clientSeq: 2 }]; }""");
        await editor.Page.Clock.RunForAsync(200);
        await editor.SettleAsync();

        Assert.Equal([1L], await editor.SinceCallsAsync());
        await Expect(editor.Textarea).ToHaveValueAsync("XabcY");
        // Late, the lost message arrives after all: already applied, nothing changes.
        await editor.FromHubAsync(textId, Item(2, """["X",3]"""));
        await editor.Page.Clock.RunForAsync(1000);
        await Expect(editor.Textarea).ToHaveValueAsync("XabcY");
        Assert.Single(await editor.SinceCallsAsync());
        editor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task WhileTheHubCannotConnect_TheEditorReadsThroughTheCircuitEveryFewSeconds_AndSaysSo()
    {
        await using var context = await app.NewContextAsync();
        var editor = await ModulePage.OpenAsync(context, fakeClock: true);
        await editor.Page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(1));
        await editor.Page.EvaluateAsync("""() => { test.hub.failStart = true; test.since = (revision) => revision === 1 ? [{ revision: 2, operation: '["X",3]', clientId: 'someone-else', clientSeq: 1 }] : []; }""");
        await editor.AttachAsync(Guid.NewGuid().ToString(), "abc", 1, live: true);

        await Expect(editor.Status).ToHaveAttributeAsync("data-live", "polling");
        await Expect(editor.Status).ToContainTextAsync("may arrive a few seconds late");
        await editor.Page.Clock.RunForAsync(2100);
        await editor.SettleAsync();

        await Expect(editor.Textarea).ToHaveValueAsync("Xabc");
        Assert.Equal([1L], await editor.SinceCallsAsync());
        editor.AssertNoConsoleErrors();
    }

    // What the server applied in the reload test, in order: two others' operations, then the editor's two.
    private static readonly string[] ServerLog = ["""["Oh ",5]""", """[8,"!"]""", """[8," ",1]""", """[9,"world",1]"""];

    // Random texts (with surrogate pairs) and operations that never cut a pair, as the server accepts them; every pair
    // is checked here, and sent back so the test can check the server's TextOperation gives the same results.
    private const string RandomOperationsScript =
        """
        ({ seed, count }) => {
          const { TextOperation } = test.ops;
          let state = seed;
          const random = () => {
            state = (state + 0x6d2b79f5) | 0;
            let t = Math.imul(state ^ (state >>> 15), 1 | state);
            t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
            return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
          };
          const below = (n) => Math.floor(random() * n);
          const pieces = ['a', 'b', 'c', ' ', '\n', 'é', '😀', '𝄞'];
          const randomText = (n) => Array.from({ length: n }, () => pieces[below(pieces.length)]).join('');
          const randomOp = (text) => {
            const chars = Array.from(text);
            const op = new TextOperation();
            let i = 0;
            while (i < chars.length) {
              const n = 1 + below(Math.min(4, chars.length - i));
              const units = chars.slice(i, i + n).join('').length;
              const r = random();
              if (r < 0.2) op.insert(randomText(1 + below(3)));
              else if (r < 0.6) { op.retain(units); i += n; }
              else { op.delete(units); i += n; }
            }
            if (random() < 0.3) op.insert(randomText(1 + below(3)));
            return op;
          };
          const failures = [];
          const transforms = [];
          const composes = [];
          const json = (op) => JSON.stringify(op);
          for (let k = 0; k < count; k++) {
            const text = randomText(below(12));
            const a = randomOp(text);
            const b = randomOp(text);
            const [aPrime, bPrime] = TextOperation.transform(a, b);
            const ab = bPrime.apply(a.apply(text));
            const ba = aPrime.apply(b.apply(text));
            if (ab !== ba) failures.push(`transform ${json(a)} ${json(b)} on ${JSON.stringify(text)}: ${JSON.stringify(ab)} vs ${JSON.stringify(ba)}`);
            transforms.push({ text, a: json(a), b: json(b), aPrime: json(aPrime), bPrime: json(bPrime) });

            const then = randomOp(a.apply(text));
            const composed = TextOperation.compose(a, then);
            if (composed.apply(text) !== then.apply(a.apply(text))) failures.push(`compose ${json(a)} ${json(then)} on ${JSON.stringify(text)}`);
            composes.push({ a: json(a), b: json(then), composed: json(composed) });
          }
          return JSON.stringify({ failures, transforms, composes });
        }
        """;

    private static async Task ComposeAsync(ICDPSession cdp, string text) =>
        await cdp.SendAsync("Input.imeSetComposition", new() { ["text"] = text, ["selectionStart"] = text.Length, ["selectionEnd"] = text.Length });

    private static object Item(long revision, string operation, string clientId = "someone-else", long clientSeq = 1) =>
        new { revision, operation, clientId, clientSeq };

    private static TextOperation Parse(string json) =>
        TextOperation.TryParse(json, out var operation, out var error) ? operation : throw new InvalidOperationException($"{json}: {error}");

    private static string ApplyOnServer(string text, string operation) => Parse(operation).Apply(text);

    private sealed record Submitted(long Base, string Operation, string ClientId, long Seq);

    private sealed record Attached(long Revision, string ClientId, string Text);

    private sealed record Selection(int Start, int End);

    private sealed record Preview(int Length, long At);

    private sealed record CaretReport(long Revision, int Start, int End);

    private sealed record RandomRun(List<string> Failures, List<TransformSample> Transforms, List<ComposeSample> Composes);

    private sealed record TransformSample(string Text, string A, string B, string APrime, string BPrime);

    private sealed record ComposeSample(string A, string B, string Composed);

    /// <summary>
    /// A bare page at the app's address (so co-text.js and the modules it imports load from the app's static assets, as
    /// in the running app) with the component's markup: a labelled textarea, the carets' mirror and the status line.
    /// </summary>
    private sealed class ModulePage
    {
        private const string Path = "co-text-module-check";

        private const string Html =
            """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>co-text.js</title></head>
            <body>
              <label for="editor">Text</label>
              <div class="co-text-field" style="position: relative">
                <textarea id="editor" rows="6" cols="60"></textarea>
                <div class="co-text-carets" aria-hidden="true" hidden style="position: absolute; pointer-events: none"></div>
              </div>
              <span id="status" role="status"></span>
              <script type="module">
                import * as coText from '/assets/js/co-text.js';
                import * as ops from '/assets/js/co-text-ops.js';
                const calls = [];
                const submits = [];
                const answers = [];
                let started = 0;
                // The hub as co-text.js sees it: a stand-in for the SignalR client that records invocations, answers a
                // Join with the latest revision the test sets, and lets the test send group messages.
                const hub = { state: 'Disconnected', handlers: {}, invocations: [], latest: 0, failStart: false };
                window.signalR = {
                  LogLevel: { None: 6 },
                  HubConnectionBuilder: class {
                    withUrl() { return this; }
                    withAutomaticReconnect() { return this; }
                    configureLogging() { return this; }
                    build() {
                      return {
                        get state() { return hub.state; },
                        on: (name, handler) => { hub.handlers[name] = handler; },
                        onreconnecting: (handler) => { hub.reconnecting = handler; },
                        onreconnected: (handler) => { hub.reconnected = handler; },
                        onclose: (handler) => { hub.closed = handler; },
                        start: async () => {
                          if (hub.failStart) throw new Error('refused');
                          hub.state = 'Connected';
                        },
                        stop: async () => { hub.state = 'Disconnected'; },
                        invoke: async (name, ...args) => {
                          hub.invocations.push({ name, args });
                          return name === 'Join' ? hub.latest : null;
                        },
                      };
                    }
                  },
                };
                // The component's side: every call recorded (with the time since attach); a Submit waits for the test's answer.
                const dotnet = {
                  invokeMethodAsync(name, ...args) {
                    calls.push({ name, args, at: Date.now() - started });
                    if (name === 'Since') return Promise.resolve(test.since ? test.since(args[0]) : null);
                    if (name !== 'Submit') return Promise.resolve(name === 'CaretMoved' ? true : null);
                    const [base, operation, clientId, seq] = args;
                    submits.push({ base, operation, clientId, seq });
                    return new Promise((resolve) => answers.push(resolve));
                  },
                };
                const textarea = document.getElementById('editor');
                const status = document.getElementById('status');
                window.test = {
                  coText,
                  ops,
                  submits,
                  hub,
                  since: null,
                  attach(textId, text, revision, live) {
                    started = Date.now();
                    return coText.attach('editor', textarea, status, dotnet, textId, text, revision, live ? { hub: '/hubs/co-text', script: '/none.js' } : undefined);
                  },
                  sinceCalls: () => calls.filter((c) => c.name === 'Since').map((c) => c.args[0]),
                  // Lets the promises started by a call settle (the stand-in hub answers at once), whatever the clock.
                  settle: async () => { for (let i = 0; i < 50; i++) await Promise.resolve(); },
                  answer: (index, value) => answers[index](value),
                  previews: () => calls.filter((c) => c.name === 'TextChanged').map((c) => ({ length: c.args[1], at: c.at })),
                  caretReports: () => calls.filter((c) => c.name === 'CaretMoved').map(({ args: [revision, start, end] }) => ({ revision, start, end })),
                };
              </script>
            </body>
            </html>
            """;

        private readonly List<string> _errors = [];

        private ModulePage(IPage page)
        {
            Page = page;
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    _errors.Add(message.Text);
                }
            };
            page.PageError += (_, error) => _errors.Add(error);
        }

        public IPage Page { get; }

        public ILocator Textarea => Page.GetByRole(AriaRole.Textbox, new() { Name = "Text" });

        public ILocator Status => Page.Locator("#status");

        public static async Task<ModulePage> OpenAsync(IBrowserContext context, bool fakeClock = false)
        {
            var page = await context.NewPageAsync();
            var module = new ModulePage(page);
            if (fakeClock)
            {
                await page.Clock.InstallAsync();
            }

            await page.RouteAsync($"**/{Path}", route => route.FulfillAsync(new() { ContentType = "text/html", Body = Html }));
            await page.GotoAsync(Path);
            await module.WaitUntilLoadedAsync();
            return module;
        }

        public async Task WaitUntilLoadedAsync() => await Page.WaitForFunctionAsync("() => window.test !== undefined");

        public async Task<Attached> AttachAsync(string textId, string text, long revision, bool live = false)
        {
            var attached = Deserialize<Attached>(await Page.EvaluateAsync<string>(
                "([textId, text, revision, live]) => JSON.stringify(test.attach(textId, text, revision, live))", new object[] { textId, text, revision, live }));
            await SettleAsync();
            return attached;
        }

        public async Task SettleAsync() => await Page.EvaluateAsync("() => test.settle()");

        /// <summary>A group message from the hub, as the relay sends it: the text's id and a burst of deliveries.</summary>
        public async Task FromHubAsync(string textId, params object[] items)
        {
            await Page.EvaluateAsync("([textId, items]) => test.hub.handlers.ops(textId, items)", new object[] { textId, items });
            await SettleAsync();
        }

        public async Task<List<long>> SinceCallsAsync() =>
            Deserialize<List<long>>(await Page.EvaluateAsync<string>("() => JSON.stringify(test.sinceCalls())"));

        public async Task<List<string>> HubInvocationsAsync() =>
            Deserialize<List<string>>(await Page.EvaluateAsync<string>("() => JSON.stringify(test.hub.invocations.map((i) => `${i.name} ${i.args.join(' ')}`))"));

        public async Task StartAsync() => await Page.EvaluateAsync("() => test.coText.start('editor')");

        public async Task ReceiveAsync(params object[] items) => await Page.EvaluateAsync("items => test.coText.receive('editor', items)", items);

        public async Task AnswerAsync(int index, object answer) => await Page.EvaluateAsync("([index, answer]) => test.answer(index, answer)", new[] { index, answer });

        public async Task<List<Submitted>> SubmitsAsync() =>
            Deserialize<List<Submitted>>(await Page.EvaluateAsync<string>("() => JSON.stringify(test.submits)"));

        public async Task WaitForSubmitsAsync(int count) => await Page.WaitForFunctionAsync("count => test.submits.length >= count", count);

        public async Task<List<Preview>> PreviewsAsync() =>
            Deserialize<List<Preview>>(await Page.EvaluateAsync<string>("() => JSON.stringify(test.previews())"));

        public async Task<List<CaretReport>> CaretReportsAsync() =>
            Deserialize<List<CaretReport>>(await Page.EvaluateAsync<string>("() => JSON.stringify(test.caretReports())"));

        public Task<string?> StoredAsync(string textId) => Page.EvaluateAsync<string?>("textId => sessionStorage.getItem(`co-text:${textId}`)", textId);

        public async Task<Selection> SelectionAsync() =>
            Deserialize<Selection>(await Page.EvaluateAsync<string>("() => JSON.stringify(test.coText.selection('editor'))"));

        public async Task CaretAsync(int at) => await SelectAsync(at, at);

        public async Task SelectAsync(int start, int end)
        {
            await Textarea.FocusAsync();
            await Textarea.EvaluateAsync("(t, [start, end]) => t.setSelectionRange(start, end)", new[] { start, end });
        }

        public void AssertNoConsoleErrors() => Assert.Empty(_errors);

        private static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!;
    }
}
