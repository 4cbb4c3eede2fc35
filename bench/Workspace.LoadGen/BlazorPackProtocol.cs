using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Workspace.LoadGen;

/// <summary>
/// Blazor's hub speaks SignalR's MessagePack format under the name "blazorpack" (blazor.web.js renames
/// its MessagePackHubProtocol the same way); this wraps the client's MessagePack protocol with that name.
/// </summary>
public sealed class BlazorPackProtocol(IHubProtocol messagePack) : IHubProtocol
{
    public string Name => "blazorpack";

    public int Version => messagePack.Version;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => messagePack.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
        messagePack.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => messagePack.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => messagePack.GetMessageBytes(message);
}
