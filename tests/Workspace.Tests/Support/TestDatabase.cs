using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Tests.Support;

/// <summary>
/// A real SQLite database built by the app's migrations: in memory by default (the connection stays
/// open for the whole test, because an in-memory database lives exactly as long as its connection), or
/// <see cref="OnFile"/>, where every context opens its own connection to a WAL file as the app does, so
/// concurrent operations really contend for the database.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<WorkspaceDbContext>, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly DbContextOptions<SqliteWorkspaceDbContext> _options;
    private readonly string? _file;

    public TestDatabase()
        : this(null)
    {
    }

    private TestDatabase(string? file)
    {
        _file = file;
        var connectionString = file is null ? "DataSource=:memory:" : new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _options = (file is null
            ? new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(_connection)
            : new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(connectionString)).AddInterceptors(Commands).Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
        if (file is not null)
        {
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>A database in a temporary WAL file, deleted with this object.</summary>
    public static TestDatabase OnFile() => new(Path.Combine(Path.GetTempPath(), $"workspace-test-{Guid.NewGuid():N}.db"));

    /// <summary>Counts the SQL commands sent to the database, e.g. to show that a live update reads nothing.</summary>
    public CommandCounter Commands { get; } = new();

    public WorkspaceDbContext CreateDbContext() => new SqliteWorkspaceDbContext(_options);

    /// <summary>
    /// True while a transaction is open on the database, e.g. when a service publishes before it commits.
    /// Every context shares this one connection, so a plain read would also see uncommitted rows.
    /// </summary>
    public bool HasOpenTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

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

    public void Dispose()
    {
        _connection.Dispose();
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}
