using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Workspace.Web.Data;

/// <summary>
/// Recognises "the database is busy or unavailable for a moment" — as opposed to a bug — wherever it
/// surfaces: SQLite answering busy or locked once the connection's busy timeout has passed
/// (<see cref="SqliteConnectionSettings"/>), SQL Server's command timeout, deadlock victim or lock
/// timeout, also when EF Core wraps them (<c>DbUpdateException</c>). Editing surfaces turn it into
/// <see cref="Message"/> and keep what the person typed (<c>WorkspaceComponentBase</c>).
/// </summary>
public static class StorageFaults
{
    public const string Message =
        "We couldn't save just now — the database is busy. What you typed is still here; try again in a moment.";

    // SQLite's primary result codes: https://sqlite.org/rescode.html
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    // SQL Server: -2 the client's command timeout, 1205 chosen as deadlock victim, 1222 lock request
    // timed out, 40501 and 40613 Azure SQL's "service busy" and "database unavailable".
    private static readonly HashSet<int> SqlServerNumbers = [-2, 1205, 1222, 40501, 40613];

    /// <summary>True when <paramref name="exception"/>, or an exception it wraps, says the storage is busy.</summary>
    public static bool IsBusy(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked:
                    return true;
                case SqlException sqlServer when sqlServer.Errors.Cast<SqlError>().Any(e => SqlServerNumbers.Contains(e.Number)):
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsBusy):
                    return true;
            }
        }

        return false;
    }
}
