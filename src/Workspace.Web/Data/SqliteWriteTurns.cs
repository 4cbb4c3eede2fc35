using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspace.Web.Data;

/// <summary>
/// Lets this node's saves to SQLite take turns in order, instead of meeting at the database's one
/// write lock. SQLite lets one writer in at a time; a save that finds the lock taken waits in SQLite's
/// busy handler, which sleeps 1, 2, 5, 10… ms between tries and can sleep past the moment the lock
/// came free, so under many concurrent saves the slowest waited far longer than the saves ahead of it
/// took. Here a save that finds another one writing waits for its turn and starts the moment it
/// ends.
/// </summary>
/// <remarks>
/// A save inside a transaction a service opened itself does not queue (the transaction may already
/// hold the write lock, and a queued save behind it would wait for it to end); the busy timeout
/// (<see cref="SqliteBusyTimeout"/>) still orders it against the others, and against other processes.
/// The queue is an optimisation, never needed for correctness: a save that has waited
/// <see cref="MaxWait"/> for its turn goes ahead without it.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "A SemaphoreSlim holds a wait handle only once AvailableWaitHandle is read, which this class never does; it lives as long as the app.")]
public sealed class SqliteWriteTurns(TimeSpan maxWait) : SaveChangesInterceptor
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, object> _holders = [];

    public TimeSpan MaxWait { get; } = maxWait;

    /// <summary>Whether a save holds the turn now (for tests).</summary>
    internal bool Busy => _turn.CurrentCount == 0;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (Queues(eventData.Context) is { } context && _turn.Wait(MaxWait))
        {
            _holders.AddOrUpdate(context, this);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Queues(eventData.Context) is { } context && await _turn.WaitAsync(MaxWait, cancellationToken))
        {
            _holders.AddOrUpdate(context, this);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    // A save that meets a newer version ends here: EF throws without calling SaveChangesFailed.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Release(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    private static DbContext? Queues(DbContext? context) =>
        context is not null && context.Database.CurrentTransaction is null ? context : null;

    private void Release(DbContext? context)
    {
        if (context is not null && _holders.Remove(context))
        {
            _turn.Release();
        }
    }
}
