using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspace.Web.Data;

/// <summary>How SQLite makes a commit durable (<c>Database:SqliteSynchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// Every commit is on disk before the save returns: nothing confirmed to a person can be lost, even
    /// to a power cut. The default.
    /// </summary>
    Full,

    /// <summary>
    /// A commit is safe from the app stopping or crashing, but the last commits before a power cut or an
    /// operating-system crash can roll back (the database itself stays intact). About 1.6× the saves per
    /// second with a third of the p99 under contention (docs/benchmarks-journal.md, section 16).
    /// </summary>
    Normal,
}

/// <summary>
/// Settings each SQLite connection gets on every open (pooled connections keep their handle, so every
/// open, not only the first):
/// <list type="bullet">
/// <item>A busy timeout, set on the native handle (no SQL command), so SQLite itself waits for the write
/// lock when another save holds it. Without it the engine answers "busy" at once and
/// Microsoft.Data.Sqlite retries after sleeping 150 ms, so two saves that meet cost the second one at
/// least 150 ms; SQLite's own handler retries after 1, 2, 5, 10 ms and so on. The same bound is the
/// connection's default command timeout, which is how long Microsoft.Data.Sqlite itself keeps retrying
/// a busy statement: together they bound the wait. It is a few seconds, not the usual 30: a save that
/// waits longer has a person watching a spinner, and after it they are told the database is busy with
/// their text still in the field (<see cref="StorageFaults"/>); ordinary contention between saves lasts
/// milliseconds.</item>
/// <item>The <see cref="SqliteSynchronous"/> mode (with the write-ahead log the app turns on). Full is
/// SQLite's own default (the tests read it back), so only Normal costs a statement per open.</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionSettings(TimeSpan busyTimeout, SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    public TimeSpan BusyTimeout { get; } = busyTimeout;

    public SqliteSynchronous Synchronous { get; } = synchronous;

    /// <summary>How long a statement waits for another connection's lock unless configured.</summary>
    public const int DefaultBusyTimeoutSeconds = 5;

    /// <summary>Reads <c>Database:BusyTimeoutSeconds</c> (default 5) and <c>Database:SqliteSynchronous</c> (default Full).</summary>
    public static SqliteConnectionSettings FromConfiguration(IConfiguration configuration)
    {
        var busyTimeout = TimeSpan.FromSeconds(configuration.GetValue("Database:BusyTimeoutSeconds", DefaultBusyTimeoutSeconds));
        var configured = configuration["Database:SqliteSynchronous"];
        var synchronous = SqliteSynchronous.Full;
        if (!string.IsNullOrWhiteSpace(configured)
            && (!Enum.TryParse(configured, ignoreCase: true, out synchronous) || !Enum.IsDefined(synchronous)))
        {
            throw new InvalidOperationException(
                $"Database:SqliteSynchronous is '{configured}'; it must be Full (the default) or Normal.");
        }

        return new SqliteConnectionSettings(busyTimeout, synchronous);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)BusyTimeout.TotalMilliseconds);
            sqlite.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(BusyTimeout.TotalSeconds));
            if (Synchronous == SqliteSynchronous.Normal)
            {
                SQLitePCL.raw.sqlite3_exec(handle, "PRAGMA synchronous=NORMAL;");
            }
        }
    }
}
