using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Web.Data;

namespace Workspace.Tests.Data;

/// <summary>
/// Every SQLite connection the app opens, also one reopened from the pool, has the busy timeout and the
/// durability mode from configuration; a mode that does not exist stops the app at start-up.
/// </summary>
// SQLite itself is under test: with WORKSPACE_TEST_SQLSERVER set, test.sh runs these in a SQLite process of their own.
[Trait("Database", "Sqlite")]
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"workspace-sqlite-{Guid.NewGuid():N}");
    private readonly List<ServiceProvider> _providers = [];

    public SqliteConnectionSettingsTests() => Directory.CreateDirectory(_folder);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, 2L)]
    [InlineData("Full", 2L)]
    [InlineData("normal", 1L)]
    public async Task EveryOpenedConnection_HasTheConfiguredDurability_AndTheBusyTimeout(string? configured, long expected)
    {
        var factory = Factory(("Database:SqliteSynchronous", configured), ("Database:BusyTimeoutSeconds", "12"));

        // Twice: the second context and connection come back from the pool.
        for (var i = 0; i < 2; i++)
        {
            await using var db = await factory.CreateDbContextAsync(Ct);
            await db.Database.OpenConnectionAsync(Ct);
            Assert.Equal(expected, await PragmaAsync(db, "synchronous"));
            Assert.Equal(12_000L, await PragmaAsync(db, "busy_timeout"));
            // Microsoft.Data.Sqlite's own retry of a busy statement stops at the same bound.
            Assert.Equal(12, ((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).DefaultTimeout);
            await db.Database.CloseConnectionAsync();
        }
    }

    [Theory]
    [InlineData("Off")]
    [InlineData("3")]
    [InlineData("fast")]
    public void AModeThatIsNotOffered_StopsTheAppWithAClearMessage(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Factory(("Database:SqliteSynchronous", configured)));
        Assert.Equal($"Database:SqliteSynchronous is '{configured}'; it must be Full (the default) or Normal.", error.Message);
    }

    private IDbContextFactory<WorkspaceDbContext> Factory(params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Workspace"] = $"Data Source={Path.Combine(_folder, "settings.db")}" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddWorkspaceData(configuration, new TestHostEnvironment(_folder)).BuildServiceProvider();
        _providers.Add(services);
        return services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
    }

    private static async Task<long> PragmaAsync(WorkspaceDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
