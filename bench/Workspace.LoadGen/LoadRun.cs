using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace Workspace.LoadGen;

public sealed class LoadOptions
{
    public required Uri BaseAddress { get; init; }

    /// <summary>
    /// Where the edits are made, when not on <see cref="BaseAddress"/>: another node of a cluster, so each
    /// edit reaches the viewers through the shared event bus. Server figures are read where the viewers are.
    /// </summary>
    public Uri? EditAddress { get; init; }

    public int Viewers { get; init; } = 50;

    public int Edits { get; init; } = 20;

    /// <summary>Edits started per second (open loop); ignored when <see cref="WaitForEachEdit"/> is set.</summary>
    public double EditsPerSecond { get; init; } = 10;

    /// <summary>Closed loop: each edit waits until every viewer has it (the functional smoke test).</summary>
    public bool WaitForEachEdit { get; init; }

    public int ConnectConcurrency { get; init; } = 8;

    /// <summary>Behind a balancer that is sticky by the ws_affinity cookie: each viewer carries its own, as each browser would.</summary>
    public bool SpreadOverNodes { get; init; }

    /// <summary>Circuits opened and closed before measuring, so the heap baseline and the JIT are warm.</summary>
    public int WarmupCircuits { get; init; }

    /// <summary>The hub path: seconds of edits at <see cref="EditsPerSecond"/> to the warm-up watchers before the measured ones join.</summary>
    public double WarmupEditSeconds { get; init; }

    /// <summary>Edits per second during the warm-up (the run's own rate when unset).</summary>
    public double? WarmupEditsPerSecond { get; init; }

    /// <summary>Viewers sign in as these accounts in turn (each account signs in once; its cookie serves many circuits).</summary>
    public IReadOnlyList<string> ViewerAccounts { get; init; } = ["facilitator@demo.local", "contributor@demo.local", "partner@demo.local", "ngo@demo.local", "observer@demo.local"];

    public string EditorAccount { get; init; } = "contributor@demo.local";

    public string Password { get; init; } = "Demo-Partner-2026!";

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public IPageScenario Scenario { get; init; } = new GoalPageScenario();

    /// <summary>Keeps the circuits open this long after measuring (e.g. to take a heap dump of the server).</summary>
    public TimeSpan Hold { get; init; }

    /// <summary>Hub runs: watchers join naming no fragment they show, as a page without hashes does, and get the whole view.</summary>
    public bool JoinWhole { get; init; }

    /// <summary>
    /// After the viewers connect, waits at most this long for the server to go quiet (under
    /// <see cref="SettleCpuShare"/> of one core over a second) before the edits start: a fresh server spends
    /// its first minute or two recompiling the methods the connections ran (tiered JIT), and edits measured
    /// during that would carry its cost. Zero (the default here; the command line waits up to 60 s) starts the edits at once.
    /// </summary>
    public TimeSpan SettleTimeout { get; init; }

    public double SettleCpuShare { get; init; } = 0.1;
}

/// <summary>Garbage collections counted on the server while the edits ran (gen1 includes gen2, gen0 both).</summary>
public sealed record GcDuringEdits(int Gen0, int Gen1, int Gen2, double PauseMilliseconds, double AllocatedBytesPerViewerPerEdit);

public sealed record LoadReport
{
    public required string Scenario { get; init; }

    /// <summary>"circuit" (Blazor circuits) or "hub" (watchers on the live hub, <see cref="HubRun"/>).</summary>
    public string Transport { get; init; } = "circuit";

    public required int ViewersRequested { get; init; }
    public required int ViewersConnected { get; init; }
    public required int ConnectErrors { get; init; }
    public required double ConnectSeconds { get; init; }
    public required double CircuitsPerSecond { get; init; }
    public long? HeapBeforeBytes { get; init; }
    public long? HeapAfterBytes { get; init; }
    public double? HeapPerCircuitKb { get; init; }
    public double? WorkingSetPerCircuitKb { get; init; }
    public double? ServerCpuMsPerEdit { get; init; }
    public int? ServerCircuits { get; init; }

    /// <summary>The server's garbage collections from the first edit to the last delivery; null when not measured.</summary>
    public GcDuringEdits? EditPhaseGc { get; init; }

    /// <summary>Seconds waited after connecting for the server to go quiet; null when not measured.</summary>
    public double? SettleSeconds { get; init; }

    /// <summary>Whether the server went quiet within the settle timeout.</summary>
    public bool? Settled { get; init; }
    public required int EditsSent { get; init; }
    public required int EditErrors { get; init; }
    public required double EditsPerSecondAchieved { get; init; }
    public required Percentiles SaveLatency { get; init; }
    public required long DeliveriesExpected { get; init; }
    public required long Delivered { get; init; }
    public required long Superseded { get; init; }
    public required long Missing { get; init; }
    public required Percentiles ViewerLatency { get; init; }
    public required Percentiles LastViewerLatency { get; init; }

    /// <summary>Hub runs: edit → the update's bytes at the watcher's socket, before the generator's client parsed them (null: not noted).</summary>
    public Percentiles? ViewerLatencyAtSocket { get; init; }
    public required int CircuitErrors { get; init; }
    public required IReadOnlyList<string> ErrorSamples { get; init; }
    public required double RenderBatchesPerViewerPerEdit { get; init; }
    public required double RenderBytesPerViewerPerEdit { get; init; }
    public required string JsCalls { get; init; }

    /// <summary>Hub runs: seconds of edits to the warm-up watchers before the measured ones joined (0: a freshly started app).</summary>
    public double WarmupEditSeconds { get; init; }

    /// <summary>How long the watchers were held open after the edits (hub runs with --hold); null when not held.</summary>
    public double? HoldSeconds { get; init; }

    /// <summary>Hub runs: watchers still connected (neither dropped nor closed) at the end, after the hold.</summary>
    public int? StillConnected { get; init; }

    public long? HeapAfterHoldBytes { get; init; }

    public double? HeapPerWatcherAfterHoldKb { get; init; }

    public double? WorkingSetPerWatcherAfterHoldKb { get; init; }

    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var hub = Transport == "hub";
        var unit = hub ? "watcher" : "circuit";
        text.AppendLine(c, $"scenario: {Scenario}");
        text.AppendLine(c, $"{unit}s: {ViewersConnected}/{ViewersRequested} connected in {ConnectSeconds:0.0} s ({CircuitsPerSecond:0.0}/s), {ConnectErrors} connect errors");
        text.AppendLine(HeapPerCircuitKb is { } kb
            ? string.Create(c, $"heap: {HeapBeforeBytes / 1024.0 / 1024:0.0} MB → {HeapAfterBytes / 1024.0 / 1024:0.0} MB after a forced GC, {kb:0.0} KB per {unit}, working set {WorkingSetPerCircuitKb:0} KB per {unit} ({ServerCircuits} circuits on the server)")
            : "heap: not measured (no /_bench/heap endpoint)");
        if (HoldSeconds is { } held)
        {
            text.AppendLine(c, $"held {held:0} s: {StillConnected}/{ViewersConnected} still connected; heap {HeapAfterHoldBytes / 1024.0 / 1024:0.0} MB, {HeapPerWatcherAfterHoldKb:0.0} KB and working set {WorkingSetPerWatcherAfterHoldKb:0} KB per {unit}");
        }
        else if (StillConnected is { } still)
        {
            text.AppendLine(c, $"still connected at the end: {still}/{ViewersConnected}");
        }

        text.AppendLine(c, $"edits: {EditsSent} sent at {EditsPerSecondAchieved:0.0}/s, {EditErrors} refused; save round trip {SaveLatency}");
        text.AppendLine(c, $"deliveries: {Delivered}/{DeliveriesExpected} delivered, {Superseded} superseded by a later edit, {Missing} missing");
        text.AppendLine(c, $"edit → viewer: {ViewerLatency}");
        text.AppendLine(c, $"edit → last viewer: {LastViewerLatency}");
        if (ViewerLatencyAtSocket is { } atSocket)
        {
            text.AppendLine(c, $"edit → viewer's socket (before this generator's client parses): {atSocket}");
        }
        text.AppendLine(hub
            ? string.Create(c, $"updates per watcher per edit: {RenderBatchesPerViewerPerEdit:0.00}, {RenderBytesPerViewerPerEdit:0} characters of fragments")
            : string.Create(c, $"render batches per viewer per edit: {RenderBatchesPerViewerPerEdit:0.00}, {RenderBytesPerViewerPerEdit:0} bytes"));
        if (ServerCpuMsPerEdit is { } cpu && ViewersConnected > 0)
        {
            text.AppendLine(c, $"server CPU per edit: {cpu:0.0} ms, {cpu * 1000 / ViewersConnected:0} µs per viewer");
        }

        if (EditPhaseGc is { } gc)
        {
            text.AppendLine(c, $"server GC during the edits: {gc.Gen0} gen0, {gc.Gen1} gen1, {gc.Gen2} gen2 collections, {gc.PauseMilliseconds:0} ms paused, {gc.AllocatedBytesPerViewerPerEdit / 1024:0.0} KB allocated per viewer per edit");
        }

        if (SettleSeconds is { } settle)
        {
            text.AppendLine(Settled == true
                ? string.Create(c, $"edits started once the server was quiet, {settle:0.0} s after the viewers connected")
                : string.Create(c, $"edits started with the server still busy, {settle:0.0} s after the viewers connected"));
        }

        text.AppendLine(c, $"{unit} errors: {CircuitErrors}");
        if (!hub)
        {
            text.AppendLine(c, $"JS calls answered: {JsCalls}");
        }

        foreach (var sample in ErrorSamples)
        {
            text.AppendLine(c, $"  {sample}");
        }

        return text.ToString();
    }
}

/// <summary>Signs in, opens the viewers' circuits, makes edits carrying nonces and times their arrival in every viewer's render batches.</summary>
public sealed class LoadRun
{
    private readonly LoadOptions _options;
    private readonly TextWriter _log;

    public LoadRun(LoadOptions options, TextWriter? log = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? TextWriter.Null;
    }

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var o = _options;
        var baseAddress = o.BaseAddress;

        // Each distinct account signs in once through the form.
        var cookies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in o.ViewerAccounts.Append(o.EditorAccount).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            cookies[account] = await AccountSession.SignInAsync(baseAddress, account, o.Password, cancellationToken);
        }

        _log.WriteLine($"signed in {cookies.Count} accounts");
        using var pageHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(2) };
        using var editor = AccountSession.SignedInClient(o.EditAddress ?? baseAddress, cookies[o.EditorAccount], TimeSpan.FromMinutes(1));
        using var viewerNode = AccountSession.SignedInClient(baseAddress, cookies[o.EditorAccount], TimeSpan.FromMinutes(1));

        var path = await o.Scenario.PrepareAsync(editor, cancellationToken);
        var run = DeliveryTracker.RandomRun();
        var tracker = new DeliveryTracker(run, o.Viewers, o.Edits);
        tracker.MarkSent(0);
        await o.Scenario.EditAsync(editor, tracker.Nonce(0), cancellationToken);
        _log.WriteLine($"viewing {baseAddress}{path}");

        var answers = new JsAnswers(new(StringComparer.Ordinal)
        {
            ["workspace.timeZone"] = System.Text.Json.Nodes.JsonValue.Create("Europe/London"),
            ["workspace.copyText"] = System.Text.Json.Nodes.JsonValue.Create(true),
        });

        if (o.WarmupCircuits > 0)
        {
            var warmupTracker = new DeliveryTracker(run, o.WarmupCircuits, 0);
            warmupTracker.MarkSent(0);
            var (warm, _) = await ConnectAsync(o.WarmupCircuits, path, cookies, warmupTracker, answers, pageHttp, cancellationToken);
            await WaitUntilAsync(() => warmupTracker.ReadyCount >= warm.Length, o.ReadyTimeout, cancellationToken);
            await CloseAllAsync(warm, pageHttp);
            _log.WriteLine($"warmed up with {warm.Length} circuits");
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var heapBefore = await HeapAsync(viewerNode, cancellationToken);

        // Connect.
        var connectWatch = Stopwatch.StartNew();
        var (circuits, connectErrors) = await ConnectAsync(o.Viewers, path, cookies, tracker, answers, pageHttp, cancellationToken);
        var started = o.Viewers - connectErrors;
        await WaitUntilAsync(() => tracker.ReadyCount >= started, o.ReadyTimeout, cancellationToken);
        connectWatch.Stop();
        var ready = tracker.ReadyCount;
        _log.WriteLine($"{ready} circuits ready in {connectWatch.Elapsed.TotalSeconds:0.0} s");

        // Let the connect burst settle, then weigh the heap.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var heapAfter = await HeapAsync(viewerNode, cancellationToken);
        var (settleSeconds, settled) = await SettleAsync(viewerNode, o, cancellationToken);
        if (settleSeconds is not null)
        {
            _log.WriteLine(settled == true
                ? $"server quiet after {settleSeconds:0.0} s"
                : $"server still busy after {settleSeconds:0.0} s; editing anyway");
        }

        tracker.StartCountingBatches();
        var cpuStart = await CpuReportAsync(viewerNode, cancellationToken);

        // Edits: open loop at the given rate (several may be in flight), or closed loop (each waits for every viewer).
        var saveTimes = new ConcurrentBag<double>();
        var editErrors = 0;
        var inFlight = new List<Task>();
        var editWatch = Stopwatch.StartNew();
        for (var seq = 1; seq <= o.Edits; seq++)
        {
            if (!o.WaitForEachEdit && o.EditsPerSecond > 0)
            {
                var due = TimeSpan.FromSeconds((seq - 1) / o.EditsPerSecond) - editWatch.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            var edit = EditAsync(seq);
            if (o.WaitForEachEdit)
            {
                await edit;
                var s = seq;
                await WaitUntilAsync(() => tracker.DeliveredCount(s) >= ready, o.DeliveryTimeout, cancellationToken);
            }
            else
            {
                inFlight.Add(edit);
            }
        }

        // The rate achieved is the rate edits were started at.
        var editSeconds = editWatch.Elapsed.TotalSeconds + (o.WaitForEachEdit || o.EditsPerSecond <= 0 ? 0 : 1 / o.EditsPerSecond);
        await Task.WhenAll(inFlight);

        async Task EditAsync(int seq)
        {
            var sent = tracker.MarkSent(seq);
            try
            {
                await o.Scenario.EditAsync(editor, tracker.Nonce(seq), cancellationToken);
                saveTimes.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
#pragma warning disable CA1031 // A refused edit is counted in the report.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref editErrors);
                tracker.Unsend(seq);
                tracker.OnError(null, $"edit {seq}: {ex.Message}");
            }
        }

        await WaitUntilAsync(() => tracker.AllDelivered(ready), o.DeliveryTimeout, cancellationToken);
        var cpuEnd = await CpuReportAsync(viewerNode, cancellationToken);

        var report = tracker.Report(o, ready, connectErrors, connectWatch.Elapsed.TotalSeconds, editErrors, editSeconds, saveTimes) with
        {
            HeapBeforeBytes = heapBefore?.HeapBytes,
            HeapAfterBytes = heapAfter?.HeapBytes,
            HeapPerCircuitKb = heapBefore is not null && heapAfter is not null && ready > 0
                ? (heapAfter.HeapBytes - heapBefore.HeapBytes) / 1024.0 / ready
                : null,
            WorkingSetPerCircuitKb = heapBefore is not null && heapAfter is not null && ready > 0
                ? (heapAfter.WorkingSetBytes - heapBefore.WorkingSetBytes) / 1024.0 / ready
                : null,
            ServerCircuits = heapAfter?.Circuits,
            SettleSeconds = settleSeconds,
            Settled = settled,
            ServerCpuMsPerEdit = cpuStart is not null && cpuEnd is not null && o.Edits > 0
                ? (cpuEnd.CpuMilliseconds - cpuStart.CpuMilliseconds) / o.Edits
                : null,
            EditPhaseGc = cpuStart is not null && cpuEnd is not null
                ? new GcDuringEdits(
                    cpuEnd.Gen0Collections - cpuStart.Gen0Collections,
                    cpuEnd.Gen1Collections - cpuStart.Gen1Collections,
                    cpuEnd.Gen2Collections - cpuStart.Gen2Collections,
                    cpuEnd.GcPauseMilliseconds - cpuStart.GcPauseMilliseconds,
                    o.Edits > 0 && ready > 0 ? (cpuEnd.AllocatedBytes - cpuStart.AllocatedBytes) / (double)o.Edits / ready : 0)
                : null,
            JsCalls = answers.ToString(),
        };

        if (o.Hold > TimeSpan.Zero)
        {
            _log.Write(report.ToText());
            _log.WriteLine($"holding {ready} circuits open for {o.Hold.TotalSeconds:0} s");
            await Task.Delay(o.Hold, cancellationToken);
        }

        await CloseAllAsync(circuits, pageHttp);
        return report;
    }

    private async Task<(CircuitClient[] Circuits, int Errors)> ConnectAsync(
        int count, string path, Dictionary<string, string> cookies, DeliveryTracker tracker, JsAnswers answers, HttpClient http, CancellationToken cancellationToken)
    {
        var o = _options;
        var circuits = new CircuitClient[count];
        var errors = 0;
        using var gate = new SemaphoreSlim(Math.Max(1, o.ConnectConcurrency));
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            var cookie = cookies[o.ViewerAccounts[i % o.ViewerAccounts.Count]];
            var circuit = new CircuitClient(i, o.BaseAddress, o.SpreadOverNodes ? $"{cookie}; ws_affinity=viewer-{i}" : cookie, tracker, answers);
            circuits[i] = circuit;
            try
            {
                await circuit.StartAsync(http, path, cancellationToken);
            }
#pragma warning disable CA1031 // Connect failures are counted in the report.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref errors);
                tracker.OnError(circuit, $"connect: {ex.Message}");
            }
            finally
            {
                gate.Release();
            }
        }));
        return (circuits, errors);
    }

    private async Task CloseAllAsync(CircuitClient[] circuits, HttpClient http)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, _options.ConnectConcurrency * 2));
        await Task.WhenAll(circuits.Select(async circuit =>
        {
            await gate.WaitAsync();
            try
            {
                await circuit.CloseAsync(http);
            }
#pragma warning disable CA1031 // Closing is best effort; the server drops what is left when the run ends.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                await circuit.DisposeAsync();
                gate.Release();
            }
        }));
    }

    internal static async Task<HeapReport?> HeapAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("/_bench/heap", UriKind.Relative), cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<HeapReport>(cancellationToken) : null;
    }

    /// <summary>Polls the server's CPU time until a second passes with less than the given share of a core used.</summary>
    internal static async Task<(double? Seconds, bool? Settled)> SettleAsync(HttpClient http, LoadOptions o, CancellationToken cancellationToken)
    {
        if (o.SettleTimeout <= TimeSpan.Zero || await CpuAsync(http, cancellationToken) is not { } last)
        {
            return (null, null);
        }

        var watch = Stopwatch.StartNew();
        var lastAt = watch.Elapsed;
        while (watch.Elapsed < o.SettleTimeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if (await CpuAsync(http, cancellationToken) is not { } now)
            {
                return (null, null);
            }

            var at = watch.Elapsed;
            var share = (now - last) / (at - lastAt).TotalMilliseconds;
            (last, lastAt) = (now, at);
            if (share < o.SettleCpuShare)
            {
                return (watch.Elapsed.TotalSeconds, true);
            }
        }

        return (watch.Elapsed.TotalSeconds, false);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < timeout)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    internal sealed record HeapReport(long HeapBytes, int Circuits, long WorkingSetBytes);

    internal sealed record CpuReport(double CpuMilliseconds, int Gen0Collections, int Gen1Collections, int Gen2Collections,
        double GcPauseMilliseconds, long AllocatedBytes);

    internal static async Task<double?> CpuAsync(HttpClient http, CancellationToken cancellationToken) =>
        (await CpuReportAsync(http, cancellationToken))?.CpuMilliseconds;

    internal static async Task<CpuReport?> CpuReportAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("/_bench/cpu", UriKind.Relative), cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<CpuReport>(cancellationToken) : null;
    }
}
