using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Workspace.Web.Components.Layout;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Publication;

/// <summary>
/// Keeps public results pages cheap for the many and fresh for the partners: each page is cached for a
/// short time under a tag of its partnership, and evicted as soon as any event of that partnership (a
/// change to its data, its members or the consents) reaches this node. A node watches a partnership's
/// events from the first time it renders its public page. Requests are limited per client address.
/// </summary>
public sealed class PublicResultsCache(IPartnershipEvents events, IOutputCacheStore store, ILogger<PublicResultsCache> logger) : IDisposable
{
    public const string PolicyName = "public-results";
    public const string RateLimitPolicy = "public-results";

    private readonly ConcurrentDictionary<Guid, IDisposable> _watched = new();

    public static string TagOf(Guid partnershipId) => $"public-results:{partnershipId:N}";

    /// <summary>Tags the response being rendered with its partnership and starts watching that partnership's events.</summary>
    public void Track(HttpContext? context, Guid partnershipId)
    {
        context?.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(TagOf(partnershipId));
        _watched.GetOrAdd(partnershipId, id => events.Subscribe(id, change => OnEventAsync(id, change)));
    }

    /// <summary>Drops the partnership's cached page so the next request reads the database again.</summary>
    public async Task EvictAsync(Guid partnershipId, CancellationToken cancellationToken = default) =>
        await store.EvictByTagAsync(TagOf(partnershipId), cancellationToken);

    private async Task OnEventAsync(Guid partnershipId, PartnershipEvent change)
    {
        // Presence and carets say who is looking or typing, not what the page shows.
        if (change is IEphemeralEvent)
        {
            return;
        }

        try
        {
            await EvictAsync(partnershipId);
        }
#pragma warning disable CA1031 // A failed eviction leaves the page stale for the cache's short duration; it must not break the bus.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Could not evict the cached public results page of partnership {PartnershipId}", partnershipId);
        }
    }

    public void Dispose()
    {
        foreach (var subscription in _watched.Values)
        {
            subscription.Dispose();
        }

        _watched.Clear();
    }
}

/// <summary>Registration of the public results page: its services, output cache policy and rate limit.</summary>
public static class PublicationServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspacePublication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PublicationService>();
        services.AddScoped<PublicResultsView>();
        services.AddSingleton<PublicResultsCache>();

        var cacheSeconds = configuration.GetValue("PublicResults:CacheSeconds", 60);
        services.AddOutputCache(options => options.AddPolicy(PublicResultsCache.PolicyName, policy => policy
            .Expire(TimeSpan.FromSeconds(cacheSeconds))
            .SetVaryByRouteValue("slug")
            // The page's colours follow the visitor's theme cookie; nothing else about the visitor is in it.
            .VaryByValue(context => new KeyValuePair<string, string>("theme", context.Request.Cookies[ThemePreferences.CookieName] ?? ""))
            .AddPolicy<PublicResultsCachePolicy>()));

        var perMinute = configuration.GetValue("RateLimits:PublicResultsPerMinute", 60);
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(PublicResultsCache.RateLimitPolicy, context =>
            RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })));
        services.Configure<RateLimiterOptions>(options =>
        {
            var accountRejection = options.OnRejected;
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                if (!rejected.HttpContext.Request.Path.StartsWithSegments("/public"))
                {
                    if (accountRejection is not null)
                    {
                        await accountRejection(rejected, cancellationToken);
                    }

                    return;
                }

                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                rejected.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await rejected.HttpContext.Response.WriteAsync("Too many requests from your network. Wait a minute, then reload the page.", cancellationToken);
            };
        });
        return services;
    }
}
