using StackExchange.Redis;

namespace Workspace.Web.RealTime;

public static class RedisPresenceRegistration
{
    /// <summary>Presence in Redis when it is configured, so every node sees everyone; otherwise this node's memory.</summary>
    public static IServiceCollection AddWorkspacePresence(this IServiceCollection services, IConfiguration configuration)
    {
        if (!RedisConnection.IsConfigured(configuration))
        {
            services.AddSingleton<IPresence, InMemoryPresence>();
            return services;
        }

        services.AddSingleton<IPresence>(sp =>
        {
            var presence = new RedisPresence(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<IPartnershipEvents>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RedisPresence>>());
            // Other nodes stop showing this node's people at once, rather than when their entries expire.
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(() => _ = presence.LeaveAsync());
            return presence;
        });
        return services;
    }
}
