using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Workspace.BenchTests;

/// <summary>The app with its own SQLite file and key ring, in the given environment; <see cref="StartKestrel"/> serves it on loopback for real WebSockets.</summary>
public sealed class BenchApp(string environment, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"workspace-bench-{Guid.NewGuid():N}.db");

    public Uri StartKestrel()
    {
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Workspace", $"Data Source={_databasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("DataProtection:KeysPath", _databasePath + "-keys");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Quotas:LogPostsPerPersonPerMinute", "1000000");
        builder.UseSetting("Quotas:IdeasPerPersonPerItem", "1000000");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }

        if (Directory.Exists(_databasePath + "-keys"))
        {
            Directory.Delete(_databasePath + "-keys", recursive: true);
        }

    }
}
