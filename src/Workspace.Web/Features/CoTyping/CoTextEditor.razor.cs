using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.CoTyping;

/// <summary>
/// What the browser editor gets back from a submit: acknowledged (with the revision and form the operation was applied
/// in, which the browser orders among the others'), refused (shown, then reset), or to be sent again later.
/// </summary>
public sealed record CoTextSubmitAnswer(bool Ok, bool Retry, string? Error, CoTextDelivery? Ack = null);

/// <summary>What co-text.js says it started from: the revision (older after a reload with unsent operations), its client id and its text.</summary>
public sealed record CoTextAttached(long Revision, string ClientId, string Text);

/// <summary>Where co-text.js receives the text's operations: the hub's address and the SignalR client script to load for it.</summary>
public sealed record CoTextLive(string Hub, string Script);

/// <summary>
/// A co-typed text of any owner: the page gives the function that opens it (a goal's description, later an
/// agreement section). The browser module turns typing into operations; this component relays them to
/// <see cref="CoTypingService"/> and answers each with its ack. The others' operations reach the browser on
/// <see cref="CoTextHub"/>, one group message per burst for every editor of the text, and the browser orders them;
/// when it finds a gap it reads the operations since a revision here (<see cref="Since"/>).
/// </summary>
public sealed partial class CoTextEditor : IAsyncDisposable
{
    public const string ModulePath = "assets/js/co-text.js";

    public const string SignalRScriptPath = "assets/js/vendor/signalr.min.js";

    // How long Done waits for the last operations to be acknowledged.
    private const int FlushTimeoutMs = 5000;

    // Carets are drawn at most this often: they need not follow each keystroke of forty typists to the millisecond.
    private static readonly TimeSpan CaretFrame = TimeSpan.FromMilliseconds(100);

    private readonly string _inputId = $"co-text-{Guid.NewGuid():N}";
    private ElementReference _textarea;
    private ElementReference _status;
    private IJSObjectReference? _module;
    private DotNetObjectReference<CoTextEditor>? _self;
    private IDisposable? _subscription;
    private Guid? _textId;
    private string? _clientId;
    private CoTextCaretsState? _carets;
    private IPresenceHandle? _presence;
    private bool _ready;
    private bool _caretsDirty;
    private bool _sending;
    private long _lastCaretsAt;
    // One timer for the editor's life, set for each caret frame that must wait.
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
        // Subscribed before opening, so no caret or presence change between the read and the subscription is missed.
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
        _textId = state.TextId;
        _carets = new CoTextCaretsState(state.TextId);
        if ((await Carets.TypistAsync(UserId, state.TextId, _closing.Token)).Value is { } me)
        {
            _presence = Presence.Join(PartnershipId, PresenceLocation(state.TextId), UserId, me.DisplayName, me.OrganisationName);
        }

        _module = await JS.InvokeAsync<IJSObjectReference>("import", _closing.Token, Navigation.ToAbsoluteUri(Assets[ModulePath]).ToString());
        _self = DotNetObjectReference.Create(this);
        var live = new CoTextLive(Navigation.ToAbsoluteUri(CoTextContract.HubPath.TrimStart('/')).ToString(), Navigation.ToAbsoluteUri(Assets[SignalRScriptPath]).ToString());
        var attached = await _module.InvokeAsync<CoTextAttached>("attach", _closing.Token, Key, _textarea, _status, _self, state.TextId, state.Text, state.Revision, live);
        _text = attached.Text;
        _length = attached.Text.Length;
        _clientId = attached.ClientId;
        _ready = true;
        _carets.Start(attached.ClientId);
        _carets.Present(Presence.At(PartnershipId, PresenceLocation(state.TextId)), UserId);
        await _module.InvokeVoidAsync("start", _closing.Token, Key);
        StateHasChanged();
    }

    /// <summary>Called by co-text.js with one operation made on <paramref name="baseRevision"/>; the answer carries its ack.</summary>
    [JSInvokable]
    public async Task<CoTextSubmitAnswer> Submit(long baseRevision, string operation, string clientId, long clientSeq)
    {
        if (_textId is not { } textId || _disposed)
        {
            return new CoTextSubmitAnswer(false, true, null);
        }

        Result<CoTextAck> result;
        try
        {
            // Not cancelled when the editor closes: an operation on its way is saved, not dropped.
            result = await CoTyping.SubmitAsync(UserId, textId, baseRevision, operation, clientId, clientSeq, CancellationToken.None);
        }
        catch (Exception ex) when (StorageFaults.IsBusy(ex) || ex is OperationCanceledException)
        {
            // Nothing was applied, or the resend is acknowledged with its revision: the browser sends it again.
            return new CoTextSubmitAnswer(false, true, null);
        }

        if (!result.Succeeded)
        {
            _error = $"That change was not saved: {result.Error!.Message} The editor now shows the saved text.";
            await ResetAsync();
            StateHasChanged();
            return new CoTextSubmitAnswer(false, false, result.Error.Message);
        }

        _error = null;
        var ack = result.Value!;
        return new CoTextSubmitAnswer(true, false, null, new CoTextDelivery(ack.Revision, ack.Operation, clientId, clientSeq));
    }

    /// <summary>
    /// Called by co-text.js when a gap in the revisions it holds did not fill in a moment (or the hub is down): the
    /// operations after <paramref name="revision"/>, oldest first, one page at most; null when the text is not readable.
    /// </summary>
    [JSInvokable]
    public async Task<IReadOnlyList<CoTextDelivery>?> Since(long revision)
    {
        if (_textId is not { } textId || _disposed)
        {
            return null;
        }

        var read = await CoTyping.OperationsSinceAsync(UserId, textId, revision, _closing.Token);
        return read.Succeeded ? [.. read.Value!.Select(CoTextDelivery.Of)] : null;
    }

    /// <summary>Called by co-text.js (throttled, on change only) with its caret or selection at <paramref name="revision"/>.</summary>
    [JSInvokable]
    public async Task<bool> CaretMoved(long revision, int start, int end)
    {
        if (_clientId is not { } clientId || _textId is not { } textId || _disposed)
        {
            return false;
        }

        var reported = await Carets.ReportAsync(UserId, textId, clientId, revision, start, end, _closing.Token);
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

    /// <summary>The events of this text that gathered while the editor was busy (carets, presence, a restore), in one trip through the renderer.</summary>
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

    /// <summary>One event: carets are marked for the next call, which the caller makes.</summary>
    private async Task OnEventAsync(PartnershipEvent change)
    {
        if (_textId is not { } textId || _disposed)
        {
            return;
        }

        switch (change)
        {
            case CoTextCaretMoved moved when _carets!.Moved(moved):
            case CoTextCaretLeft left when _carets!.Left(left):
                _caretsDirty = true;
                break;
            case PresenceChanged presence when presence.Location == PresenceLocation(textId):
                await PresentAsync(presence.People);
                break;
        }

        await NoteFieldSaveAsync(change);
    }

    /// <summary>
    /// Whether an event is about this text, decided on the bus's thread: with forty people typing, every keystroke and
    /// caret of the partnership would otherwise take a trip through every editor's renderer. Typed operations are not:
    /// they reach the browser on the hub. Only a restore's operation comes here, for the notice.
    /// </summary>
    private bool Concerns(PartnershipEvent change) => _textId is { } textId && change switch
    {
        CoTextChanged text => text.TextId == textId && text.ClientId == CoTypingService.FieldSaveClient,
        CoTextCaretMoved moved => moved.TextId == textId,
        CoTextCaretLeft left => left.TextId == textId,
        PresenceChanged presence => presence.Location == PresenceLocation(textId),
        _ => false,
    };

    /// <summary>Who is in the text changed: carets of people gone go, and a newcomer is shown this editor's caret.</summary>
    private async Task PresentAsync(IReadOnlyList<PresenceEntry> people)
    {
        var (changed, newcomer) = _carets!.Present(people, UserId);
        if (changed)
        {
            _caretsDirty = true;
            await PumpAsync();
            StateHasChanged();
        }

        if (newcomer && _module is not null)
        {
            await _module.InvokeVoidAsync("announce", _closing.Token, Key);
        }
    }

    /// <summary>
    /// The others' carets (the whole list, a few hundred bytes a typist), one call to the browser at a time and at most
    /// once a caret frame: what arrives meanwhile goes in the next, so a busy text costs a call per frame, not per move.
    /// </summary>
    private async Task PumpAsync()
    {
        while (_caretsDirty && !_sending && !_frameWaiting && _module is not null && _carets is not null && !_disposed)
        {
            var wait = CaretFrame - Clock.GetElapsedTime(_lastCaretsAt);
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
                _lastCaretsAt = Clock.GetTimestamp();
                _caretsDirty = false;
                await _module.InvokeVoidAsync("carets", _closing.Token, Key, _carets.Carets);
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone.
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
        var loaded = await CoTyping.LoadAsync(UserId, _textId!.Value, _closing.Token);
        if (!loaded.Succeeded || _module is null)
        {
            return;
        }

        _carets?.Reset();
        _text = loaded.Value!.Text;
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
        if (_textId is { } textId)
        {
            // The person's run becomes one revision in the owner's history now, not at their next edit.
            await CoTyping.EndRunAsync(UserId, textId, CancellationToken.None);
            if (_clientId is { } clientId)
            {
                await Carets.LeaveAsync(UserId, textId, clientId, CancellationToken.None);
            }
        }

        _self?.Dispose();
        _closing.Dispose();
    }

    // Cancelled on the renderer's thread, not by CancelAsync's pool thread: a browser call completing on the renderer at that
    // moment would otherwise find its task cancelled under it, and the circuit ends with "Invalid interop arguments".
    private void CancelPendingCalls() => _closing.Cancel();
}
