using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.LiveViews;
using Workspace.Web.Hosting;

namespace Workspace.Web.Features.CoTyping;

/// <summary>The co-typed texts' hub contract in one place (decision 022): the path, what a browser invokes and what it receives.</summary>
public static class CoTextContract
{
    public const string HubPath = "/hubs/co-text";

    /// <summary>Invoked by the browser: <c>Join(textId)</c> → the text's latest revision; refused with a HubException.</summary>
    public const string Join = nameof(CoTextHub.Join);

    /// <summary>Invoked by the browser when its editor closes: <c>Leave(textId)</c>.</summary>
    public const string Leave = nameof(CoTextHub.Leave);

    /// <summary>Sent to a text's group: <c>(textId, CoTextDelivery[])</c>, what a burst of events applied, in the order the node heard them.</summary>
    public const string Operations = "ops";

    /// <summary>Sent to a text's group when the node may have missed events (a bus reconnect): <c>(textId)</c>; the browser reads what it lacks.</summary>
    public const string Missed = "missed";

    /// <summary>How many texts one connection may join at once (a page shows a few editors at most).</summary>
    public const int MaxTextsPerConnection = 8;
}

/// <summary>
/// The co-typed texts' hub at <see cref="CoTextContract.HubPath"/>: an editor's page joins the text it shows and then
/// receives each burst of operations as one group message (<see cref="CoTextRelay"/>), instead of a JS interop call per
/// editor through its circuit. Signed-in people only; every join asks the database whether the person may read the
/// text, and a refused join learns nothing more than "not available". Submits and acks stay on the circuit.
/// </summary>
[Authorize]
public sealed class CoTextHub(CoTextRelay relay, CoTypingService coTyping, PublicOrigin site) : Hub
{
    private const string Refused = "This text is not available. It may not exist, or you may need to sign in as a member.";

    public async Task<long> Join(Guid textId)
    {
        if (!LiveHub.FromThisSite(Context, site) || Context.User?.GetUserId() is not { } userId
            || (await coTyping.ReadableAsync(userId, textId, Context.ConnectionAborted)).Value is not { } readable
            || !await relay.JoinAsync(Context.ConnectionId, userId, readable.PartnershipId, textId, Context.ConnectionAborted))
        {
            throw new HubException(Refused);
        }

        return readable.Revision;
    }

    public Task Leave(Guid textId) => relay.LeaveAsync(Context.ConnectionId, textId);

    /// <summary>The socket keeps its opening request for its life: what a join needs is the person's id and the Origin (as <see cref="LiveHub"/>).</summary>
    public override async Task OnConnectedAsync()
    {
        if (Context.GetHttpContext() is { } http)
        {
            var webSocket = Context.Features.Get<IHttpTransportFeature>()?.TransportType == HttpTransportType.WebSockets;
            await LiveHub.LetRequestGoAsync(http, webSocket);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await relay.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}

public static class CoTextHubEndpoints
{
    /// <summary>Hosting, like the watchers' hub: the relay sends through SignalR's hub context, which the circuits' components never use.</summary>
    public static IServiceCollection AddWorkspaceCoTextHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton<CoTextRelay>();
        return services;
    }

    public static IEndpointRouteBuilder MapCoTextHub(this IEndpointRouteBuilder endpoints)
    {
        // The browser only joins and leaves: the default 32 KB receive limit stays.
        LiveHub.HandOnlyThePerson(endpoints.MapHub<CoTextHub>(CoTextContract.HubPath));
        return endpoints;
    }
}
