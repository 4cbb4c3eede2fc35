using Microsoft.AspNetCore.HttpOverrides;

namespace Workspace.Web.Hosting;

/// <summary>What the app believes about where a request came from.</summary>
public static class HostingServiceCollectionExtensions
{
    /// <summary>The proxies whose forwarded headers count.</summary>
    public static IServiceCollection AddWorkspaceHosting(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var proxies = TrustedProxies.FromConfiguration(configuration);
        services.Configure<ForwardedHeadersOptions>(proxies.ApplyTo);
        return services;
    }
}
