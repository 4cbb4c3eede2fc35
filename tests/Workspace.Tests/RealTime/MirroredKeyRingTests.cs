using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Workspace.Tests.Data;
using Workspace.Tests.Support;
using Workspace.Web;

namespace Workspace.Tests.RealTime;

/// <summary>The key ring lives in Redis; each node keeps a copy so it can start, and read cookies, while Redis is down.</summary>
public sealed class MirroredKeyRingTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("workspace-keyring-").FullName;

    [Fact]
    public async Task ANodeStartingWhileRedisIsDown_ReadsItsCopy_AndAcceptsWhatTheSharedKeysProtected()
    {
        string token;
        await using (var up = await redis.ConnectAsync())
        {
            using var nodeA = Node(up, "a");
            token = Protector(nodeA).Protect("signed in");
        }

        // Node B saw the ring once while Redis was up.
        await using (var up = await redis.ConnectAsync())
        {
            using var nodeB = Node(up, "b");
            Assert.Equal("signed in", Protector(nodeB).Unprotect(token));
        }

        await using var down = await Unreachable();
        using var restarted = Node(down, "b");
        Assert.Equal("signed in", Protector(restarted).Unprotect(token));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_root, "b"), "key-*.xml"));
    }

    [Fact]
    public async Task ANodeThatNeverSawTheRing_CannotReadCookiesWhileRedisIsDown()
    {
        string token;
        await using (var up = await redis.ConnectAsync())
        {
            using var nodeA = Node(up, "a2");
            token = Protector(nodeA).Protect("signed in");
        }

        await using var down = await Unreachable();
        using var fresh = Node(down, "never");
        Assert.ThrowsAny<CryptographicException>(() => Protector(fresh).Unprotect(token));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ServiceProvider Node(IConnectionMultiplexer connection, string name)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["DataProtection:KeysPath"] = Path.Combine(_root, name),
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(connection);
        services.AddWorkspaceIdentity(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new TestHostEnvironment(_root));
        return services.BuildServiceProvider();
    }

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Workspace.Tests.KeyRing");

    private static Task<ConnectionMultiplexer> Unreachable() =>
        ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisServer.FreePort()},abortConnect=false,connectTimeout=300,syncTimeout=500");
}
