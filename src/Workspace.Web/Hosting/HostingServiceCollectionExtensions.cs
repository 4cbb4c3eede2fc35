using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.HttpOverrides;

namespace Workspace.Web.Hosting;

/// <summary>What the app believes about where a request came from and where people reach it.</summary>
public static class HostingServiceCollectionExtensions
{
    public const string AllowedHostsSetting = "AllowedHosts";

    /// <summary>
    /// The public origin for links, the proxies whose forwarded headers count, and the host names the app
    /// answers to. Outside Development it refuses to start without <c>App:PublicOrigin</c> or with
    /// <c>AllowedHosts</c> set to "*"; unset, <c>AllowedHosts</c> there is the public origin's host.
    /// Gives Kestrel's sockets buffers that are given back once a burst is over (<see cref="TrimmingBufferPoolFactory"/>).
    /// </summary>
    public static IServiceCollection AddWorkspaceHosting(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var origin = PublicOrigin.FromConfiguration(configuration, environment);
        services.AddSingleton(sp => origin ?? PublicOrigin.FromServer(sp.GetRequiredService<IServer>()));

        // Registered after Kestrel's own factory, so the socket transport takes this one (a trim interval of 0 keeps Kestrel's).
        if (TrimmingBufferPoolFactory.FromConfiguration(configuration, TimeProvider.System) is { } buffers)
        {
            // Through a factory method, so the container disposes it (and its timer) with the app.
            services.AddSingleton<IMemoryPoolFactory<byte>>(_ => buffers);
        }

        var proxies = TrustedProxies.FromConfiguration(configuration);
        services.Configure<ForwardedHeadersOptions>(proxies.ApplyTo);

        // The web host's own default for an unset AllowedHosts is "*", which answers any Host header.
        if (!environment.IsDevelopment())
        {
            var hosts = (configuration[AllowedHostsSetting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (hosts.Contains("*"))
            {
                throw new InvalidOperationException(
                    $"{AllowedHostsSetting} is \"*\". Outside Development list the host names people use to reach the app, separated by ';' " +
                    "(e.g. workspace.example.gov), or leave it unset to allow only the host of App:PublicOrigin. See infra/README.md.");
            }

            if (hosts.Length == 0)
            {
                services.Configure<HostFilteringOptions>(options => options.AllowedHosts = [origin!.BaseUri.Host]);
            }
        }

        return services;
    }
}
