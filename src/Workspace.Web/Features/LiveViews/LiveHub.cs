using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Primitives;
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

    public async Task<LiveSnapshot> Join(string kind, string key) =>
        (FromThisSite() ? await groups.JoinAsync(Context.ConnectionId, Context.User ?? new(), kind, key, Context.ConnectionAborted) : null)
            ?? throw new HubException(Refused);

    public async Task<LiveSnapshot> Snapshot(string kind, string key) =>
        await groups.SnapshotAsync(Context.ConnectionId, kind, key, Context.ConnectionAborted)
            ?? throw new HubException(Refused);

    /// <summary>
    /// A socket opened by another site's page carries the person's cookies too (browsers do not apply CORS
    /// to WebSockets): a browser's Origin, when sent, must be this site — the host asked for, or the public
    /// origin (behind Azure SignalR Service the host asked for is the service's).
    /// </summary>
    private bool FromThisSite()
    {
        var request = Context.GetHttpContext()?.Request;
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
    /// A watcher's socket keeps the request that opened it for as long as it stays open. Its cookies (the
    /// sign-in ticket: ~1.6 KB of text, held raw and parsed) are not read again once the connection knows its
    /// person, so they are let go: ~3 KB per watcher (docs/benchmarks-journal.md, section 31).
    /// </summary>
    public override Task OnConnectedAsync()
    {
        if (Context.GetHttpContext() is { } http)
        {
            ForgetCookies(http);
        }

        return base.OnConnectedAsync();
    }

    internal static void ForgetCookies(HttpContext http)
    {
        http.Request.Headers.Cookie = StringValues.Empty;
        // The parsed cookies stay with the feature until it goes; asked for again, they are parsed from the empty header.
        http.Features.Set<IRequestCookiesFeature>(null);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await groups.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
