using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Workspace.Tests.Support;
using Workspace.Web.Features.Api;

namespace Workspace.Tests.Features.Api;

/// <summary>A token's allowance is one across nodes when Redis is configured, and per node while Redis is down.</summary>
public sealed class SharedApiRateLimitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodes_DrawFromOneAllowance_AndTheRefusalSaysWhenToRetry()
    {
        await using var client = await redis.ConnectAsync();
        var key = $"ws:rate:api:{Guid.NewGuid():N}";
        using var nodeA = new SharedWindowRateLimiter(client, key, 3, NullLogger.Instance);
        using var nodeB = new SharedWindowRateLimiter(client, key, 3, NullLogger.Instance);

        Assert.False(nodeA.AttemptAcquire().IsAcquired);
        Assert.True((await nodeA.AcquireAsync(1, Ct)).IsAcquired);
        Assert.True((await nodeB.AcquireAsync(1, Ct)).IsAcquired);
        Assert.True((await nodeA.AcquireAsync(1, Ct)).IsAcquired);
        using var refused = await nodeB.AcquireAsync(1, Ct);

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.InRange(await client.GetDatabase().KeyTimeToLiveAsync(key) ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task WhileRedisIsDown_EachNodeCountsAlone()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1,abortConnect=false,connectTimeout=200");
        await using var down = await ConnectionMultiplexer.ConnectAsync(options);
        using var node = new SharedWindowRateLimiter(down, "ws:rate:api:down", 2, NullLogger.Instance);

        Assert.True((await node.AcquireAsync(1, Ct)).IsAcquired);
        Assert.True((await node.AcquireAsync(1, Ct)).IsAcquired);
        Assert.False((await node.AcquireAsync(1, Ct)).IsAcquired);
    }

    [Fact]
    public async Task TheApi_WithRedisConfigured_Refuses429WithRetryAfter_ThroughTheMiddleware()
    {
        await using var api = new ApiTestApp(new Dictionary<string, string?>
        {
            ["Api:RequestsPerMinute"] = "2",
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
        });
        var token = await api.TokenAsync(api.Partnership, ApiScope.Read);
        using var http = api.Client(token.Secret);
        var goals = new Uri($"api/v1/partnerships/{api.Partnership}/goals", UriKind.Relative);

        using var first = await http.GetAsync(goals, Ct);
        using var second = await http.GetAsync(goals, Ct);
        using var third = await http.GetAsync(goals, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(third.Headers.RetryAfter?.Delta);
    }
}
