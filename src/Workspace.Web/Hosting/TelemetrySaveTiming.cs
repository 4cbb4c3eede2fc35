using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Workspace.Web.Data;

namespace Workspace.Web.Hosting;

/// <summary>Times every SaveChanges of the contexts it is added to, tagged by database provider.</summary>
public sealed class SaveTimingInterceptor(WorkspaceMetrics metrics, DatabaseProvider provider) : SaveChangesInterceptor
{
    // Keyed by context, not held in a field: one interceptor serves every pooled context at once.
    private readonly ConditionalWeakTable<DbContext, StrongBox<long>> _started = new();
    private readonly string _provider = provider.ToString();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Start(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(eventData);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Stop(eventData, succeeded: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Stop(eventData, succeeded: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Stop(eventData, succeeded: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(eventData, succeeded: false);
        return Task.CompletedTask;
    }

    private void Start(DbContextEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            _started.AddOrUpdate(context, new StrongBox<long>(Stopwatch.GetTimestamp()));
        }
    }

    private void Stop(DbContextEventData eventData, bool succeeded)
    {
        if (eventData.Context is { } context && _started.TryGetValue(context, out var started))
        {
            _started.Remove(context);
            metrics.SaveCompleted(Stopwatch.GetElapsedTime(started.Value), _provider, succeeded);
        }
    }
}
