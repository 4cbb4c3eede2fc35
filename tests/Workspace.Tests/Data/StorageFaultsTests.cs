using System.Diagnostics;
using System.Reflection;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;

namespace Workspace.Tests.Data;

/// <summary>
/// <see cref="StorageFaults"/> tells "the database is busy" from a bug, on both providers and however EF
/// wraps it; and a save on SQLite waits for a lock no longer than the configured busy timeout.
/// </summary>
// SQLite itself is under test: with WORKSPACE_TEST_SQLSERVER set, test.sh runs these in a SQLite process of their own.
[Trait("Database", "Sqlite")]
public sealed class StorageFaultsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"workspace-faults-{Guid.NewGuid():N}");
    private readonly List<ServiceProvider> _providers = [];

    public StorageFaultsTests() => Directory.CreateDirectory(_folder);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(19, false)] // SQLITE_CONSTRAINT: a bug or a race the service handles, not a busy database
    [InlineData(1, false)] // SQLITE_ERROR
    public void SqliteErrors_AreBusyOnlyForBusyAndLocked(int code, bool busy)
    {
        var error = new SqliteException("SQLite Error", code);

        Assert.Equal(busy, StorageFaults.IsBusy(error));
        Assert.Equal(busy, StorageFaults.IsBusy(new DbUpdateException("An error occurred while saving the entity changes.", error)));
        Assert.Equal(busy, StorageFaults.IsBusy(new InvalidOperationException("Outer", new DbUpdateException("Inner", error))));
    }

    [Theory]
    [InlineData(-2, true)] // command timeout
    [InlineData(1205, true)] // deadlock victim
    [InlineData(1222, true)] // lock request timeout
    [InlineData(2627, false)] // unique key violation
    [InlineData(547, false)] // foreign key violation
    public void SqlServerErrors_AreBusyForTimeoutsAndDeadlocks(int number, bool busy)
    {
        var error = SqlServerError(number);

        Assert.Equal(busy, StorageFaults.IsBusy(error));
        Assert.Equal(busy, StorageFaults.IsBusy(new DbUpdateException("An error occurred while saving the entity changes.", error)));
    }

    [Fact]
    public void OtherExceptions_AreNotBusy()
    {
        Assert.False(StorageFaults.IsBusy(null));
        Assert.False(StorageFaults.IsBusy(new InvalidOperationException("A bug.")));
        Assert.False(StorageFaults.IsBusy(new DbUpdateConcurrencyException("Someone else saved first.")));
        Assert.False(StorageFaults.IsBusy(new TimeoutException("Not the database.")));
    }

    [Fact]
    public async Task ASaveWhileAnotherConnectionHoldsTheWriteLock_FailsAsBusy_AfterTheBusyTimeout()
    {
        var databasePath = Path.Combine(_folder, "busy.db");
        var factory = Factory(databasePath, busyTimeoutSeconds: 1);
        await using (var db = await factory.CreateDbContextAsync(Ct))
        {
            await db.Database.MigrateAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", Ct);
        }

        await using var holder = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await holder.OpenAsync(Ct);
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync(Ct);
        }

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var db = await factory.CreateDbContextAsync(Ct);
            db.LogReadStates.Add(new LogReadState { PartnershipId = Guid.NewGuid(), UserId = "nobody", LastSeenUtc = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        clock.Stop();

        Assert.True(StorageFaults.IsBusy(failure), failure.ToString());
        // Bounded by the busy timeout (1 s here), not by Microsoft.Data.Sqlite's default 30 s.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));

        // Reading is not blocked by a writer (write-ahead log).
        await using (var db = await factory.CreateDbContextAsync(Ct))
        {
            Assert.Equal(0, await db.LogReadStates.CountAsync(Ct));
        }
    }

    private IDbContextFactory<WorkspaceDbContext> Factory(string databasePath, int busyTimeoutSeconds)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workspace"] = $"Data Source={databasePath}",
            ["Database:BusyTimeoutSeconds"] = busyTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection().AddWorkspaceData(configuration, new TestHostEnvironment(_folder)).BuildServiceProvider();
        _providers.Add(services);
        return services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
    }

    /// <summary>SqlClient builds its exceptions only from a server's answer; its internal factory stands in.</summary>
    private static SqlException SqlServerError(int number)
    {
        const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;
        var constructor = typeof(SqlError).GetConstructors(Internal).OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => p switch
        {
            { Name: "infoNumber" } => number,
            { ParameterType.Name: nameof(String) } => "test",
            { ParameterType.IsValueType: true } => Activator.CreateInstance(p.ParameterType),
            _ => null,
        }).ToArray();
        var error = (SqlError)constructor.Invoke(arguments);
        var errors = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        typeof(SqlErrorCollection).GetMethod("Add", Internal)!.Invoke(errors, [error]);
        var create = typeof(SqlException).GetMethod("CreateException", BindingFlags.NonPublic | BindingFlags.Static, [typeof(SqlErrorCollection), typeof(string)])!;
        return (SqlException)create.Invoke(null, [errors, "16.0"])!;
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
