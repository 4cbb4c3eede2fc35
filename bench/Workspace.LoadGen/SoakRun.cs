using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Workspace.LoadGen;

public sealed class SoakOptions
{
    public required Uri BaseAddress { get; init; }

    /// <summary>Circuits kept open throughout the soak.</summary>
    public int Circuits { get; init; } = 500;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Circuits replaced per second: a new one opens, then a randomly chosen open one is closed.</summary>
    public double ChurnPerSecond { get; init; } = 5;

    /// <summary>Edits per second during the soak, so the circuits render (0: none).</summary>
    public double EditsPerSecond { get; init; } = 1;

    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>After the circuits open, waits at most this long for the server to go quiet before the baseline sample.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(60);

    public int ConnectConcurrency { get; init; } = 8;

    /// <summary>Circuits opened and closed before the first heap sample, so the JIT and the server's pools are warm.</summary>
    public int WarmupCircuits { get; init; } = 20;

    public IReadOnlyList<string> ViewerAccounts { get; init; } = new LoadOptions { BaseAddress = new Uri("http://localhost/") }.ViewerAccounts;

    public string EditorAccount { get; init; } = "contributor@demo.local";

    public string Password { get; init; } = "Demo-Partner-2026!";

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long to wait, once every circuit is closed, for the server to count none open.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public IPageScenario Scenario { get; init; } = new GoalPageScenario();
}

/// <summary>One <c>/_bench/heap</c> reading (managed heap after a forced full GC), with what the generator held then.</summary>
public sealed record SoakSample(string Phase, double Minutes, long HeapBytes, long WorkingSetBytes, int ServerCircuits,
    int ClientCircuits, long Opened, long Closed, int Errors, string LoadAverage);

public sealed record SoakReport
{
    public required string Scenario { get; init; }
    public required int CircuitsRequested { get; init; }
    public required int CircuitsReady { get; init; }
    public required double ConnectSeconds { get; init; }
    public required double SoakMinutes { get; init; }
    public required double ChurnPerSecondRequested { get; init; }
    public required double ChurnPerSecondAchieved { get; init; }
    public required long CircuitsOpened { get; init; }
    public required long CircuitsClosed { get; init; }
    public required long ClosedBeforeReady { get; init; }
    public required int ConnectErrors { get; init; }
    public required int CloseErrors { get; init; }
    public required int CircuitErrors { get; init; }
    public required int EditsSent { get; init; }
    public required int EditErrors { get; init; }
    public required Percentiles EditToViewer { get; init; }
    public required IReadOnlyList<SoakSample> Samples { get; init; }
    public required long HeapBeforeBytes { get; init; }
    public required long BaselineHeapBytes { get; init; }
    public required long LastOpenHeapBytes { get; init; }
    public required long HeapAfterCloseBytes { get; init; }
    public required int ServerCircuitsAfterClose { get; init; }
    public required IReadOnlyList<string> ErrorSamples { get; init; }

    /// <summary>(last sample with every circuit open − baseline) / baseline, in %.</summary>
    public double DriftPercent => 100.0 * (LastOpenHeapBytes - BaselineHeapBytes) / BaselineHeapBytes;

    /// <summary>The largest soak sample against the baseline, in %.</summary>
    public double MaxDriftPercent => 100.0 * (Samples.Where(s => s.Phase is "soak" or "end").Select(s => s.HeapBytes).DefaultIfEmpty(BaselineHeapBytes).Max() - BaselineHeapBytes) / BaselineHeapBytes;

    /// <summary>Heap after every circuit closed against before any opened, in %.</summary>
    public double LeakPercent => 100.0 * (HeapAfterCloseBytes - HeapBeforeBytes) / HeapBeforeBytes;

    public int Errors => ConnectErrors + CloseErrors + CircuitErrors + EditErrors;

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        static string Mb(long bytes) => (bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
        var text = new StringBuilder();
        text.AppendLine(c, $"soak: {Scenario}, {CircuitsReady}/{CircuitsRequested} circuits ready in {ConnectSeconds:0.0} s, {SoakMinutes:0.0} min of churn at {ChurnPerSecondAchieved:0.00}/s (asked {ChurnPerSecondRequested:0.00}/s)");
        text.AppendLine(c, $"circuits: {CircuitsOpened} opened, {CircuitsClosed} closed (each cleanly: connection stopped, then POST _blazor/disconnect), {ClosedBeforeReady} closed before showing the page");
        text.AppendLine(c, $"errors: {ConnectErrors} connect, {CloseErrors} close, {CircuitErrors} circuit, {EditErrors} edit");
        text.AppendLine(c, $"edits: {EditsSent} sent; edit → viewer {EditToViewer}");
        text.AppendLine("  phase        min    heap      working set  server circuits  generator circuits  opened  closed  errors  load");
        foreach (var s in Samples)
        {
            text.AppendLine(c, $"  {s.Phase,-11} {s.Minutes,5:0.0} {Mb(s.HeapBytes),10} {Mb(s.WorkingSetBytes),12} {s.ServerCircuits,16} {s.ClientCircuits,19} {s.Opened,7} {s.Closed,7} {s.Errors,7}  {s.LoadAverage}");
        }

        text.AppendLine(c, $"heap drift: {Mb(BaselineHeapBytes)} baseline → {Mb(LastOpenHeapBytes)} at the end with {CircuitsRequested} open: {DriftPercent:+0.0;-0.0;0.0} % (largest sample {MaxDriftPercent:+0.0;-0.0;0.0} %; target ≤ 10 %)");
        text.AppendLine(c, $"leak check: {Mb(HeapBeforeBytes)} before any circuit opened → {Mb(HeapAfterCloseBytes)} after all closed ({LeakPercent:+0.0;-0.0;0.0} %), {ServerCircuitsAfterClose} circuits left on the server");
        foreach (var sample in ErrorSamples)
        {
            text.AppendLine(c, $"  {sample}");
        }

        return text.ToString();
    }
}

/// <summary>
/// Holds N circuits open on a page for a while, replacing random ones at a steady rate while a light
/// stream of edits makes them render, and samples the server's heap after a forced GC every interval.
/// Every circuit is closed cleanly (connection stopped, then <c>_blazor/disconnect</c>), so the server
/// disposes it at once and none waits in the disconnected-circuit cache.
/// </summary>
public sealed class SoakRun(SoakOptions options, TextWriter? log = null)
{
    private readonly SoakOptions _o = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TextWriter _log = log ?? TextWriter.Null;
    private readonly Observer _observer = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private int _nextIndex;
    private long _opened;
    private long _closed;
    private long _closedBeforeReady;
    private int _connectErrors;
    private int _closeErrors;
    private int _open;

    public async Task<SoakReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var o = _o;
        var cookies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in o.ViewerAccounts.Append(o.EditorAccount).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            cookies[account] = await AccountSession.SignInAsync(o.BaseAddress, account, o.Password, cancellationToken);
        }

        using var pageHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(2) };
        using var editor = AccountSession.SignedInClient(o.BaseAddress, cookies[o.EditorAccount], TimeSpan.FromMinutes(1));
        var path = await o.Scenario.PrepareAsync(editor, cancellationToken);
        var edits = 0;
        var editErrors = 0;
        await EditAsync();
        _log.WriteLine($"soak on {o.BaseAddress}{path}");

        var clock = Stopwatch.StartNew();
        var samples = new List<SoakSample>();
        async Task<SoakSample> SampleAsync(string phase, double minutes)
        {
            var heap = await LoadRun.HeapAsync(editor, cancellationToken)
                ?? throw new InvalidOperationException("The app has no /_bench/heap endpoint (Development with Bench:Endpoints=true).");
            var sample = new SoakSample(phase, minutes, heap.HeapBytes, heap.WorkingSetBytes, heap.Circuits, Volatile.Read(ref _open),
                Interlocked.Read(ref _opened), Interlocked.Read(ref _closed), Errors(), LoadAverage());
            samples.Add(sample);
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{clock.Elapsed:hh\\:mm\\:ss}] {phase} {minutes:0.0} min: heap {heap.HeapBytes / 1048576.0:0.0} MB, working set {heap.WorkingSetBytes / 1048576.0:0.0} MB, {heap.Circuits} circuits on the server, {sample.ClientCircuits} held, {sample.Opened} opened, {sample.Closed} closed, {sample.Errors} errors, load {sample.LoadAverage}"));
            return sample;
        }

        if (o.WarmupCircuits > 0)
        {
            var warm = await OpenManyAsync(o.WarmupCircuits, path, cookies, pageHttp, cancellationToken);
            await WaitUntilAsync(() => warm.All(_observer.IsReady), o.ReadyTimeout, cancellationToken);
            await Task.WhenAll(warm.Select(w => CloseAsync(w, pageHttp)));
            await WaitForServerCircuitsAsync(editor, 0, cancellationToken);
        }

        var before = await SampleAsync("before", 0);

        var connect = Stopwatch.StartNew();
        var slots = await OpenManyAsync(o.Circuits, path, cookies, pageHttp, cancellationToken);
        await WaitUntilAsync(() => slots.All(_observer.IsReady), o.ReadyTimeout, cancellationToken);
        connect.Stop();
        var ready = slots.Count(_observer.IsReady);
        _log.WriteLine($"{ready}/{o.Circuits} circuits ready in {connect.Elapsed.TotalSeconds:0.0} s");
        await SettleAsync(editor, cancellationToken);
        var baseline = await SampleAsync("baseline", 0);

        // The soak: churn, edits and samples until the duration is up.
        var busy = new int[slots.Length];
        var soak = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(o.Duration);
        var churned = 0L;
        var churn = o.ChurnPerSecond <= 0 ? Task.CompletedTask : Task.Run(async () =>
        {
            using var inFlight = new SemaphoreSlim(32);
            var running = new List<Task>();
            for (var i = 0L; ; i++)
            {
                if (!await DelayUntilAsync(soak, TimeSpan.FromSeconds(i / o.ChurnPerSecond), stop.Token))
                {
                    break;
                }

                var slot = RandomNumberGenerator.GetInt32(slots.Length);
                if (Interlocked.Exchange(ref busy[slot], 1) == 1)
                {
                    continue;
                }

                await inFlight.WaitAsync(cancellationToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        var fresh = await OpenAsync(path, cookies, pageHttp, cancellationToken);
                        if (fresh is not null)
                        {
                            var old = slots[slot];
                            slots[slot] = fresh;
                            await CloseAsync(old, pageHttp);
                            Interlocked.Increment(ref churned);
                        }
                    }
                    finally
                    {
                        Volatile.Write(ref busy[slot], 0);
                        inFlight.Release();
                    }
                }, CancellationToken.None));
            }

            await Task.WhenAll(running);
        }, CancellationToken.None);
        var editing = o.EditsPerSecond <= 0 ? Task.CompletedTask : Task.Run(async () =>
        {
            for (var i = 1L; await DelayUntilAsync(soak, TimeSpan.FromSeconds(i / o.EditsPerSecond), stop.Token); i++)
            {
                await EditAsync();
            }
        }, CancellationToken.None);
        for (var k = 1; o.SampleInterval * k < o.Duration && await DelayUntilAsync(soak, o.SampleInterval * k, stop.Token); k++)
        {
            await SampleAsync("soak", soak.Elapsed.TotalMinutes);
        }

        await Task.WhenAll(churn, editing);
        var soakMinutes = soak.Elapsed.TotalMinutes;
        var last = await SampleAsync("end", soakMinutes);

        // Close everything, wait until the server has disposed every circuit, then weigh the heap again.
        await Task.WhenAll(slots.Select(s => CloseAsync(s, pageHttp)));
        var serverCircuits = await WaitForServerCircuitsAsync(editor, 0, cancellationToken);
        var after = await SampleAsync("after close", soak.Elapsed.TotalMinutes);

        return new SoakReport
        {
            Scenario = o.Scenario.Name,
            CircuitsRequested = o.Circuits,
            CircuitsReady = ready,
            ConnectSeconds = connect.Elapsed.TotalSeconds,
            SoakMinutes = soakMinutes,
            ChurnPerSecondRequested = o.ChurnPerSecond,
            ChurnPerSecondAchieved = churned / Math.Max(1e-9, soakMinutes * 60),
            CircuitsOpened = Interlocked.Read(ref _opened),
            CircuitsClosed = Interlocked.Read(ref _closed),
            ClosedBeforeReady = Interlocked.Read(ref _closedBeforeReady),
            ConnectErrors = _connectErrors,
            CloseErrors = _closeErrors,
            CircuitErrors = _observer.Errors,
            EditsSent = edits,
            EditErrors = editErrors,
            EditToViewer = Percentiles.Of(_observer.Latencies),
            Samples = samples,
            HeapBeforeBytes = before.HeapBytes,
            BaselineHeapBytes = baseline.HeapBytes,
            LastOpenHeapBytes = last.HeapBytes,
            HeapAfterCloseBytes = after.HeapBytes,
            ServerCircuitsAfterClose = serverCircuits,
            ErrorSamples = [.. _errors, .. _observer.ErrorSamples],
        };

        async Task EditAsync()
        {
            var seq = Interlocked.Increment(ref edits) - 1;
            _observer.MarkSent(seq);
            try
            {
                await o.Scenario.EditAsync(editor, _observer.Nonce(seq), cancellationToken);
            }
#pragma warning disable CA1031 // A refused edit is counted in the report.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                editErrors++;
                Note($"edit {seq}: {ex.Message}");
            }
        }
    }

    private int Errors() => _connectErrors + _closeErrors + _observer.Errors;

    private void Note(string message)
    {
        if (_errors.Count < 20)
        {
            _errors.Enqueue(message);
        }
    }

    private async Task<CircuitClient[]> OpenManyAsync(int count, string path, Dictionary<string, string> cookies, HttpClient http, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, _o.ConnectConcurrency));
        var opened = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await OpenAsync(path, cookies, http, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. opened.OfType<CircuitClient>()];
    }

    /// <summary>Opens one circuit; null (counted as a connect error) when it fails.</summary>
    private async Task<CircuitClient?> OpenAsync(string path, Dictionary<string, string> cookies, HttpClient http, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _nextIndex);
        var circuit = new CircuitClient(index, _o.BaseAddress, cookies[_o.ViewerAccounts[index % _o.ViewerAccounts.Count]], _observer);
        try
        {
            await circuit.StartAsync(http, path, cancellationToken);
            Interlocked.Increment(ref _opened);
            Interlocked.Increment(ref _open);
            return circuit;
        }
#pragma warning disable CA1031 // Connect failures are counted in the report.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _connectErrors);
            Note($"connect: {ex.Message}");
            await circuit.DisposeAsync();
            return null;
        }
    }

    private async Task CloseAsync(CircuitClient circuit, HttpClient http)
    {
        if (!_observer.Forget(circuit))
        {
            Interlocked.Increment(ref _closedBeforeReady);
        }

        try
        {
            await circuit.CloseAsync(http);
        }
#pragma warning disable CA1031 // A failed close is counted in the report; the server count shows what it left.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _closeErrors);
            Note($"close: {ex.Message}");
        }
        finally
        {
            await circuit.DisposeAsync();
            _observer.Forget(circuit);
            Interlocked.Increment(ref _closed);
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>Polls the server's circuit count (each read forces a GC, so once a second) until it is at most <paramref name="count"/>.</summary>
    private async Task<int> WaitForServerCircuitsAsync(HttpClient editor, int count, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var circuits = (await LoadRun.HeapAsync(editor, cancellationToken))?.Circuits ?? 0;
            if (circuits <= count || watch.Elapsed > _o.CloseTimeout)
            {
                return circuits;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Waits at most <see cref="SoakOptions.Settle"/> for a second in which the server uses under 10 % of a core.</summary>
    private async Task SettleAsync(HttpClient editor, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var last = await LoadRun.CpuAsync(editor, cancellationToken);
        var lastAt = watch.Elapsed;
        while (last is not null && watch.Elapsed < _o.Settle)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var now = await LoadRun.CpuAsync(editor, cancellationToken);
            var at = watch.Elapsed;
            if (now is null || (now - last) / (at - lastAt).TotalMilliseconds < 0.1)
            {
                break;
            }

            (last, lastAt) = (now, at);
        }

        _log.WriteLine($"settled for {watch.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>Waits until <paramref name="at"/> on the clock; false once <paramref name="stop"/> is cancelled.</summary>
    private static async Task<bool> DelayUntilAsync(Stopwatch clock, TimeSpan at, CancellationToken stop)
    {
        var due = at - clock.Elapsed;
        try
        {
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, stop);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !stop.IsCancellationRequested;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < timeout)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Marks a circuit ready once a render batch shows the page's nonce, and times later edits' arrival.</summary>
    private sealed class Observer : ICircuitObserver
    {
        private readonly string _run = string.Create(CultureInfo.InvariantCulture, $"s{RandomNumberGenerator.GetInt32(100_000):D5}");
        private readonly byte[] _prefix;
        private readonly ConcurrentDictionary<int, long> _sentAt = new();
        private readonly ConcurrentDictionary<int, int> _lastSeen = new();
        private readonly ConcurrentQueue<string> _errors = new();
        private int _errorCount;

        public Observer() => _prefix = Encoding.UTF8.GetBytes($"~bn{_run}");

        public ConcurrentQueue<double> Latencies { get; } = new();

        public int Errors => Volatile.Read(ref _errorCount);

        public IEnumerable<string> ErrorSamples => _errors;

        public string Nonce(int seq) => string.Create(CultureInfo.InvariantCulture, $"~bn{_run}{seq:D6}~");

        public void MarkSent(int seq) => _sentAt[seq] = Stopwatch.GetTimestamp();

        public bool IsReady(CircuitClient circuit) => _lastSeen.ContainsKey(circuit.Index);

        /// <summary>Stops following a circuit; whether it had shown the page.</summary>
        public bool Forget(CircuitClient circuit) => _lastSeen.TryRemove(circuit.Index, out _);

        public void OnRenderBatch(CircuitClient circuit, ReadOnlySpan<byte> batch, long timestamp)
        {
            int at;
            var newest = -1;
            while ((at = batch.IndexOf(_prefix)) >= 0)
            {
                batch = batch[(at + _prefix.Length)..];
                if (batch.Length >= 6 && int.TryParse(Encoding.ASCII.GetString(batch[..6]), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                {
                    newest = Math.Max(newest, seq);
                }
            }

            if (newest < 0 || !_sentAt.TryGetValue(newest, out var sent))
            {
                return;
            }

            // The first sighting is the page opening on the current text; a later, newer nonce is an edit arriving.
            if (_lastSeen.TryGetValue(circuit.Index, out var seen))
            {
                if (newest > seen)
                {
                    _lastSeen[circuit.Index] = newest;
                    Latencies.Enqueue(Stopwatch.GetElapsedTime(sent, timestamp).TotalMilliseconds);
                }
            }
            else
            {
                _lastSeen[circuit.Index] = newest;
            }
        }

        public void OnError(CircuitClient circuit, string message)
        {
            Interlocked.Increment(ref _errorCount);
            if (_errors.Count < 20)
            {
                _errors.Enqueue($"circuit {circuit.Index}: {message}");
            }
        }
    }
}
