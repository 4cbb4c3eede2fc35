using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;

namespace Workspace.Tests.Data;

/// <summary>
/// The app's own registration pools its contexts: a context given back is reused, and nothing one
/// operation left on it (tracked entities, tracking switches, an open connection) reaches the next.
/// </summary>
// SQLite itself is under test: with WORKSPACE_TEST_SQLSERVER set, test.sh runs these in a SQLite process of their own.
[Trait("Database", "Sqlite")]
public sealed class PooledContextTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"workspace-pool-{Guid.NewGuid():N}");
    private readonly ServiceProvider _services;

    public PooledContextTests()
    {
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workspace"] = $"Data Source={Path.Combine(_folder, "pool.db")}",
        }).Build();
        _services = new ServiceCollection()
            .AddWorkspaceData(configuration, new TestHostEnvironment(_folder))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var db = Factory.CreateDbContext();
        db.Database.Migrate();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IDbContextFactory<WorkspaceDbContext> Factory => _services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();

    [Fact]
    public async Task AContextGivenBack_IsReusedWithNothingLeftFromTheLastOperation()
    {
        WorkspaceDbContext first;
        await using (var db = await Factory.CreateDbContextAsync(Ct))
        {
            first = db;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            await db.Database.OpenConnectionAsync(Ct);
            db.Organisations.Add(new Organisation { Id = Guid.NewGuid(), Name = "Never saved", Sector = Sector.Other, CreatedUtc = DateTime.UtcNow });
        }

        await using var next = await Factory.CreateDbContextAsync(Ct);

        Assert.Same(first, next);
        Assert.Empty(next.ChangeTracker.Entries());
        Assert.True(next.ChangeTracker.AutoDetectChangesEnabled);
        Assert.Equal(QueryTrackingBehavior.TrackAll, next.ChangeTracker.QueryTrackingBehavior);
        Assert.Equal(System.Data.ConnectionState.Closed, next.Database.GetDbConnection().State);
        Assert.Equal(0, await next.Organisations.CountAsync(Ct));
    }

    [Fact]
    public async Task TwoContextsInUseAtOnce_AreDistinct_AndTheScopedOneForIdentityGoesBackWithItsScope()
    {
        await using var one = await Factory.CreateDbContextAsync(Ct);
        await using var two = await Factory.CreateDbContextAsync(Ct);
        Assert.NotSame(one, two);

        WorkspaceDbContext scoped;
        await using (var scope = _services.CreateAsyncScope())
        {
            scoped = scope.ServiceProvider.GetRequiredService<WorkspaceDbContext>();
            Assert.Same(scoped, scope.ServiceProvider.GetRequiredService<WorkspaceDbContext>());
            scoped.Organisations.Add(new Organisation { Id = Guid.NewGuid(), Name = "Left behind", Sector = Sector.Other, CreatedUtc = DateTime.UtcNow });
        }

        await using var after = await Factory.CreateDbContextAsync(Ct);
        Assert.Empty(after.ChangeTracker.Entries());
    }

    [Fact]
    public async Task EveryConnection_WaitsForTheWriteLockInsteadOfFailingAtOnce()
    {
        await using var db = await Factory.CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(SqliteConnectionSettings.DefaultBusyTimeoutSeconds * 1000L, Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
