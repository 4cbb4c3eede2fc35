using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Primitives;
using Workspace.Web.Features.Common;
using Workspace.Web.Hosting;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// The watchers' hub at <see cref="LiveContract.HubPath"/>: a browser joins the view it shows and then only
/// receives. Anyone may connect, since public views need no account; every join asks the view whether
/// this person may watch it (membership, from the database), and a refused join learns nothing more
/// than "not available".
/// </summary>
[AllowAnonymous]
public sealed class LiveHub(LiveGroups groups, PublicOrigin site) : Hub
{
    private const string Refused = "This view is not available. It may not exist, or you may need to sign in as a member.";

    public Task<LiveSnapshot> Join(string kind, string key) => JoinShowing(kind, key, null);

    /// <summary>A join from a page that shows the fragments named by their hashes: only the others are sent.</summary>
    public async Task<LiveSnapshot> JoinShowing(string kind, string key, Dictionary<string, string>? shown) =>
        (FromThisSite() ? await groups.JoinAsync(Context.ConnectionId, Context.User ?? new(), kind, key, Context.ConnectionAborted, shown) : null)
            ?? throw new HubException(Refused);

    public async Task<LiveSnapshot> Snapshot(string kind, string key) =>
        await groups.SnapshotAsync(Context.ConnectionId, kind, key, Context.ConnectionAborted)
            ?? throw new HubException(Refused);

    /// <summary>
    /// A socket opened by another site's page carries the person's cookies too (browsers do not apply CORS
    /// to WebSockets): a browser's Origin, when sent, must be this site — the host asked for, or the public
    /// origin (behind Azure SignalR Service the host asked for is the service's).
    /// </summary>
    private bool FromThisSite() => FromThisSite(Context, site);

    /// <summary>The Origin check of every hub a signed-in page opens (this one and the co-text hub).</summary>
    internal static bool FromThisSite(HubCallerContext context, PublicOrigin site)
    {
        var request = context.GetHttpContext()?.Request;
        var origin = request?.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (string.Equals(uri.Authority, request!.Host.Value, StringComparison.OrdinalIgnoreCase)
                || string.Equals(uri.Authority, site.BaseUri.Authority, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// SignalR keeps the person it finds on the request for the connection's life: a hub's endpoint gives it only
    /// the id (<see cref="PersonOf"/>), and needs no rate limiter staying in memory for as long as each socket.
    /// </summary>
    internal static void HandOnlyThePerson(HubEndpointConventionBuilder hub) =>
        hub.DisableRateLimiting().Add(endpoint =>
        {
            var dispatch = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                context.User = PersonOf(context.User);
                return dispatch(context);
            };
        });

    /// <summary>
    /// A watcher's socket keeps the request that opened it for as long as it stays open. What a join reads again
    /// is the person's id (the endpoint already gave SignalR only that, <see cref="PersonOf"/>) and the Origin and
    /// Host headers; the rest is let go: the cookies (the sign-in ticket, ~1.6 KB of text held raw and parsed) and
    /// the authentication handler that still holds the ticket it read, with its claims and properties
    /// (docs/benchmarks-journal.md, sections 31 and 34).
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        if (Context.GetHttpContext() is { } http)
        {
            var webSocket = Context.Features.Get<IHttpTransportFeature>()?.TransportType == HttpTransportType.WebSockets;
            await LetRequestGoAsync(http, webSocket);
        }

        await base.OnConnectedAsync();
    }

    /// <summary>
    /// The person as far as the live views ask: signed in with this id, or not signed in. Every join checks
    /// membership by the id against the database, and revocations find watchers by it, so nothing else is needed.
    /// The hub's endpoint hands the connection this instead of the ticket's principal with all its claims.
    /// </summary>
    internal static ClaimsPrincipal PersonOf(ClaimsPrincipal? user)
    {
        if (user?.GetUserId() is not { } userId)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        // Scheme names are few and fixed: one string for all watchers rather than one per ticket read.
        var scheme = string.Intern(user.Identity!.AuthenticationType!);
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], scheme));
    }

    /// <summary>
    /// Drops what the opening request holds and no join reads again. The request's service scope is ended only
    /// for a WebSocket, whose request lasts as long as the connection and is never handed to another request.
    /// </summary>
    internal static async ValueTask LetRequestGoAsync(HttpContext http, bool webSocket)
    {
        http.Request.Headers.Cookie = StringValues.Empty;
        // The parsed cookies stay with the feature until it goes; asked for again, they are parsed from the empty header.
        http.Features.Set<IRequestCookiesFeature>(null);
        if (!webSocket)
        {
            return;
        }

        // The cookie handler caches the ticket it read, and the authentication middleware keeps the handlers.
        (http.RequestServices.GetService<IAuthenticationHandlerProvider>() as ReleasableAuthenticationHandlers)?.Release();
        if (http.Features.Get<IServiceProvidersFeature>() is IAsyncDisposable services)
        {
            // The scope's services were the authentication's, done before the hub ran; each hub call gets a
            // scope of its own. Ended again at the request's end, which is harmless.
            await services.DisposeAsync();
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await groups.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
