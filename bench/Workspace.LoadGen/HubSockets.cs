using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Workspace.LoadGen;

/// <summary>A hub connection as a signed-in page opens it: straight to a WebSocket carrying the person's cookie.</summary>
internal static class HubSockets
{
    /// <summary>
    /// Built, not started. <paramref name="sockets"/> shares one handler across many sockets (null: each its own);
    /// <paramref name="opened"/> is given the socket, which notes when its bytes arrive.
    /// </summary>
    public static HubConnection Build(Uri hubUri, string cookie, HttpMessageInvoker? sockets = null, Action<ArrivalTimedSocket>? opened = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUri, options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.WebSocketFactory = async (context, token) =>
                {
                    var socket = new ClientWebSocket();
                    socket.Options.SetRequestHeader("Cookie", cookie);
                    try
                    {
                        await socket.ConnectAsync(context.Uri, sockets, token);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }

                    var timed = new ArrivalTimedSocket(socket);
                    opened?.Invoke(timed);
                    return timed;
                };
            })
            .Build();

        // A server on one busy core may answer pings late; a dropped connection would count as an error.
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        connection.HandshakeTimeout = TimeSpan.FromMinutes(1);
        return connection;
    }
}
