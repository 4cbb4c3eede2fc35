using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using StackExchange.Redis;

namespace Workspace.Web.Features.Api;

/// <summary>
/// Requests per token per minute (<c>Api:RequestsPerMinute</c>, 120 by default): one partner's runaway
/// script slows only itself. With Redis configured the count is shared by every node (a token spread
/// over three nodes behind a load balancer still gets its 120); without Redis, or while it is down,
/// each node counts alone. Refusals are problem details with Retry-After.
/// </summary>
internal sealed class ApiRateLimitPolicy : IRateLimiterPolicy<string>
{
    public const string Name = "api-token";

    private readonly int _requestsPerMinute;
    private readonly IConnectionMultiplexer? _redis;
    private readonly ILogger _logger;

    public ApiRateLimitPolicy(IConfiguration configuration, IServiceProvider services, ILogger<ApiRateLimitPolicy> logger)
    {
        _requestsPerMinute = configuration.GetValue("Api:RequestsPerMinute", 120);
        _redis = services.GetService<IConnectionMultiplexer>();
        _logger = logger;
        OnRejected = async (rejected, _) =>
        {
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ApiProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"This token may send {_requestsPerMinute} requests a minute. Wait {seconds} seconds, then send the request again.");
        };
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; }

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var token = httpContext.User.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)?.Value ?? "anonymous";
        return _redis is null
            ? RateLimitPartition.GetFixedWindowLimiter(token, _ => SharedWindowRateLimiter.LocalOptions(_requestsPerMinute))
            : RateLimitPartition.Get(token, key => new SharedWindowRateLimiter(_redis, $"ws:rate:api:{key}", _requestsPerMinute, _logger));
    }
}

/// <summary>
/// A fixed window of one minute counted in Redis (INCR, and an expiry set by the first request of the
/// window), so every node draws from one allowance. Redis is asked only asynchronously: the synchronous
/// attempt answers "not yet", and the rate-limiting middleware then awaits <see cref="AcquireAsyncCore"/>.
/// When Redis cannot answer, the node's own window decides: a limit that holds per node beats refusing
/// every call, or letting every call through, while Redis is down.
/// </summary>
internal sealed partial class SharedWindowRateLimiter(IConnectionMultiplexer redis, string key, int permitLimit, ILogger logger) : RateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // The count and what is left of the window, in one round trip; the expiry is set only by the window's first request.
    private static readonly LuaScript Count = LuaScript.Prepare(
        "local n = redis.call('INCR', @key) if n == 1 then redis.call('PEXPIRE', @key, @window) end return { n, redis.call('PTTL', @key) }");

    private readonly FixedWindowRateLimiter _local = new(LocalOptions(permitLimit));
    private long _lastFallbackWarning;
    private long _lastUsed = Environment.TickCount64;

    public static FixedWindowRateLimiterOptions LocalOptions(int permitLimit) =>
        new() { PermitLimit = permitLimit, Window = Window, QueueLimit = 0 };

    // Idle, so the middleware may drop this partition, only when neither Redis nor the local window counted lately.
    public override TimeSpan? IdleDuration => _local.IdleDuration is null
        ? null
        : TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
        if (redis.IsConnected)
        {
            try
            {
                var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Count, new { key = (RedisKey)key, window = (long)Window.TotalMilliseconds }))!;
                var count = (long)result[0];
                var left = TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1]));
                return count <= permitLimit ? Lease.Granted : Lease.Refused(left > TimeSpan.Zero ? left : Window);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                WarnFallback(e);
            }
        }

        return await _local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
        }

        base.Dispose(disposing);
    }

    private void WarnFallback(Exception e)
    {
        // One warning a minute per token is enough to see that Redis is failing.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastFallbackWarning);
        if (now - last > 60_000 && Interlocked.CompareExchange(ref _lastFallbackWarning, now, last) == last)
        {
            LogFallback(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API rate limit could not be counted in Redis ({Reason}); this node counts alone until it can.")]
    private static partial void LogFallback(ILogger logger, string reason);

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease NotYet = new(false, null);

        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
