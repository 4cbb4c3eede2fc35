using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workspace.LoadGen;

/// <summary>
/// The watchers' path (decision 017): opens N watchers on the live hub, each signed in as one of a few
/// accounts (membership is checked on every join), makes edits carrying nonces and times their arrival
/// in every watcher's updates. The figures are the circuit runs' (<see cref="LoadReport"/>), plus the hold:
/// how many watchers are still connected after <see cref="LoadOptions.Hold"/>, and the server's memory then.
/// </summary>
public sealed class HubRun
{
    private readonly LoadOptions _options;
    private readonly LiveViewScenario _view;
    private readonly TextWriter _log;

    public HubRun(LoadOptions options, TextWriter? log = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _view = options.Scenario as LiveViewScenario
            ?? throw new ArgumentException("The hub path needs a live view (--page wall or follow).", nameof(options));
        _log = log ?? TextWriter.Null;
    }

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var o = _options;
        var cookies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in o.ViewerAccounts.Append(o.EditorAccount).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            cookies[account] = await AccountSession.SignInAsync(o.BaseAddress, account, o.Password, cancellationToken);
        }

        _log.WriteLine($"signed in {cookies.Count} accounts");
        using var editor = AccountSession.SignedInClient(o.EditAddress ?? o.BaseAddress, cookies[o.EditorAccount], TimeSpan.FromMinutes(1));
        using var viewerNode = AccountSession.SignedInClient(o.BaseAddress, cookies[o.EditorAccount], TimeSpan.FromMinutes(1));

        // One handler opens every watcher's socket (each upgrade takes its connection out of the pool).
        using var sockets = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = int.MaxValue,
        });

        var path = await o.Scenario.PrepareAsync(editor, cancellationToken);
        var hubUri = new Uri(o.BaseAddress, LiveViewScenario.HubPath);
        _log.WriteLine($"watching {_view.Kind} {_view.Key} ({o.BaseAddress}{path}) through {hubUri}");
        if (o.WarmupCircuits > 0)
        {
            // Its own run of nonces: the measured watchers take none of the warm-up's edits for theirs.
            var warmRate = o.WarmupEditsPerSecond ?? o.EditsPerSecond;
            var warmEdits = (int)Math.Ceiling(o.WarmupEditSeconds * warmRate);
            var warmupTracker = new DeliveryTracker(DeliveryTracker.RandomRun(), o.WarmupCircuits, warmEdits);
            warmupTracker.MarkSent(0);
            await o.Scenario.EditAsync(editor, warmupTracker.Nonce(0), cancellationToken);
            var (warm, _) = await ConnectAsync(o.WarmupCircuits, hubUri, cookies, warmupTracker, sockets, null, cancellationToken);
            var warmErrors = await WarmUpEditsAsync(editor, warmupTracker, warmEdits, warmRate, cancellationToken);
            await CloseAllAsync(warm);
            _log.WriteLine(warmEdits > 0
                ? $"warmed up with {warmupTracker.ReadyCount} watchers and {warmEdits} edits in {o.WarmupEditSeconds:0} s ({warmErrors} refused)"
                : $"warmed up with {warmupTracker.ReadyCount} watchers");
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var tracker = new DeliveryTracker(DeliveryTracker.RandomRun(), o.Viewers, o.Edits);
        tracker.MarkSent(0);
        await o.Scenario.EditAsync(editor, tracker.Nonce(0), cancellationToken);

        // Every watcher's browser would load the page first: once here, the same for all (no edit until they have joined).
        var page = await ShownPage.FetchAsync(viewerNode, path, cancellationToken);
        _log.WriteLine(o.JoinWhole
            ? "watchers join without hashes (--join-whole): each gets the whole view"
            : $"the page shows {page.Hashes.Count} fragments by their hashes; a join sends only the others");
        var heapBefore = await LoadRun.HeapAsync(viewerNode, cancellationToken);

        var connectWatch = Stopwatch.StartNew();
        var (watchers, connectErrors) = await ConnectAsync(o.Viewers, hubUri, cookies, tracker, sockets, o.JoinWhole ? null : page, cancellationToken);
        connectWatch.Stop();
        var ready = tracker.ReadyCount;
        _log.WriteLine($"{ready} watchers joined in {connectWatch.Elapsed.TotalSeconds:0.0} s ({connectErrors} connect errors)");

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var heapAfter = await LoadRun.HeapAsync(viewerNode, cancellationToken);
        var (settleSeconds, settled) = await LoadRun.SettleAsync(viewerNode, o, cancellationToken);
        if (settleSeconds is not null)
        {
            _log.WriteLine(settled == true ? $"server quiet after {settleSeconds:0.0} s" : $"server still busy after {settleSeconds:0.0} s; editing anyway");
        }

        tracker.StartCountingBatches();
        var cpuStart = await LoadRun.CpuReportAsync(viewerNode, cancellationToken);
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
                await LoadRun.WaitUntilAsync(() => tracker.DeliveredCount(s) >= ready, o.DeliveryTimeout, cancellationToken);
            }
            else
            {
                inFlight.Add(edit);
            }
        }

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
                tracker.OnWatcherError(null, $"edit {seq}: {ex.Message}");
            }
        }

        await LoadRun.WaitUntilAsync(() => tracker.AllDelivered(ready), o.DeliveryTimeout, cancellationToken);
        var cpuEnd = await LoadRun.CpuReportAsync(viewerNode, cancellationToken);

        LoadRun.HeapReport? heapHeld = null;
        if (o.Hold > TimeSpan.Zero)
        {
            _log.WriteLine($"holding {ready} watchers for {o.Hold.TotalSeconds:0} s");
            await Task.Delay(o.Hold, cancellationToken);
            heapHeld = await LoadRun.HeapAsync(viewerNode, cancellationToken);
        }

        var stillConnected = watchers.Count(w => w is not null && w.Connected && tracker.IsReady(w.Index));
        var report = tracker.Report(o, ready, connectErrors, connectWatch.Elapsed.TotalSeconds, editErrors, editSeconds, saveTimes) with
        {
            Transport = "hub",
            HeapBeforeBytes = heapBefore?.HeapBytes,
            HeapAfterBytes = heapAfter?.HeapBytes,
            HeapPerCircuitKb = PerWatcherKb(heapBefore?.HeapBytes, heapAfter?.HeapBytes, ready),
            WorkingSetPerCircuitKb = PerWatcherKb(heapBefore?.WorkingSetBytes, heapAfter?.WorkingSetBytes, ready),
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
            HoldSeconds = o.Hold > TimeSpan.Zero ? o.Hold.TotalSeconds : null,
            WarmupEditSeconds = o.WarmupCircuits > 0 ? o.WarmupEditSeconds : 0,
            StillConnected = stillConnected,
            HeapAfterHoldBytes = heapHeld?.HeapBytes,
            HeapPerWatcherAfterHoldKb = PerWatcherKb(heapBefore?.HeapBytes, heapHeld?.HeapBytes, ready),
            WorkingSetPerWatcherAfterHoldKb = PerWatcherKb(heapBefore?.WorkingSetBytes, heapHeld?.WorkingSetBytes, ready),
        };

        await CloseAllAsync(watchers);
        return report;
    }

    /// <summary>
    /// Edits at <paramref name="rate"/> for <see cref="LoadOptions.WarmupEditSeconds"/> to the warm-up watchers, outside the figures:
    /// a fresh app compiles its hot code again, optimised, during its first minute or so of work, on the same core.
    /// </summary>
    private async Task<int> WarmUpEditsAsync(HttpClient editor, DeliveryTracker warmup, int edits, double rate, CancellationToken cancellationToken)
    {
        var refused = 0;
        var inFlight = new List<Task>();
        var watch = Stopwatch.StartNew();
        for (var seq = 1; seq <= edits; seq++)
        {
            var due = TimeSpan.FromSeconds((seq - 1) / rate) - watch.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            warmup.MarkSent(seq);
            inFlight.Add(EditAsync(warmup.Nonce(seq)));
        }

        await Task.WhenAll(inFlight);
        return refused;

        async Task EditAsync(string nonce)
        {
            try
            {
                await _options.Scenario.EditAsync(editor, nonce, cancellationToken);
            }
#pragma warning disable CA1031 // The warm-up's edits are not in the figures; a refusal is only counted.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref refused);
            }
        }
    }

    private static double? PerWatcherKb(long? before, long? after, int watchers) =>
        before is { } b && after is { } a && watchers > 0 ? (a - b) / 1024.0 / watchers : null;

    /// <summary>Opens and joins <paramref name="count"/> watchers, at most <see cref="LoadOptions.ConnectConcurrency"/> at a time.</summary>
    private async Task<(WatcherClient[] Watchers, int Errors)> ConnectAsync(
        int count, Uri hubUri, Dictionary<string, string> cookies, DeliveryTracker tracker, HttpMessageInvoker sockets, ShownPage? page,
        CancellationToken cancellationToken)
    {
        var o = _options;
        var watchers = new WatcherClient[count];
        var errors = 0;
        var joined = 0;
        using var gate = new SemaphoreSlim(Math.Max(1, o.ConnectConcurrency));
        var progress = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            var watcher = new WatcherClient(i, tracker);
            watchers[i] = watcher;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(o.ReadyTimeout);
                await watcher.StartAsync(hubUri, cookies[o.ViewerAccounts[i % o.ViewerAccounts.Count]], sockets, _view.Kind, _view.Key, page, timeout.Token);
                if (Interlocked.Increment(ref joined) % 1000 == 0)
                {
                    _log.WriteLine($"  {joined} joined after {progress.Elapsed.TotalSeconds:0.0} s");
                }
            }
#pragma warning disable CA1031 // Connect failures are counted in the report.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref errors);
                tracker.OnWatcherError(i, $"connect: {ex.Message}");
            }
            finally
            {
                gate.Release();
            }
        }));
        return (watchers, errors);
    }

    private async Task CloseAllAsync(WatcherClient[] watchers)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, _options.ConnectConcurrency * 4));
        await Task.WhenAll(watchers.Where(w => w is not null).Select(async watcher =>
        {
            await gate.WaitAsync();
            try
            {
                await watcher.DisposeAsync();
            }
#pragma warning disable CA1031 // Closing is best effort; the server drops what is left when the run ends.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
