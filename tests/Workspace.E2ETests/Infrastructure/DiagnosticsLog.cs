using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Workspace.E2ETests.Infrastructure;

/// <summary>
/// The server's warnings and errors and the browsers' console errors, in one time-ordered file, so a failed
/// browser test can be read against what the app and the page reported at that moment. The file is
/// <c>$WORKSPACE_E2E_LOG</c> when set (the test script prints its tail after a failure), otherwise a file in a temp folder of the test process's own.
/// </summary>
public sealed class DiagnosticsLog : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;
    private bool _disposed;

    /// <param name="name">Another file name (beside the default one) for a second app in the same run.</param>
    public DiagnosticsLog(string? name = null)
    {
        // Without the variable, a folder of this test process's own: two runs side by side must not open one file.
        var configured = Environment.GetEnvironmentVariable("WORKSPACE_E2E_LOG") is { Length: > 0 } path
            ? path
            : System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"workspace-e2e-{Environment.ProcessId}", "diagnostics.log");
        Path = name is null
            ? configured
            : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(configured) is { Length: > 0 } logFolder ? logFolder : System.IO.Path.GetTempPath(), name);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _writer = new StreamWriter(Path, append: false) { AutoFlush = true };
    }

    public string Path { get; }

    public void Write(string source, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {source}: {message}");
        lock (_gate)
        {
            if (!_disposed)
            {
                _writer.WriteLine(line);
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new ServerLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _writer.Dispose();
        }
    }

    private sealed class ServerLogger(DiagnosticsLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            log.Write($"server {logLevel} {category}", exception is null ? message : $"{message} | {exception}".ReplaceLineEndings(" | "));
        }
    }
}
