using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workspace.LoadGen;

/// <summary>
/// Every keystroke of a co-typing run: when it was typed, which operation carried it (its nonce is the typist's client
/// id and the operation's sequence number, which every delivery names), when its typist had the ack and when each
/// other typist's editor received it.
/// </summary>
internal sealed class CoTypeLedger(int typists, int capacity) : ICircuitObserver
{
    private readonly long[] _typedAt = new long[capacity];
    private readonly int[] _arrivals = new int[capacity];
    private readonly long[] _lastArrival = new long[capacity];
    private readonly bool[] _acknowledged = new bool[capacity];
    private readonly ConcurrentDictionary<(string ClientId, long Seq), int[]> _operations = new();
    // Each time with the keystroke it measures (a submit's with its answer's time), sorted into warm-up and measured at the end.
    private readonly ConcurrentQueue<(long TypedAt, double Ms)> _toOthers = new();
    private readonly ConcurrentQueue<(long TypedAt, double Ms)> _toOwnAck = new();
    private readonly ConcurrentQueue<(long At, double Ms)> _submits = new();
    private long _measureFrom = long.MinValue;
    private readonly ConcurrentQueue<string> _errors = new();
    private int _typed;
    private int _operationsSent;
    private int _errorCount;
    private int _retries;
    private int _reopened;

    public int Typists => typists;

    public CoTypist?[] Members { get; } = new CoTypist?[typists + 1];

    public int TypedCount => Volatile.Read(ref _typed);

    public int OperationsSent => Volatile.Read(ref _operationsSent);

    public int ErrorCount => Volatile.Read(ref _errorCount);

    public int RetryCount => Volatile.Read(ref _retries);

    private int _catchUps;

    public int ReopenedCount => Volatile.Read(ref _reopened);

    public void Reopened() => Interlocked.Increment(ref _reopened);

    /// <summary>Catch-up reads through the circuit (a gap the hub did not fill in time, a join).</summary>
    public int CatchUpCount => Volatile.Read(ref _catchUps);

    public void CaughtUp() => Interlocked.Increment(ref _catchUps);

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>
    /// From now on keystrokes count in the figures; those typed before are the warm-up's (a fresh app compiles its hot
    /// code again, optimised, during its first minute or so of typing), still checked for loss and convergence.
    /// </summary>
    public void MeasureFrom(long timestamp) => Volatile.Write(ref _measureFrom, timestamp);

    private bool Measured(int key) => Measured(_typedAt[key]);

    private bool Measured(long at) => at >= Volatile.Read(ref _measureFrom);

    private Percentiles Of(ConcurrentQueue<(long At, double Ms)> times, bool measured) =>
        Percentiles.Of([.. times.Where(t => Measured(t.At) == measured).Select(t => t.Ms)]);

    public int Typed(int typist)
    {
        var key = Interlocked.Increment(ref _typed) - 1;
        if (key >= capacity)
        {
            throw new InvalidOperationException($"Typist {typist} typed more keystrokes than the run planned ({capacity}).");
        }

        _typedAt[key] = Stopwatch.GetTimestamp();
        return key;
    }

    public void Sent(string clientId, long seq, List<int> keys)
    {
        Interlocked.Increment(ref _operationsSent);
        _operations[(clientId, seq)] = [.. keys];
    }

    public void Acknowledged(List<int> keys, long at)
    {
        foreach (var key in keys)
        {
            Volatile.Write(ref _acknowledged[key], true);
            _toOwnAck.Enqueue((_typedAt[key], Stopwatch.GetElapsedTime(_typedAt[key], at).TotalMilliseconds));
        }
    }

    public void Arrived(int typist, string clientId, long seq, long at)
    {
        if (!_operations.TryGetValue((clientId, seq), out var keys))
        {
            return; // typed before the run (or by someone else)
        }

        foreach (var key in keys)
        {
            Interlocked.Increment(ref _arrivals[key]);
            InterlockedMax(ref _lastArrival[key], at);
            _toOthers.Enqueue((_typedAt[key], Stopwatch.GetElapsedTime(_typedAt[key], at).TotalMilliseconds));
        }
    }

    public void SubmitAnswered(double milliseconds) => _submits.Enqueue((Stopwatch.GetTimestamp(), milliseconds));

    public void Retried(int typist, string why)
    {
        Interlocked.Increment(ref _retries);
        Error(typist, $"submit to be sent again: {why}", counts: false);
    }

    public void Error(int typist, string message, bool counts = true)
    {
        if (counts)
        {
            Interlocked.Increment(ref _errorCount);
        }

        if (_errors.Count < 20)
        {
            _errors.Enqueue($"typist {typist}: {message}");
        }
    }

    public int AcknowledgedCount() => _acknowledged.AsSpan(0, Math.Min(TypedCount, capacity)).Count(true);

    /// <summary>Keystrokes acknowledged among those typed during the warm-up (false) or the measured part (true).</summary>
    public int AcknowledgedCount(bool measured)
    {
        var count = 0;
        for (var key = 0; key < Math.Min(TypedCount, capacity); key++)
        {
            if (Volatile.Read(ref _acknowledged[key]) && Measured(key) == measured)
            {
                count++;
            }
        }

        return count;
    }

    public long Delivered() => _arrivals.AsSpan(0, Math.Min(TypedCount, capacity)).ToArray().Sum(n => (long)n);

    public Percentiles ToOthers() => Of(_toOthers, measured: true);

    public Percentiles ToOthersWarmingUp() => Of(_toOthers, measured: false);

    public Percentiles ToOwnAck() => Of(_toOwnAck, measured: true);

    public Percentiles SubmitRoundTrips() => Of(_submits, measured: true);

    /// <summary>For each keystroke every other screen received: the time until the last of them had it.</summary>
    public Percentiles ToLastOther(int others)
    {
        var times = new List<double>();
        for (var key = 0; key < Math.Min(TypedCount, capacity); key++)
        {
            if (Volatile.Read(ref _arrivals[key]) >= others && others > 0 && Measured(key))
            {
                times.Add(Stopwatch.GetElapsedTime(_typedAt[key], Volatile.Read(ref _lastArrival[key])).TotalMilliseconds);
            }
        }

        return Percentiles.Of(times);
    }

    public void OnRenderBatch(CircuitClient circuit, ReadOnlySpan<byte> batch, long timestamp)
    {
        if (Members[circuit.Index] is { EditHandler: 0 } typist)
        {
            typist.EditHandler = RenderBatchFrames.FindClickHandler(batch, CoTypeRun.EditLabel);
        }
    }

    public void OnError(CircuitClient circuit, string message) => Error(circuit.Index, message);

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
