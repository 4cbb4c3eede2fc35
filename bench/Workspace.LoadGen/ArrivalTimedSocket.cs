using System.Diagnostics;
using System.Net.WebSockets;

namespace Workspace.LoadGen;

/// <summary>
/// A client WebSocket that notes when its last receive completed (<see cref="Stopwatch.GetTimestamp"/>): when the
/// bytes reached this watcher, before the SignalR client parsed them and queued its handler behind the other
/// watchers' on the generator's one core. A real audience parses on its own devices, so this is the edit → screen
/// time without the generator's own queue; the handler's time is reported beside it.
/// </summary>
internal sealed class ArrivalTimedSocket(ClientWebSocket inner) : WebSocket
{
    private long _lastArrival;

    public long LastArrival => Volatile.Read(ref _lastArrival);

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken);
        Volatile.Write(ref _lastArrival, Stopwatch.GetTimestamp());
        return result;
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken);
        Volatile.Write(ref _lastArrival, Stopwatch.GetTimestamp());
        return result;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
}
