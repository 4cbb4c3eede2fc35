using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspace.Web.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock when another save holds it. Without a busy timeout the
/// engine answers "busy" at once and Microsoft.Data.Sqlite retries after sleeping 150 ms, so two saves
/// that meet cost the second one at least 150 ms; SQLite's own handler retries after 1, 2, 5, 10 ms and
/// so on. The timeout is set on the native handle (no SQL command), on every open, since pooled
/// connections keep their handle.
/// </summary>
public sealed class SqliteBusyTimeout(TimeSpan timeout) : DbConnectionInterceptor
{
    public TimeSpan Timeout { get; } = timeout;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)Timeout.TotalMilliseconds);
        }
    }
}
