using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Workspace.Web.Data;
using Workspace.Web.RealTime;

namespace Workspace.Web.Hosting;

/// <summary>
/// The probes a load balancer or an orchestrator asks: <c>/health/live</c> (the process answers; restart
/// it if not) and <c>/health/ready</c> (it can serve: the database answers; send it no people if not). Redis, when configured, only degrades it.
/// Both are anonymous, never cached, and name each check with its status only: no error text leaks.
/// </summary>
public static class HealthProbes
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string ReadyTag = "ready";

    public static IServiceCollection AddWorkspaceHealthProbes(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddDbContextCheck<WorkspaceDbContext>("database", tags: [ReadyTag]);
        if (RedisConnection.IsConfigured(configuration))
        {
            // Degraded, not Unhealthy: without Redis a node still serves its own people, so the balancer must keep every node.
            checks.AddCheck<RedisConnectedCheck>("redis", HealthStatus.Degraded, [ReadyTag]);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapWorkspaceHealthProbes(this IEndpointRouteBuilder endpoints)
    {
        // Liveness checks no dependency: a database outage must not make every node restart.
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .AllowAnonymous();
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), milliseconds = (int)e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions), context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// Whether the shared Redis connection is up, from the client's own state: instant, so a probe with a
/// one-second timeout still gets its answer while Redis is unreachable (a PING would wait out its timeout).
/// </summary>
internal sealed class RedisConnectedCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected ? HealthCheckResult.Healthy() : new HealthCheckResult(context.Registration.FailureStatus));
}
