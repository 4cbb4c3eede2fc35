using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// The watchers' hub at <see cref="LiveContract.HubPath"/>: a browser joins the view it shows and then only
/// receives. Anyone may connect, since public views need no account; every join asks the view whether
/// this person may watch it (membership, from the database), and a refused join learns nothing more
/// than "not available".
/// </summary>
[AllowAnonymous]
public sealed class LiveHub(LiveGroups groups) : Hub
{
    private const string Refused = "This view is not available. It may not exist, or you may need to sign in as a member.";

    public async Task<LiveSnapshot> Join(string kind, string key) =>
        await groups.JoinAsync(Context.ConnectionId, Context.User ?? new(), kind, key, Context.ConnectionAborted)
            ?? throw new HubException(Refused);

    public async Task<LiveSnapshot> Snapshot(string kind, string key) =>
        await groups.SnapshotAsync(Context.ConnectionId, kind, key, Context.ConnectionAborted)
            ?? throw new HubException(Refused);

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await groups.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
