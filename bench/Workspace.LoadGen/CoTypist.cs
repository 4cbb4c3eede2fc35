using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Workspace.Web.Features.CoTyping;

namespace Workspace.LoadGen;

/// <summary>
/// One person typing in the co-typed editor, played as co-text.js plays it (decision 022): the component's JS calls
/// (attach, start, reset, flush, detach) are answered here, and typing becomes insert operations submitted
/// through the component's [JSInvokable] Submit with ot.js's client logic (one operation in flight, the rest composed
/// into a buffer, remote operations transformed over both). The others' operations come on the co-text hub (one
/// connection, joined to the text), the own ones as acks in the submit's answer; both are put in revision order as
/// co-text-order.js does, and a gap left for 300 ms is read through the component's Since. The text-changed call is
/// debounced as co-text.js does.
/// </summary>
internal sealed class CoTypist : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan GapGrace = TimeSpan.FromMilliseconds(300);

    private const string Letters = "the quick brown fox jumps over the lazy dog ";
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];
    private static readonly TimeSpan PreviewDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PreviewEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CaretEvery = TimeSpan.FromMilliseconds(120);

    private readonly Lock _gate = new();
    private readonly CoTypeLedger _ledger;
    private readonly Timer _preview;
    private long _dotNetId;
    private long _seq;
    private int _retries;
    private Pending? _outstanding;
    private TextOperation? _buffer;
    private List<int> _bufferKeys = [];
    private int _caret;
    private int _typed;
    private long _lastChange;
    private long _lastPreview;
    private bool _previewPending;
    private long _lastCaretReport;
    private int? _known;
    private readonly CoTypeOrder _order = new();
    private readonly Timer _gap;
    private bool _gapWaiting;
    private bool _catchingUp;
    private string? _textId;
    private Uri? _hubUri;
    private HubConnection? _hub;

    public CoTypist(int index, CircuitClient circuit, CoTypeLedger ledger)
    {
        Index = index;
        Circuit = circuit;
        _ledger = ledger;
        _preview = new Timer(_ => SendPreview());
        _gap = new Timer(_ => GapElapsed());
        circuit.Interop = Answer;
    }

    public int Index { get; }

    public CircuitClient Circuit { get; }

    public string ClientId { get; } = Guid.NewGuid().ToString("N");

    public string Doc { get; private set; } = "";

    public long Revision { get; private set; }

    /// <summary>The text and revision the component attached with: the stored text when the editor opened.</summary>
    public (string Text, long Revision)? AttachedWith { get; private set; }

    /// <summary>The onclick handler of "Edit description", once a render batch showed it.</summary>
    public ulong EditHandler { get; set; }

    public bool Started { get; private set; }

    public bool Settled
    {
        get
        {
            lock (_gate)
            {
                return _outstanding is null && _buffer is null;
            }
        }
    }

    /// <summary>Types one character at this typist's caret; the keystroke is timed from now.</summary>
    public void Type()
    {
        lock (_gate)
        {
            var key = _ledger.Typed(Index);
            var letter = Letters[(_typed++ + Index) % Letters.Length].ToString();
            var op = new TextOperation().Retain(_caret).Insert(letter).Retain(Doc.Length - _caret);
            Doc = op.Apply(Doc);
            _caret++;
            if (_outstanding is null)
            {
                Send(op, [key]);
            }
            else
            {
                _buffer = _buffer is null ? op : TextOperation.Compose(_buffer, op);
                _bufferKeys.Add(key);
            }

            PreviewChanged();
            ReportCaret();
        }
    }

    // As co-text.js: the caret goes to the others at most every 120 ms when it moved other than along with this
    // typist's own operations (which the others move it with), in the server's text at this revision: its own
    // unacknowledged typing (inserts just before the caret) taken out.
    private void ReportCaret()
    {
        if (_dotNetId == 0 || Stopwatch.GetElapsedTime(_lastCaretReport) < CaretEvery)
        {
            return;
        }

        var pending = (_outstanding is null ? 0 : _outstanding.Op.TargetLength - _outstanding.Op.BaseLength)
            + (_buffer is null ? 0 : _buffer.TargetLength - _buffer.BaseLength);
        var at = Math.Clamp(_caret - pending, 0, Doc.Length - pending);
        if (_known == at)
        {
            return;
        }

        _known = at;
        _lastCaretReport = Stopwatch.GetTimestamp();
        var args = new JsonArray(Revision, at, at).ToJsonString();
        _ = Circuit.InvokeDotNetAsync(_dotNetId, "CaretMoved", args);
    }

    private void Send(TextOperation op, List<int> keys)
    {
        _seq++;
        _outstanding = new Pending(_seq, Revision, op, keys);
        _ledger.Sent(ClientId, _seq, keys);
        Submit(_outstanding);
    }

    private void Submit(Pending pending)
    {
        _order.InFlight++;
        var args = new JsonArray(pending.Base, pending.Op.ToJson(), ClientId, pending.Seq).ToJsonString();
        var started = Stopwatch.GetTimestamp();
        _ = Circuit.InvokeDotNetAsync(_dotNetId, "Submit", args).ContinueWith(t => Answered(pending, t, started), TaskScheduler.Default);
    }

    private void Answered(Pending pending, Task<string> call, long started)
    {
        _ledger.SubmitAnswered(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        SubmitAnswer? answer = null;
        if (call.IsCompletedSuccessfully)
        {
            answer = JsonSerializer.Deserialize<SubmitAnswer>(call.Result, JsonSerializerOptions.Web);
        }

        lock (_gate)
        {
            // The ack comes with the answer, in its place in the order; a transformed outstanding keeps its seq.
            _order.InFlight = Math.Max(0, _order.InFlight - 1);
            Apply(answer is { Ok: true, Ack: { } ack } ? _order.Take([ack]) : _order.Flush());
            CheckGap();
            if (_outstanding?.Seq != pending.Seq)
            {
                return;
            }

            if (answer is { Ok: true })
            {
                _retries = 0;
                return;
            }

            if (answer is null || answer.Retry)
            {
                // Sent again later as first made (the server transforms it from its base), as co-text.js does while the connection is down.
                _ledger.Retried(Index, call.Exception?.GetBaseException().Message ?? "retry");
                var delay = RetryDelays[Math.Min(_retries++, RetryDelays.Length - 1)];
                _ = Task.Delay(delay).ContinueWith(_ =>
                {
                    lock (_gate)
                    {
                        if (_outstanding?.Seq == pending.Seq)
                        {
                            Submit(pending);
                        }
                    }
                }, TaskScheduler.Default);
                return;
            }

            // Refused: the component resets the editor to the stored text (its reset call follows).
            _ledger.Error(Index, $"submit refused: {answer.Error}");
        }
    }

    /// <summary>Answers the component's calls into co-text.js; other calls fall through to the fixed answers.</summary>
    private JsonNode? Answer(JsCall call)
    {
        switch (call.Identifier)
        {
            case "attach":
                {
                    var args = JsonNode.Parse(call.ArgsJson)!.AsArray();
                    lock (_gate)
                    {
                        _dotNetId = (long)args[3]!["__dotNetObject"]!;
                        Doc = (string)args[5]!;
                        Revision = (long)args[6]!;
                        _textId = (string)args[4]!;
                        _hubUri = args[7]?["hub"] is { } hub ? new Uri((string)hub!) : null;
                        _order.Start(Revision, ClientId);
                        _caret = Doc.Length * Index / Math.Max(1, _ledger.Typists);
                        AttachedWith = (Doc, Revision);
                        return new JsonObject { ["revision"] = Revision, ["clientId"] = ClientId, ["text"] = Doc };
                    }
                }

            case "start":
                Started = true;
                return null;
            case "reset":
                {
                    var args = JsonNode.Parse(call.ArgsJson)!.AsArray();
                    lock (_gate)
                    {
                        var lost = (_outstanding?.Keys.Count ?? 0) + _bufferKeys.Count;
                        _ledger.Error(Index, $"reset by the server, {lost} keystrokes dropped");
                        (_outstanding, _buffer, _bufferKeys) = (null, null, []);
                        Doc = (string)args[1]!;
                        Revision = (long)args[2]!;
                        _order.Reset(Revision);
                        _caret = Math.Min(_caret, Doc.Length);
                    }

                    return null;
                }

            case "announce":
                // Someone new is in the text: as co-text.js, show them this caret with the next keystroke.
                lock (_gate)
                {
                    _known = null;
                }

                return null;
            case "flush":
                return JsonValue.Create(Settled);
            case "detach":
                return JsonValue.Create(!Settled);
            default:
                return null;
        }
    }

    /// <summary>As co-text.js on its page: one hub connection with the page's cookie, joined to the text; what was missed before the join is read.</summary>
    public async Task JoinHubAsync(string cookie, CancellationToken cancellationToken)
    {
        if (_hubUri is null || _textId is null)
        {
            throw new InvalidOperationException("The editor attached without a hub address.");
        }

        var connection = HubSockets.Build(_hubUri, cookie);
        _hub = connection;
        connection.On<Guid, List<Delivery>>("ops", (_, items) =>
        {
            lock (_gate)
            {
                Apply(_order.Receive(items));
                CheckGap();
            }
        });
        connection.On<Guid>("missed", textId => CatchUpAsync());
        await connection.StartAsync(cancellationToken);
        var latest = await connection.InvokeAsync<long>("Join", Guid.Parse(_textId), cancellationToken);
        lock (_gate)
        {
            _order.Known(latest);
        }

        await CatchUpAsync();
    }

    // A gap no submit in flight will fill, left after GapGrace, is read through the component. Called under _gate.
    private void CheckGap()
    {
        if (!_gapWaiting && _order.Gap)
        {
            _gapWaiting = true;
            _gap.Change(GapGrace, Timeout.InfiniteTimeSpan);
        }
    }

    private void GapElapsed()
    {
        lock (_gate)
        {
            _gapWaiting = false;
            if (!_order.NeedsCatchUp)
            {
                CheckGap();
                return;
            }
        }

        _ = CatchUpAsync();
    }

    private async Task CatchUpAsync()
    {
        long from;
        lock (_gate)
        {
            if (_catchingUp || !_order.Gap || _dotNetId == 0)
            {
                return;
            }

            _catchingUp = true;
            from = _order.Delivered;
        }

        try
        {
            _ledger.CaughtUp();
            var json = await Circuit.InvokeDotNetAsync(_dotNetId, "Since", new JsonArray(from).ToJsonString());
            var items = JsonSerializer.Deserialize<List<Delivery>>(json, JsonSerializerOptions.Web) ?? [];
            lock (_gate)
            {
                Apply(_order.Take(items));
            }
        }
#pragma warning disable CA1031 // A failed read is counted; the next gap reads again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _ledger.Error(Index, $"catch-up: {ex.Message}");
        }
        finally
        {
            lock (_gate)
            {
                _catchingUp = false;
                CheckGap();
            }
        }
    }

    // In revision order, each once (CoTypeOrder guarantees it); own operations are acks. Called under _gate.
    private void Apply(List<Delivery> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var changed = false;
        foreach (var item in items)
        {
            if (item.Revision <= Revision)
            {
                continue;
            }

            if (item.Revision != Revision + 1)
            {
                _ledger.Error(Index, string.Create(CultureInfo.InvariantCulture, $"expected revision {Revision + 1}, got {item.Revision}"));
                continue;
            }

            if (_outstanding is not null && item.ClientId == ClientId && item.ClientSeq == _outstanding.Seq)
            {
                Revision++;
                _known = _known is { } own ? _outstanding.Op.TransformIndex(Math.Min(own, _outstanding.Op.BaseLength), pushedByInsert: true) : null;
                _ledger.Acknowledged(_outstanding.Keys, now);
                _outstanding = null;
                if (_buffer is not null)
                {
                    var (op, keys) = (_buffer, _bufferKeys);
                    (_buffer, _bufferKeys) = (null, []);
                    Send(op, keys);
                }

                continue;
            }

            if (!TextOperation.TryParse(item.Operation, out var remote, out var error))
            {
                _ledger.Error(Index, $"unreadable operation: {error}");
                continue;
            }

            Revision++;
            _known = _known is { } known ? remote.TransformIndex(Math.Min(known, remote.BaseLength)) : null;
            if (_outstanding is not null)
            {
                var (outstanding, over) = TextOperation.Transform(_outstanding.Op, remote);
                _outstanding = _outstanding with { Op = outstanding };
                remote = over;
                if (_buffer is not null)
                {
                    (_buffer, remote) = TextOperation.Transform(_buffer, remote);
                }
            }

            Doc = remote.Apply(Doc);
            _caret = remote.TransformIndex(_caret);
            _ledger.Arrived(Index, item.ClientId, item.ClientSeq, now);
            changed = true;
        }

        if (changed)
        {
            PreviewChanged();
        }
    }

    // As co-text.js: the component gets the text (for the preview and the count) at most once a second while it keeps
    // changing, and 250 ms after it stops. Called under _gate.
    private void PreviewChanged()
    {
        _lastChange = Stopwatch.GetTimestamp();
        if (!_previewPending)
        {
            _previewPending = true;
            _preview.Change(PreviewDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void SendPreview()
    {
        string args;
        lock (_gate)
        {
            if (_dotNetId == 0)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            var sinceChange = Stopwatch.GetElapsedTime(_lastChange, now);
            var sincePreview = Stopwatch.GetElapsedTime(_lastPreview, now);
            if (sinceChange < PreviewDelay && sincePreview < PreviewEvery)
            {
                var wait = PreviewDelay - sinceChange < PreviewEvery - sincePreview ? PreviewDelay - sinceChange : PreviewEvery - sincePreview;
                _preview.Change(wait, Timeout.InfiniteTimeSpan);
                return;
            }

            _previewPending = false;
            _lastPreview = now;

            args = new JsonArray(Doc.Length > 60000 ? Doc[..60000] : Doc, Doc.Length).ToJsonString();
        }

        _ = Circuit.InvokeDotNetAsync(_dotNetId, "TextChanged", args);
    }

    public void Dispose()
    {
        _preview.Dispose();
        _gap.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (_hub is { } hub)
        {
            await hub.DisposeAsync();
        }
    }

    private sealed record Pending(long Seq, long Base, TextOperation Op, List<int> Keys);

    private sealed record SubmitAnswer(bool Ok, bool Retry, string? Error, Delivery? Ack);
}

/// <summary>One operation as the hub, an ack or a catch-up read gives it (CoTextDelivery).</summary>
internal sealed record Delivery(long Revision, string Operation, string ClientId, long ClientSeq);

/// <summary>co-text-order.js for one typist: hub deliveries (own echoes skipped), acks and catch-up reads, each revision once, in order.</summary>
internal sealed class CoTypeOrder
{
    private readonly SortedDictionary<long, Delivery> _waiting = [];
    private string? _clientId;

    public long Delivered { get; private set; }

    public long LatestKnown { get; private set; }

    public int InFlight { get; set; }

    public bool Gap => _clientId is not null && LatestKnown > Delivered;

    public bool NeedsCatchUp => Gap && InFlight == 0;

    public void Start(long revision, string clientId)
    {
        _clientId = clientId;
        Delivered = revision;
        Known(revision);
    }

    public void Reset(long revision)
    {
        Delivered = revision;
        Known(revision);
        foreach (var stale in _waiting.Keys.Where(r => r <= revision).ToList())
        {
            _waiting.Remove(stale);
        }
    }

    public void Known(long revision) => LatestKnown = Math.Max(LatestKnown, revision);

    public List<Delivery> Receive(IEnumerable<Delivery> items)
    {
        var others = new List<Delivery>();
        foreach (var item in items)
        {
            Known(item.Revision);
            if (item.ClientId != _clientId)
            {
                others.Add(item);
            }
        }

        return Take(others);
    }

    public List<Delivery> Take(IEnumerable<Delivery> items)
    {
        foreach (var item in items)
        {
            Known(item.Revision);
            if (item.Revision > Delivered)
            {
                _waiting.TryAdd(item.Revision, item);
            }
        }

        return Flush();
    }

    public List<Delivery> Flush()
    {
        var ready = new List<Delivery>();
        if (_clientId is null)
        {
            return ready;
        }

        foreach (var stale in _waiting.Keys.Where(r => r <= Delivered).ToList())
        {
            _waiting.Remove(stale);
        }

        while (_waiting.Remove(Delivered + 1, out var next))
        {
            ready.Add(next);
            Delivered = next.Revision;
        }

        return ready;
    }
}
