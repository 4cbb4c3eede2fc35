using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Workspace.LoadGen;

/// <summary>Finds each edit's nonce in each viewer's render batches (circuits) or updates (hub watchers).</summary>
internal sealed class DeliveryTracker : ICircuitObserver
{
    private readonly string _run;
    private readonly string _textPrefix;
    private readonly byte[] _prefix;
    private readonly long[] _sentAt;
    private readonly long[][] _receivedAt;
    // Hub watchers: when the update's bytes reached the watcher's socket (0: not noted), beside when its handler ran.
    private readonly long[][] _arrivedAt;
    private readonly int[] _ready;
    private readonly ConcurrentQueue<string> _errors = new();
    private int _readyCount;
    private int _errorCount;
    private long _batches;
    private long _batchBytes;
    private volatile bool _countBatches;

    public DeliveryTracker(string run, int viewers, int edits)
    {
        _run = run;
        _textPrefix = $"~bn{_run}";
        _prefix = Encoding.UTF8.GetBytes(_textPrefix);
        _sentAt = new long[edits + 1];
        _receivedAt = new long[viewers][];
        _arrivedAt = new long[viewers][];
        for (var i = 0; i < viewers; i++)
        {
            _receivedAt[i] = new long[edits + 1];
            _arrivedAt[i] = new long[edits + 1];
        }

        _ready = new int[viewers];
    }

    public int ReadyCount => Volatile.Read(ref _readyCount);

    public string Nonce(int seq) => string.Create(CultureInfo.InvariantCulture, $"~bn{_run}{seq:D6}~");

    public long MarkSent(int seq)
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sentAt[seq], now);
        return now;
    }

    public void Unsend(int seq) => Volatile.Write(ref _sentAt[seq], 0);

    public void StartCountingBatches() => _countBatches = true;

    public int DeliveredCount(int seq) => _receivedAt.Count(row => Volatile.Read(ref row[seq]) != 0);

    public bool AllDelivered(int ready)
    {
        for (var seq = _sentAt.Length - 1; seq > 0; seq--)
        {
            if (Volatile.Read(ref _sentAt[seq]) != 0)
            {
                // Viewers see edits in order, so the last edit sent stands for all of them.
                return DeliveredCount(seq) >= ready;
            }
        }

        return true;
    }

    public void OnRenderBatch(CircuitClient circuit, ReadOnlySpan<byte> batch, long timestamp)
    {
        if (_countBatches)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchBytes, batch.Length);
        }

        var rest = batch;
        int at;
        while ((at = rest.IndexOf(_prefix)) >= 0)
        {
            rest = rest[(at + _prefix.Length)..];
            var seq = 0;
            var digits = 0;
            while (digits < rest.Length && digits < 6 && rest[digits] is >= (byte)'0' and <= (byte)'9')
            {
                seq = (seq * 10) + (rest[digits] - '0');
                digits++;
            }

            Received(circuit.Index, seq, digits, timestamp);
        }
    }

    /// <summary>A hub watcher's update or snapshot arrived: its fragments' HTML is searched as render batches are.</summary>
    public void OnText(int viewer, IEnumerable<string> fragments, long timestamp, bool isUpdate, long arrived = 0)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        var bytes = 0L;
        foreach (var fragment in fragments)
        {
            bytes += fragment.Length;
            var rest = fragment.AsSpan();
            int at;
            while ((at = rest.IndexOf(_textPrefix, StringComparison.Ordinal)) >= 0)
            {
                rest = rest[(at + _textPrefix.Length)..];
                var seq = 0;
                var digits = 0;
                while (digits < rest.Length && digits < 6 && rest[digits] is >= '0' and <= '9')
                {
                    seq = (seq * 10) + (rest[digits] - '0');
                    digits++;
                }

                Received(viewer, seq, digits, timestamp, arrived);
            }
        }

        if (isUpdate && _countBatches)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchBytes, bytes);
        }
    }

    private void Received(int viewer, int seq, int digits, long timestamp, long arrived = 0)
    {
        var row = _receivedAt[viewer];
        if (digits != 6 || seq >= row.Length || Volatile.Read(ref _sentAt[seq]) == 0)
        {
            return;
        }

        if (row[seq] == 0)
        {
            Volatile.Write(ref row[seq], timestamp);
            Volatile.Write(ref _arrivedAt[viewer][seq], arrived);
        }

        if (Interlocked.Exchange(ref _ready[viewer], 1) == 0)
        {
            Interlocked.Increment(ref _readyCount);
        }
    }

    public bool IsReady(int viewer) => Volatile.Read(ref _ready[viewer]) != 0;

    public void OnError(CircuitClient? circuit, string message) => OnWatcherError(circuit?.Index, message);

    public void OnWatcherError(int? viewer, string message)
    {
        Interlocked.Increment(ref _errorCount);
        if (_errors.Count < 20)
        {
            _errors.Enqueue(viewer is null ? message : $"viewer {viewer}: {message}");
        }
    }

    void ICircuitObserver.OnError(CircuitClient circuit, string message) => OnError(circuit, message);

    public LoadReport Report(LoadOptions o, int ready, int connectErrors, double connectSeconds, int editErrors, double editSeconds, IReadOnlyCollection<double> saveTimes)
    {
        var latencies = new List<double>();
        var lastViewer = new List<double>();
        var atSocket = new List<double>();
        long expected = 0, delivered = 0, superseded = 0, missing = 0;
        var sentEdits = 0;
        for (var seq = 1; seq < _sentAt.Length; seq++)
        {
            var sent = _sentAt[seq];
            if (sent == 0)
            {
                continue;
            }

            sentEdits++;
            var slowest = 0.0;
            var allSaw = true;
            for (var v = 0; v < _receivedAt.Length; v++)
            {
                if (_ready[v] == 0)
                {
                    continue;
                }

                expected++;
                var received = _receivedAt[v][seq];
                if (received != 0)
                {
                    delivered++;
                    var ms = Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds;
                    latencies.Add(ms);
                    slowest = Math.Max(slowest, ms);
                    if (_arrivedAt[v][seq] is var arrived and > 0)
                    {
                        atSocket.Add(Stopwatch.GetElapsedTime(sent, Math.Min(arrived, received)).TotalMilliseconds);
                    }
                }
                else
                {
                    allSaw = false;
                    if (_receivedAt[v].AsSpan(seq + 1).ContainsAnyExcept(0L))
                    {
                        superseded++;
                    }
                    else
                    {
                        missing++;
                    }
                }
            }

            if (allSaw && ready > 0)
            {
                lastViewer.Add(slowest);
            }
        }

        var perViewerEdit = ready > 0 && sentEdits > 0 ? (double)ready * sentEdits : double.NaN;
        return new LoadReport
        {
            Scenario = o.Scenario.Name,
            ViewersRequested = o.Viewers,
            ViewersConnected = ready,
            ConnectErrors = connectErrors,
            ConnectSeconds = connectSeconds,
            CircuitsPerSecond = connectSeconds > 0 ? ready / connectSeconds : 0,
            EditsSent = sentEdits,
            EditErrors = editErrors,
            EditsPerSecondAchieved = editSeconds > 0 ? sentEdits / editSeconds : 0,
            SaveLatency = Percentiles.Of(saveTimes),
            DeliveriesExpected = expected,
            Delivered = delivered,
            Superseded = superseded,
            Missing = missing,
            ViewerLatency = Percentiles.Of(latencies),
            LastViewerLatency = Percentiles.Of(lastViewer),
            ViewerLatencyAtSocket = atSocket.Count > 0 ? Percentiles.Of(atSocket) : null,
            CircuitErrors = Volatile.Read(ref _errorCount) - connectErrors - editErrors,
            ErrorSamples = [.. _errors],
            RenderBatchesPerViewerPerEdit = Interlocked.Read(ref _batches) / perViewerEdit,
            RenderBytesPerViewerPerEdit = Interlocked.Read(ref _batchBytes) / perViewerEdit,
            JsCalls = "",
        };
    }

    public static string RandomRun()
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        return string.Create(6, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = letters[System.Security.Cryptography.RandomNumberGenerator.GetInt32(letters.Length)];
            }
        });
    }
}
