using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspace.Benchmarks;

/// <summary>
/// Counts what EF Core does while a run is timed, from its DiagnosticSource events (the app's own code
/// is not touched): SQL commands sent, contexts built (a pooled context is built once, then reused) and LINQ queries compiled (a query compiled
/// again on a warm path is a cost to remove).
/// </summary>
public sealed class EfCounters : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private long _commands;
    private long _contexts;
    private long _compilations;

    public EfCounters() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public long Commands => Interlocked.Read(ref _commands);

    public long Contexts => Interlocked.Read(ref _contexts);

    public long Compilations => Interlocked.Read(ref _compilations);

    public void Reset()
    {
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _contexts, 0);
        Interlocked.Exchange(ref _compilations, 0);
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_listeners)
            {
                _listeners.Add(value.Subscribe(this, name =>
                    name == RelationalEventId.CommandExecuting.Name
                    || name == CoreEventId.ContextInitialized.Name
                    || name == CoreEventId.QueryCompilationStarting.Name));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name)
        {
            Interlocked.Increment(ref _commands);
        }
        else if (value.Key == CoreEventId.ContextInitialized.Name)
        {
            Interlocked.Increment(ref _contexts);
        }
        else if (value.Key == CoreEventId.QueryCompilationStarting.Name)
        {
            Interlocked.Increment(ref _compilations);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners)
        {
            _listeners.ForEach(l => l.Dispose());
        }
    }
}
