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

    public TestDatabase()
    {
        _connection = new SqliteConnection("DataSource=:memory:");
        _connection.Open();
        _options = new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(_connection).AddInterceptors(Commands).Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

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

    public void Dispose() => _connection.Dispose();
}
