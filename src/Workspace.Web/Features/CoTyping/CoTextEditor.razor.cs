using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.CoTyping;

/// <summary>What the browser editor gets back from a submit: acknowledged, refused (shown, then reset), or to be sent again later.</summary>
public sealed record CoTextSubmitAnswer(bool Ok, bool Retry, string? Error);

/// <summary>What co-text.js says it started from: the revision (older after a reload with unsent operations), its client id and its text.</summary>
public sealed record CoTextAttached(long Revision, string ClientId, string Text);

/// <summary>
/// A co-typed text of any owner: the page gives the function that opens it (a goal's description, later an
/// agreement section). The browser module turns typing into operations; this component relays them to
/// <see cref="CoTypingService"/> and hands the browser every applied operation once, in revision order.
/// </summary>
public sealed partial class CoTextEditor : IAsyncDisposable
{
    public const string ModulePath = "assets/js/co-text.js";

    // How long Done waits for the last operations to be acknowledged.
    private const int FlushTimeoutMs = 5000;

    // A gap in the revisions usually fills from the bus within milliseconds (its event is just behind an ack): the
    // server is read only when it has not.
    private static readonly TimeSpan CatchUpAfter = TimeSpan.FromMilliseconds(500);

    // Under a busy text the browser gets what arrived together at most this often (a quiet text's operation goes at once).
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(25);

    // Carets are drawn at most this often: they need not follow each keystroke of forty typists to the millisecond.
    private static readonly TimeSpan CaretFrame = TimeSpan.FromMilliseconds(100);

    private readonly string _inputId = $"co-text-{Guid.NewGuid():N}";
    private ElementReference _textarea;
    private ElementReference _status;
    private IJSObjectReference? _module;
    private DotNetObjectReference<CoTextEditor>? _self;
    private IDisposable? _subscription;
    private CoTextSession? _session;
    private CoTextCaretsState? _carets;
    private IPresenceHandle? _presence;
    private bool _ready;
    private bool _catchingUp;
    private ITimer? _catchUpTimer;
    private readonly List<CoTextDelivery> _outbox = [];
    private bool _caretsDirty;
    private bool _sending;
    private long _lastCallAt;
    private long _lastCaretsAt;
    // One timer for the editor's life, set for each frame that must wait: a busy text waits tens of times a second.
    private ITimer? _frameTimer;
    private bool _frameWaiting;
    private bool _disposed;
    private string _text = "";
    private int _length;
    private string? _error;
    private readonly CancellationTokenSource _closing = new();

    [Inject]
    private CoTypingService CoTyping { get; set; } = default!;

    [Inject]
    private IPartnershipEvents Events { get; set; } = default!;

    [Inject]
    private CoTextCaretService Carets { get; set; } = default!;

    [Inject]
    private CircuitPresence Presence { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid PartnershipId { get; set; }

    [Parameter, EditorRequired]
    public string UserId { get; set; } = "";

    /// <summary>Opens (or creates) the text; the owner decides which and checks who may see it.</summary>
    [Parameter, EditorRequired]
    public Func<CancellationToken, Task<Result<CoTextState>>> Open { get; set; } = default!;

    [Parameter, EditorRequired]
    public string Label { get; set; } = "";

    [Parameter]
    public int MaxLength { get; set; } = TextOperation.MaxTextLength;

    [Parameter]
    public string? Hint { get; set; }

    /// <summary>When set, a Done button closes the editor (every keystroke is already saved).</summary>
    [Parameter]
    public EventCallback OnDone { get; set; }

    /// <summary>The editor's key in the browser module; also its textarea's id.</summary>
    public string Key => _inputId;

    public string? Error => _error;

    /// <summary>Where presence says who is in this text (each text its own place, whatever page shows it).</summary>
    public static string PresenceLocation(Guid textId) => $"co-text:{textId:N}";

    private string CountText => string.Create(CultureInfo.CurrentCulture, $"{_length:N0} / {MaxLength:N0} characters");

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await StartAsync();
        }
    }

    private async Task StartAsync()
    {
        // Subscribed before opening, so nothing applied between the read and the subscription is missed.
        _subscription = Events.SubscribeBatches(PartnershipId, Concerns, changes => InvokeAsync(() => TakeAsync(changes)));
        var opened = await Open(_closing.Token);
        if (_disposed)
        {
            return;
        }

        if (!opened.Succeeded)
        {
            _error = opened.Error!.Message;
            StateHasChanged();
            return;
        }

        var state = opened.Value!;
        _session = new CoTextSession(state.TextId);
        _carets = new CoTextCaretsState(state.TextId);
        if ((await Carets.TypistAsync(UserId, state.TextId, _closing.Token)).Value is { } me)
        {
            _presence = Presence.Join(PartnershipId, PresenceLocation(state.TextId), UserId, me.DisplayName, me.OrganisationName);
        }

        _module = await JS.InvokeAsync<IJSObjectReference>("import", _closing.Token, Navigation.ToAbsoluteUri(Assets[ModulePath]).ToString());
        _self = DotNetObjectReference.Create(this);
        var attached = await _module.InvokeAsync<CoTextAttached>("attach", _closing.Token, Key, _textarea, _status, _self, state.TextId, state.Text, state.Revision);
        _text = attached.Text;
        _length = attached.Text.Length;
        _ready = true;
        _carets.Start(attached.ClientId);
        _carets.Present(Presence.At(PartnershipId, PresenceLocation(state.TextId)), UserId);
        await DeliverAsync(_session.Start(attached.Revision, state.Revision, attached.ClientId));
        await _module.InvokeVoidAsync("start", _closing.Token, Key);
        StateHasChanged();
        await CatchUpAsync();
    }

    /// <summary>Called by co-text.js with one operation made on <paramref name="baseRevision"/>.</summary>
    [JSInvokable]
    public async Task<CoTextSubmitAnswer> Submit(long baseRevision, string operation, string clientId, long clientSeq)
    {
        if (_session is null || _disposed)
        {
            return new CoTextSubmitAnswer(false, true, null);
        }

        _session.SubmitStarted();
        Result<CoTextAck> result;
        try
        {
            // Not cancelled when the editor closes: an operation on its way is saved, not dropped.
            result = await CoTyping.SubmitAsync(UserId, _session.TextId, baseRevision, operation, clientId, clientSeq, CancellationToken.None);
        }
        catch (Exception ex) when (StorageFaults.IsBusy(ex) || ex is OperationCanceledException)
        {
            // Nothing was applied, or the resend is acknowledged with its revision: the browser sends it again.
            await DeliverAsync(_session.SubmitEnded(null));
            return new CoTextSubmitAnswer(false, true, null);
        }

        if (!result.Succeeded)
        {
            await DeliverAsync(_session.SubmitEnded(null));
            _error = $"That change was not saved: {result.Error!.Message} The editor now shows the saved text.";
            await ResetAsync();
            StateHasChanged();
            return new CoTextSubmitAnswer(false, false, result.Error.Message);
        }

        _error = null;
        var ack = result.Value!;
        await DeliverAsync(_session.SubmitEnded(new CoTextDelivery(ack.Revision, ack.Operation, clientId, clientSeq)));
        CatchUpSoon();
        return new CoTextSubmitAnswer(true, false, null);
    }

    /// <summary>Called by co-text.js (throttled, on change only) with its caret or selection at <paramref name="revision"/>.</summary>
    [JSInvokable]
    public async Task<bool> CaretMoved(long revision, int start, int end)
    {
        if (_session?.ClientId is not { } clientId || _disposed)
        {
            return false;
        }

        var reported = await Carets.ReportAsync(UserId, _session.TextId, clientId, revision, start, end, _closing.Token);
        return reported.Succeeded;
    }

    /// <summary>Closes once everything typed is acknowledged; while the connection is down it stays open and says why.</summary>
    private async Task DoneAsync()
    {
        if (_module is not null && !await _module.InvokeAsync<bool>("flush", _closing.Token, Key, FlushTimeoutMs))
        {
            _error = "Some of your typing is not saved yet. It is kept here and sent when the connection returns; try Done again then.";
            return;
        }

        await OnDone.InvokeAsync();
    }

    /// <summary>Called by co-text.js (at most once a second while the text changes, and when it stops) with the text as the person sees it, for the preview and the count.</summary>
    [JSInvokable]
    public void TextChanged(string text, int length)
    {
        _text = text ?? "";
        _length = length;
        StateHasChanged();
    }

    /// <summary>
    /// The events of this text that gathered while the editor was busy, in order, in one trip through the renderer. The
    /// call to the browser is started, not awaited: operations arriving meanwhile join the outbox and go in its next call.
    /// </summary>
    private async Task TakeAsync(IReadOnlyList<PartnershipEvent> changes)
    {
        foreach (var change in changes)
        {
            try
            {
                await OnEventAsync(change);
            }
#pragma warning disable CA1031 // A failed live update belongs to this circuit, not to the publisher; the next events still come.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                await DispatchExceptionAsync(ex);
            }
        }

        _ = PumpOrFailAsync();
    }

    /// <summary>One event: operations go to the outbox and carets are marked for the next call, which the caller makes.</summary>
    private async Task OnEventAsync(PartnershipEvent change)
    {
        if (_session is null || _disposed)
        {
            return;
        }

        switch (change)
        {
            case CoTextChanged text when text.TextId == _session.TextId:
                Queue(_session.Receive(text));
                CatchUpSoon();
                break;
            case EventsMissed:
                await CatchUpAsync(force: true);
                break;
            case CoTextCaretMoved moved when _carets!.Moved(moved):
            case CoTextCaretLeft left when _carets!.Left(left):
                _caretsDirty = true;
                break;
            case PresenceChanged presence when presence.Location == PresenceLocation(_session.TextId):
                await PresentAsync(presence.People);
                break;
        }

        await NoteFieldSaveAsync(change);
    }

    /// <summary>
    /// Whether an event is about this text, decided on the bus's thread: with forty people typing, every keystroke and
    /// caret of the partnership would otherwise take a trip through every editor's renderer. Before the text is open
    /// nothing concerns it (the open reads what came before).
    /// </summary>
    private bool Concerns(PartnershipEvent change) => _session?.TextId is { } textId && change switch
    {
        CoTextChanged text => text.TextId == textId,
        CoTextCaretMoved moved => moved.TextId == textId,
        CoTextCaretLeft left => left.TextId == textId,
        PresenceChanged presence => presence.Location == PresenceLocation(textId),
        EventsMissed => true,
        _ => false,
    };

    /// <summary>Reads what the editor is missing in a moment, when a gap in the revisions has not filled by then.</summary>
    private void CatchUpSoon()
    {
        if (_session is not { NeedsCatchUp: true } || _catchUpTimer is not null || _disposed)
        {
            return;
        }

        _catchUpTimer = Clock.CreateTimer(_ => _ = InvokeAsync(CatchUpLateAsync), null, CatchUpAfter, Timeout.InfiniteTimeSpan);
    }

    private async Task CatchUpLateAsync()
    {
        _catchUpTimer?.Dispose();
        _catchUpTimer = null;
        try
        {
            await CatchUpAsync();
        }
#pragma warning disable CA1031 // A failed read belongs to this circuit; the next gap or reconnect reads again.
        catch (Exception ex) when (!_disposed)
#pragma warning restore CA1031
        {
            await DispatchExceptionAsync(ex);
        }
        catch (Exception) when (_disposed)
        {
            // Closed meanwhile.
        }
    }

    /// <summary>Reads what the editor is missing while it is behind a known revision (a gap in the events, a reconnect).</summary>
    private async Task CatchUpAsync(bool force = false)
    {
        if (_session is null || _catchingUp)
        {
            return;
        }

        _catchingUp = true;
        try
        {
            while (!_disposed && (_session.NeedsCatchUp || force))
            {
                force = false;
                var read = await CoTyping.OperationsSinceAsync(UserId, _session.TextId, _session.Delivered, _closing.Token);
                if (!read.Succeeded || read.Value!.Count == 0)
                {
                    break;
                }

                await DeliverAsync(_session.Take(read.Value.Select(CoTextDelivery.Of)));
            }
        }
        finally
        {
            _catchingUp = false;
        }
    }

    /// <summary>Who is in the text changed: carets of people gone go, and a newcomer is shown this editor's caret.</summary>
    private async Task PresentAsync(IReadOnlyList<PresenceEntry> people)
    {
        var (changed, newcomer) = _carets!.Present(people, UserId);
        if (changed)
        {
            await ShowCaretsAsync();
            StateHasChanged();
        }

        if (newcomer && _module is not null)
        {
            await _module.InvokeVoidAsync("announce", _closing.Token, Key);
        }
    }

    /// <summary>The others' carets, each as reported: the browser places and moves them over the operations it applies.</summary>
    private Task ShowCaretsAsync()
    {
        _caretsDirty = true;
        return PumpAsync();
    }

    /// <summary>Hands operations to the browser in revision order.</summary>
    private Task DeliverAsync(IReadOnlyList<CoTextDelivery> ready) => Queue(ready) ? PumpAsync() : Task.CompletedTask;

    /// <summary>Puts operations in the outbox for the next call to the browser; false when there is nothing to send.</summary>
    private bool Queue(IReadOnlyList<CoTextDelivery> ready)
    {
        if (ready.Count == 0 || _module is null || _disposed)
        {
            return false;
        }

        _outbox.AddRange(ready);
        return true;
    }

    /// <summary>
    /// One call to the browser at a time: operations at most once a frame, carets (the whole list, a few hundred bytes a
    /// typist) at most once a caret frame. What arrives meanwhile goes together in the next, so a busy text costs a call
    /// (and its reply) per frame rather than per operation or caret move per viewer, and a quiet one is sent at once.
    /// Carets follow once the operations before them are on their way.
    /// </summary>
    private async Task PumpAsync()
    {
        while (!_sending && !_frameWaiting && _module is not null && _carets is not null && !_disposed)
        {
            var operationsIn = _outbox.Count > 0 ? Frame - Clock.GetElapsedTime(_lastCallAt) : (TimeSpan?)null;
            var caretsIn = _caretsDirty ? CaretFrame - Clock.GetElapsedTime(_lastCaretsAt) : (TimeSpan?)null;
            if (operationsIn is null && caretsIn is null)
            {
                return;
            }

            // Operations first; carets wait for the operations before them.
            var wait = operationsIn ?? caretsIn!.Value;
            if (wait > TimeSpan.Zero)
            {
                _frameWaiting = true;
                _frameTimer ??= Clock.CreateTimer(_ => _ = InvokeAsync(NextFrameAsync), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _frameTimer.Change(wait, Timeout.InfiniteTimeSpan);
                return;
            }

            _sending = true;
            try
            {
                if (_outbox.Count > 0)
                {
                    _lastCallAt = Clock.GetTimestamp();
                    CoTextDelivery[] items = [.. _outbox];
                    _outbox.Clear();
                    await _module.InvokeVoidAsync("receive", _closing.Token, Key, items);
                }
                else
                {
                    _lastCaretsAt = Clock.GetTimestamp();
                    _caretsDirty = false;
                    await _module.InvokeVoidAsync("carets", _closing.Token, Key, _carets.Carets);
                }
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; a reload resends what it had not confirmed.
                return;
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                // The editor is closing.
                return;
            }
            finally
            {
                _sending = false;
            }
        }
    }

    private async Task NextFrameAsync()
    {
        _frameWaiting = false;
        await PumpOrFailAsync();
    }

    private async Task PumpOrFailAsync()
    {
        try
        {
            await PumpAsync();
        }
#pragma warning disable CA1031 // A failed call belongs to this circuit.
        catch (Exception ex) when (!_disposed)
#pragma warning restore CA1031
        {
            await DispatchExceptionAsync(ex);
        }
        catch (Exception) when (_disposed)
        {
            // Closed meanwhile.
        }
    }

    /// <summary>After a refused operation: the browser starts again from the stored text.</summary>
    private async Task ResetAsync()
    {
        var loaded = await CoTyping.LoadAsync(UserId, _session!.TextId, _closing.Token);
        if (!loaded.Succeeded || _module is null)
        {
            return;
        }

        _session.Reset(loaded.Value!.Revision);
        _outbox.Clear();
        _carets?.Reset();
        _text = loaded.Value.Text;
        _length = _text.Length;
        await _module.InvokeVoidAsync("reset", _closing.Token, Key, loaded.Value.Text, loaded.Value.Revision);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _catchUpTimer?.Dispose();
        _frameTimer?.Dispose();
        _subscription?.Dispose();
        _presence?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeAsync<bool>("detach", Key);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; what it had not sent stays in its session storage.
            }
        }

        CancelPendingCalls();
        if (_session is not null)
        {
            // The person's run becomes one revision in the owner's history now, not at their next edit.
            await CoTyping.EndRunAsync(UserId, _session.TextId, CancellationToken.None);
            if (_session.ClientId is { } clientId)
            {
                await Carets.LeaveAsync(UserId, _session.TextId, clientId, CancellationToken.None);
            }
        }

        _self?.Dispose();
        _closing.Dispose();
    }

    // Cancelled on the renderer's thread, not by CancelAsync's pool thread: a browser call completing on the renderer at that
    // moment would otherwise find its task cancelled under it, and the circuit ends with "Invalid interop arguments".
    private void CancelPendingCalls() => _closing.Cancel();
}
