using Microsoft.Azure.SignalR;

namespace Workspace.Web.Hosting;

/// <summary>
/// Azure SignalR Service, when <c>Azure:SignalR:ConnectionString</c> is set: browsers hold their
/// WebSocket with the service, and each node keeps one set of connections to it, so nodes scale without
/// holding thousands of sockets. Off by default; the nodes then serve their circuits' sockets themselves.
/// </summary>
public static class AzureSignalR
{
    public const string ConnectionStringSetting = "Azure:SignalR:ConnectionString";

    public static bool AddWorkspaceAzureSignalR(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[ConnectionStringSetting] is not { Length: > 0 } connectionString)
        {
            return false;
        }

        services.AddSignalR().AddAzureSignalR(options =>
        {
            options.ConnectionString = connectionString;
            // A circuit lives on one node: the service must bring every message of a browser back to the
            // node that holds its circuit, never to whichever node is free.
            options.ServerStickyMode = ServerStickyMode.Required;
        });
        return true;
    }
}
