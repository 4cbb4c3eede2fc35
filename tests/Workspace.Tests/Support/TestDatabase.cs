using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Tests.Support;

/// <summary>
/// A real database built by the app's migrations. On SQLite (the default): in memory (the connection stays
/// open for the whole test, because an in-memory database lives exactly as long as its connection), or
/// <see cref="OnFile"/>, where every context opens its own connection to a WAL file as the app does, so
/// concurrent operations really contend for the database. With <see cref="SqlServerVariable"/> set to a
/// connection string, each instance is its own SQL Server database, created here and dropped on dispose.
/// </summary>
/// <remarks>
/// On SQLite every query also goes through <see cref="SqlServerQueryCheck"/>, which fails a query that
/// SQL Server would refuse.
/// </remarks>
public sealed class TestDatabase : IDbContextFactory<WorkspaceDbContext>, IDisposable
{
    /// <summary>The environment variable that moves the tests to SQL Server: a connection string to a server.</summary>
    public const string SqlServerVariable = "WORKSPACE_TEST_SQLSERVER";

    /// <summary>
    /// An in-memory database built once per test run by the app's migrations; each SQLite test database starts as
    /// a copy of it (tables, indexes, triggers and migration history). Replaying all the migrations for each
    /// test's database cost ~0.3 s a test, minutes over the run.
    /// </summary>
    private static readonly Lazy<SqliteConnection> MigratedSqlite = new(() =>
    {
        var connection = new SqliteConnection("DataSource=:memory:");
        connection.Open();
        using var db = new SqliteWorkspaceDbContext(new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(connection).Options);
        db.Database.Migrate();
        return connection;
    });

    private readonly SqliteConnection? _connection;
    private readonly DbContextOptions<SqliteWorkspaceDbContext>? _sqlite;
    private readonly DbContextOptions<SqlServerWorkspaceDbContext>? _sqlServer;
    private readonly string? _file;

    public TestDatabase()
        : this(null)
    {
    }

    private TestDatabase(string? file)
    {
        if (SqlServerServer is { } server)
        {
            ConnectionString = NewSqlServerDatabase(server);
            _sqlServer = new DbContextOptionsBuilder<SqlServerWorkspaceDbContext>().UseSqlServer(ConnectionString).AddInterceptors(Commands).Options;
            using var created = CreateDbContext();
            created.Database.Migrate();
            return;
        }

        _file = file;
        ConnectionString = file is null ? "DataSource=:memory:" : new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        _connection = new SqliteConnection(ConnectionString);
        _connection.Open();
        _sqlite = (file is null
            ? new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(_connection)
            : new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(ConnectionString)).AddInterceptors(Commands, SqlServerQueryCheck.Instance).Options;
        // One connection serves one caller at a time, and tests build their databases in parallel.
        lock (MigratedSqlite)
        {
            MigratedSqlite.Value.BackupDatabase(_connection);
        }

        if (file is not null)
        {
            using var db = CreateDbContext();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>The SQL Server the tests run on, or null for SQLite.</summary>
    public static string? SqlServerServer =>
        Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } server ? server : null;

    public static bool IsSqlServer => SqlServerServer is not null;

    /// <summary>The app's <c>Database:Provider</c> for the database the tests run on.</summary>
    public static string Provider => IsSqlServer ? nameof(DatabaseProvider.SqlServer) : nameof(DatabaseProvider.Sqlite);

    /// <summary>A database in a temporary WAL file, deleted with this object (on SQL Server: a database of its own, as always).</summary>
    public static TestDatabase OnFile() => new(Path.Combine(Path.GetTempPath(), $"workspace-test-{Guid.NewGuid():N}.db"));

    /// <summary>A connection string to this database for another process or host (not for the in-memory one).</summary>
    public string ConnectionString { get; }

    /// <summary>Counts the SQL commands sent to the database, e.g. to show that a live update reads nothing.</summary>
    public CommandCounter Commands { get; } = new();

    public WorkspaceDbContext CreateDbContext() =>
        _sqlServer is not null ? new SqlServerWorkspaceDbContext(_sqlServer) : new SqliteWorkspaceDbContext(_sqlite!);

    /// <summary>
    /// True while a transaction is open on the database, e.g. when a service publishes before it commits.
    /// On SQLite every context shares one connection, so a plain read would also see uncommitted rows; on
    /// SQL Server the server's sessions on this database are asked.
    /// </summary>
    public bool HasOpenTransaction => _connection is not null
        ? SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0
        : Read(db => db.Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS [Value] FROM sys.dm_exec_sessions WHERE database_id = DB_ID() AND open_transaction_count > 0 AND session_id <> @@SPID").Single()) > 0;

    /// <summary>Reads the stored state through a fresh context, as a later request would.</summary>
    public T Read<T>(Func<WorkspaceDbContext, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var db = CreateDbContext();
        return query(db);
    }

    /// <summary>Changes stored state directly, as setup for a scenario the services would not produce.</summary>
    public void Write(Action<WorkspaceDbContext> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var db = CreateDbContext();
        change(db);
        db.SaveChanges();
    }

    /// <summary>Drops the audit trail's triggers, as someone with direct access to the database could.</summary>
    public void DropAuditTriggers()
    {
        using var db = CreateDbContext();
        foreach (var drop in IsSqlServer ? AuditTrailSql.SqlServerDropTriggers : AuditTrailSql.SqliteDropTriggers)
        {
            db.Database.ExecuteSqlRaw(drop);
        }
    }

    public void Dispose()
    {
        if (_sqlServer is not null)
        {
            using var db = CreateDbContext();
            db.Database.EnsureDeleted();
            return;
        }

        _connection!.Dispose();
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>A connection string to a new, uniquely named database on <paramref name="server"/> (created by the migrations).</summary>
    public static string NewSqlServerDatabase(string server) =>
        new SqlConnectionStringBuilder(server) { InitialCatalog = $"workspace_test_{Guid.NewGuid():N}" }.ConnectionString;
}
