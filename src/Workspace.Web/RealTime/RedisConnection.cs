using StackExchange.Redis;

namespace Workspace.Web.RealTime;

/// <summary>
/// Redis, when <c>ConnectionStrings:Redis</c> is set: what lets several nodes share the event bus,
/// presence and the key ring. Without it the app is the single-process default and registers nothing here.
/// </summary>
public static class RedisConnection
{
    public const string ConnectionStringName = "Redis";

    /// <summary>Where the Data Protection key ring is kept when Redis is configured.</summary>
    public const string KeyRingKey = "ws:dataprotection-keys";

    public static string? ConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration.GetConnectionString(ConnectionStringName);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public static bool IsConfigured(IConfiguration configuration) => ConnectionString(configuration) is not null;

    /// <summary>Registers one shared <see cref="IConnectionMultiplexer"/> when Redis is configured; returns whether it is.</summary>
    public static bool AddWorkspaceRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (ConnectionString(configuration) is not { } connectionString)
        {
            return false;
        }

        // Parsed now, so a mistyped setting stops the start with a message naming it, not at first use.
        _ = Options(connectionString);
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = Options(connectionString);
            options.LoggerFactory = sp.GetRequiredService<ILoggerFactory>();
            return ConnectionMultiplexer.Connect(options);
        });
        return true;
    }

    /// <summary>
    /// The node starts, and keeps serving from its own memory, while Redis is down: the connection is made
    /// in the background and retried, never a reason to fail a request or the start.
    /// </summary>
    public static ConfigurationOptions Options(string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not a valid Redis connection string ({e.Message}). " +
                "Expected e.g. redis.internal:6379,password=…,ssl=true; see infra/README.md, \"Several nodes\".", e);
        }

        options.AbortOnConnectFail = false;
        options.ClientName ??= $"workspace-{Environment.MachineName}-{Environment.ProcessId}";
        return options;
    }
}
