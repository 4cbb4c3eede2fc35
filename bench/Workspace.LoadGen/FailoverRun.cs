using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Workspace.LoadGen;

public sealed class FailoverOptions
{
    /// <summary>The balancer in front of the nodes; it names the node that served each page in X-Workspace-Node.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>The process of the node to kill (SIGKILL), and that node as the balancer names it (e.g. 127.0.0.1:5184).</summary>
    public required int KillProcessId { get; init; }

    public required string KillNode { get; init; }

    public int Viewers { get; init; } = 200;

    public double EditsPerSecond { get; init; } = 10;

    public TimeSpan BeforeKill { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan AfterKill { get; init; } = TimeSpan.FromSeconds(45);

    public int ConnectConcurrency { get; init; } = 8;

    public IReadOnlyList<string> ViewerAccounts { get; init; } = ["facilitator@demo.local", "contributor@demo.local", "partner@demo.local", "ngo@demo.local", "observer@demo.local"];

    public string EditorAccount { get; init; } = "contributor@demo.local";

    public string Password { get; init; } = "Demo-Partner-2026!";

    public IPageScenario Scenario { get; init; } = new GoalPageScenario();

    /// <summary>Where to write the text of every acknowledged edit, a line each, for the check against the database.</summary>
    public string? AcknowledgedPath { get; init; }
}

public sealed record FailoverReport
{
    public required int ViewersOnKilledNode { get; init; }
    public required int ViewersOnOtherNode { get; init; }
    public required int ConnectErrors { get; init; }
    public required int EditsAcknowledged { get; init; }
    public required int EditsRefused { get; init; }
    public required int EditsAcknowledgedAfterKill { get; init; }
    public required double FirstAcknowledgedEditAfterKillMs { get; init; }
    public required int ViewersBack { get; init; }
    public required Percentiles PageBack { get; init; }
    public required Percentiles LiveAgain { get; init; }
    public required int OtherNodeEditsMissed { get; init; }
    public required Percentiles OtherNodeLatencyAroundKill { get; init; }
    public required IReadOnlyList<string> ErrorSamples { get; init; }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"viewers: {ViewersOnKilledNode} on the killed node, {ViewersOnOtherNode} on the other, {ConnectErrors} connect errors");
        text.AppendLine(c, $"edits: {EditsAcknowledged} acknowledged ({EditsAcknowledgedAfterKill} after the kill), {EditsRefused} refused or cut off; first acknowledged after the kill at {FirstAcknowledgedEditAfterKillMs:0} ms");
        text.AppendLine(c, $"killed node's viewers back: {ViewersBack}/{ViewersOnKilledNode}");
        text.AppendLine(c, $"kill → page served again: {PageBack}");
        text.AppendLine(c, $"kill → live again (first later edit arrives): {LiveAgain}");
        text.AppendLine(c, $"other node's viewers: {OtherNodeEditsMissed} edits missed; edit → viewer from 5 s before to 10 s after the kill: {OtherNodeLatencyAroundKill}");
        foreach (var sample in ErrorSamples)
        {
            text.AppendLine(c, $"  {sample}");
        }

        return text.ToString();
    }
}

/// <summary>
/// Viewers on two nodes behind a balancer and an editor saving steadily; one node is killed (SIGKILL) mid-run.
/// A viewer whose connection drops loads the page again through the balancer at once (blazor.web.js first
/// retries the old circuit and then reloads; the retry schedule is the browser's, not measured here), and the
/// run times how long until each is served again and until the next edit reaches it. Every acknowledged edit is
/// written out so the database can be checked for each one.
/// </summary>
public sealed class FailoverRun(FailoverOptions options, TextWriter? log = null)
{
    private readonly TextWriter _log = log ?? TextWriter.Null;

    public async Task<FailoverReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var o = options;
        var run = Guid.NewGuid().ToString("N")[..6];
        var cookies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in o.ViewerAccounts.Append(o.EditorAccount).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            cookies[account] = await AccountSession.SignInAsync(o.BaseAddress, account, o.Password, cancellationToken);
        }

        using var pageHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(30) };
        using var editor = AccountSession.SignedInClient(o.BaseAddress, $"{cookies[o.EditorAccount]}; ws_affinity=editor-{run}", TimeSpan.FromSeconds(30));
        var path = await o.Scenario.PrepareAsync(editor, cancellationToken);

        var maxEdits = (int)Math.Ceiling((o.BeforeKill + o.AfterKill).TotalSeconds * o.EditsPerSecond) + 1;
        var tracker = new Tracker(run, o.Viewers, maxEdits);
        var answers = JsAnswers.Default;

        // Each viewer carries its own affinity cookie, as each browser would, so the balancer spreads them.
        string Cookie(int i) => $"{cookies[o.ViewerAccounts[i % o.ViewerAccounts.Count]]}; ws_affinity=viewer-{run}-{i}";
        var circuits = new CircuitClient?[o.Viewers];
        var connectErrors = 0;
        using (var gate = new SemaphoreSlim(o.ConnectConcurrency))
        {
            await Task.WhenAll(Enumerable.Range(0, o.Viewers).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var circuit = new CircuitClient(i, o.BaseAddress, Cookie(i), tracker, answers);
                    await circuit.StartAsync(pageHttp, path, cancellationToken);
                    circuits[i] = circuit;
                    tracker.OnKilledNode[i] = circuit.Node == o.KillNode;
                }
#pragma warning disable CA1031 // Counted in the report.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref connectErrors);
                    tracker.Error($"viewer {i} connect: {ex.Message}");
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var onKilled = tracker.OnKilledNode.Count(k => k);
        _log.WriteLine($"{o.Viewers - connectErrors} viewers connected: {onKilled} on {o.KillNode}, {o.Viewers - connectErrors - onKilled} on the other node");

        // A dropped viewer loads the page again, through the balancer, until a node serves it.
        var reconnects = new ConcurrentBag<Task>();
        tracker.Dropped = i => reconnects.Add(Task.Run(async () =>
        {
            var dropped = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(dropped) < TimeSpan.FromSeconds(60) && !cancellationToken.IsCancellationRequested)
            {
                var circuit = new CircuitClient(i, o.BaseAddress, Cookie(i), tracker, answers);
                try
                {
                    await circuit.StartAsync(pageHttp, path, cancellationToken);
                    tracker.Back(i, Stopwatch.GetTimestamp());
                    var old = Interlocked.Exchange(ref circuits[i], circuit);
                    if (old is not null)
                    {
                        await old.DisposeAsync();
                    }

                    return;
                }
#pragma warning disable CA1031 // The node may still be going; try again shortly.
                catch (Exception)
#pragma warning restore CA1031
                {
                    await circuit.DisposeAsync();
                    await Task.Delay(250, cancellationToken);
                }
            }

            tracker.Error($"viewer {i}: not back within 60 s");
        }, cancellationToken));

        // Edits at a steady rate from start to end; the node is killed part way.
        var acknowledged = new ConcurrentBag<(int Seq, long At)>();
        var refused = 0;
        var inFlight = new List<Task>();
        var watch = Stopwatch.StartNew();
        var killed = false;
        for (var seq = 1; seq < maxEdits; seq++)
        {
            var due = TimeSpan.FromSeconds((seq - 1) / o.EditsPerSecond) - watch.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            if (!killed && watch.Elapsed >= o.BeforeKill)
            {
                killed = true;
                tracker.KilledAt = Stopwatch.GetTimestamp();
                Process.GetProcessById(o.KillProcessId).Kill();
                _log.WriteLine($"killed process {o.KillProcessId} ({o.KillNode}) at {watch.Elapsed.TotalSeconds:0.0} s");
            }

            var s = seq;
            inFlight.Add(Task.Run(async () =>
            {
                tracker.Sent(s);
                try
                {
                    await o.Scenario.EditAsync(editor, tracker.Nonce(s), cancellationToken);
                    acknowledged.Add((s, Stopwatch.GetTimestamp()));
                }
#pragma warning disable CA1031 // An edit cut off by the kill is not acknowledged; counted.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref refused);
                    tracker.Unsend(s);
                    tracker.Error($"edit {s}: {ex.Message}");
                }
            }, cancellationToken));
        }

        await Task.WhenAll(inFlight);
        await Task.WhenAll(reconnects);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        if (o.AcknowledgedPath is { } file)
        {
            await File.WriteAllLinesAsync(file, acknowledged.OrderBy(a => a.Seq).Select(a => tracker.Nonce(a.Seq)), cancellationToken);
        }

        var killedAt = tracker.KilledAt;
        var afterKill = acknowledged.Where(a => a.At > killedAt).ToList();
        var report = tracker.Report(o, connectErrors) with
        {
            EditsAcknowledged = acknowledged.Count,
            EditsRefused = refused,
            EditsAcknowledgedAfterKill = afterKill.Count,
            FirstAcknowledgedEditAfterKillMs = afterKill.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(killedAt, afterKill.Min(a => a.At)).TotalMilliseconds,
        };

        foreach (var circuit in circuits.OfType<CircuitClient>())
        {
            try
            {
                await circuit.CloseAsync(pageHttp, cancellationToken);
            }
#pragma warning disable CA1031 // Closing is best effort; the script stops the nodes next.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            await circuit.DisposeAsync();
        }

        return report;
    }

    /// <summary>Finds each edit's text in each viewer's render batches, and notices a viewer whose connection drops.</summary>
    private sealed class Tracker(string run, int viewers, int edits) : ICircuitObserver
    {
        private readonly byte[] _prefix = Encoding.UTF8.GetBytes($"~bn{run}");
        private readonly long[] _sentAt = new long[edits + 1];
        private readonly long[][] _receivedAt = [.. Enumerable.Range(0, viewers).Select(_ => new long[edits + 1])];
        private readonly long[] _backAt = new long[viewers];
        private readonly int[] _dropped = new int[viewers];
        private readonly ConcurrentQueue<string> _errors = new();

        public bool[] OnKilledNode { get; } = new bool[viewers];

        public Action<int>? Dropped { get; set; }

        public long KilledAt { get; set; }

        public string Nonce(int seq) => string.Create(CultureInfo.InvariantCulture, $"~bn{run}{seq:D6}~");

        public void Sent(int seq) => Volatile.Write(ref _sentAt[seq], Stopwatch.GetTimestamp());

        public void Unsend(int seq) => Volatile.Write(ref _sentAt[seq], 0);

        public void Back(int viewer, long at) => Volatile.Write(ref _backAt[viewer], at);

        public void Error(string message)
        {
            if (_errors.Count < 12)
            {
                _errors.Enqueue(message);
            }
        }

        public void OnRenderBatch(CircuitClient circuit, ReadOnlySpan<byte> batch, long timestamp)
        {
            var row = _receivedAt[circuit.Index];
            var rest = batch;
            int at;
            while ((at = rest.IndexOf(_prefix)) >= 0)
            {
                rest = rest[(at + _prefix.Length)..];
                if (rest.Length >= 6 && int.TryParse(Encoding.ASCII.GetString(rest[..6]), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                    && seq < row.Length && row[seq] == 0)
                {
                    Volatile.Write(ref row[seq], timestamp);
                }
            }
        }

        public void OnError(CircuitClient circuit, string message)
        {
            if (message.StartsWith("connection closed", StringComparison.Ordinal) && Interlocked.Exchange(ref _dropped[circuit.Index], 1) == 0)
            {
                Dropped?.Invoke(circuit.Index);
                return;
            }

            Error($"viewer {circuit.Index}: {message}");
        }

        public FailoverReport Report(FailoverOptions o, int connectErrors)
        {
            var pageBack = new List<double>();
            var liveAgain = new List<double>();
            var aroundKill = new List<double>();
            var missed = 0;
            var back = 0;
            for (var v = 0; v < viewers; v++)
            {
                if (OnKilledNode[v])
                {
                    var backAt = _backAt[v];
                    if (backAt == 0)
                    {
                        continue;
                    }

                    back++;
                    pageBack.Add(Stopwatch.GetElapsedTime(KilledAt, backAt).TotalMilliseconds);
                    // Live again: the first edit sent after the new circuit started has reached it.
                    for (var seq = 1; seq < _sentAt.Length; seq++)
                    {
                        if (_sentAt[seq] > backAt && _receivedAt[v][seq] != 0)
                        {
                            liveAgain.Add(Stopwatch.GetElapsedTime(KilledAt, _receivedAt[v][seq]).TotalMilliseconds);
                            break;
                        }
                    }

                    continue;
                }

                for (var seq = 1; seq < _sentAt.Length; seq++)
                {
                    var sent = _sentAt[seq];
                    if (sent == 0)
                    {
                        continue;
                    }

                    var received = _receivedAt[v][seq];
                    if (received != 0)
                    {
                        var offset = Stopwatch.GetElapsedTime(KilledAt, sent).TotalSeconds;
                        if (offset is > -5 and < 10)
                        {
                            aroundKill.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
                        }
                    }
                    else if (!_receivedAt[v].AsSpan(seq + 1).ContainsAnyExcept(0L))
                    {
                        missed++;
                    }
                }
            }

            var onKilled = OnKilledNode.Count(k => k);
            return new FailoverReport
            {
                ViewersOnKilledNode = onKilled,
                ViewersOnOtherNode = viewers - connectErrors - onKilled,
                ConnectErrors = connectErrors,
                EditsAcknowledged = 0,
                EditsRefused = 0,
                EditsAcknowledgedAfterKill = 0,
                FirstAcknowledgedEditAfterKillMs = double.NaN,
                ViewersBack = back,
                PageBack = Percentiles.Of(pageBack),
                LiveAgain = Percentiles.Of(liveAgain),
                OtherNodeEditsMissed = missed,
                OtherNodeLatencyAroundKill = Percentiles.Of(aroundKill),
                ErrorSamples = [.. _errors],
            };
        }
    }
}
