using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Tests.Support;

/// <summary>
/// A real SQLite database in memory, built by the app's migrations. The connection stays open for the
/// whole test, because an in-memory database lives exactly as long as its connection.
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
        _connection = new SqliteConnection(file is null ? "DataSource=:memory:" : $"Data Source={file};Pooling=False");
        _connection.Open();
        // On a file every context opens its own connection, so calls from several threads really run at once.
        _options = file is null
            ? new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(_connection).Options
            : new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite($"Data Source={file};Pooling=False;Default Timeout=30").Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
        if (file is not null)
        {
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>A database in a temporary file, for tests of concurrent calls (each context has its own connection).</summary>
    public static TestDatabase OnFile() => new(Path.Combine(Path.GetTempPath(), $"workspace-test-{Guid.NewGuid():N}.db"));

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
