using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Workspace.Web.Features.Api;

/// <summary>
/// Requests per token per minute (<c>Api:RequestsPerMinute</c>, 120 by default): one partner's runaway
/// script slows only itself. Refusals are problem details with Retry-After.
/// </summary>
internal sealed class ApiRateLimitPolicy(int requestsPerMinute) : IRateLimiterPolicy<string>
{
    public const string Name = "api-token";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, _) =>
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This token may send {requestsPerMinute} requests a minute. Wait {seconds} seconds, then send the request again.");
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(
            httpContext.User.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)?.Value ?? "anonymous",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = requestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
