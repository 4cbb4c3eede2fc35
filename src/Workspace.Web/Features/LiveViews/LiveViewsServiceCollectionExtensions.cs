using Microsoft.AspNetCore.Authentication;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Workshops;

namespace Workspace.Web.Features.LiveViews;

/// <summary>The watchers' path (decision 017): the hub, its groups, the renderer and the views it serves.</summary>
public static class LiveViewsServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaceLiveViews(this IServiceCollection services)
    {
        services.AddSignalR();
        // After the authentication's own registration (TryAdd), so this one is what requests get.
        services.AddScoped<IAuthenticationHandlerProvider, ReleasableAuthenticationHandlers>();
        services.AddSingleton<LiveViewOptions>();
        services.AddSingleton<LiveFragmentRenderer>();
        services.AddSingleton<LiveViewRegistry>();
        services.AddSingleton<LiveGroups>();
        services.AddSingleton<ILiveView, WallLiveView>();
        services.AddSingleton<ILiveView, FollowLiveView>();
        services.AddSingleton<ILiveView, RoomScreenLiveView>();
        services.AddSingleton<ILiveView, PublicLiveView>();
        services.AddSingleton<LiveViewsWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveViewsWarmUp>());
        return services;
    }

    public static IEndpointRouteBuilder MapWorkspaceLiveViews(this IEndpointRouteBuilder endpoints)
    {
        // Watchers only receive: a browser's messages are joins, so the default 32 KB receive limit stays.
        // The global limiter counts only account form posts, so the socket would pass it anyway; declared, the
        // rate-limiting middleware does not stay in memory for as long as each watcher's socket.
        LiveHub.HandOnlyThePerson(endpoints.MapHub<LiveHub>(LiveContract.HubPath));
        return endpoints;
    }
}
