using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Workspace.BenchTests;

/// <summary>
/// The app's own build output run as a separate OS process (<c>dotnet Workspace.Web.dll</c>), so a test
/// can kill it without warning: Development with demo data and the bench endpoints, its own SQLite file
/// and key folder, Kestrel on 127.0.0.1 with a port the operating system picks. Disposing kills it if it
/// is still running.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>What the process printed so far (for a failure's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<AppProcess> StartAsync(string databasePath, string keysPath, CancellationToken cancellationToken)
    {
        var webProject = WebProjectFolder();
        var dll = Path.Combine(webProject, "bin", BuildConfiguration(), "net10.0", "Workspace.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The app is not built at {dll}; build the solution first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Workspace"] = $"Data Source={databasePath}",
            ["Database__Provider"] = "Sqlite",
            ["DataProtection__KeysPath"] = keysPath,
            ["DemoData__Seed"] = "true",
            ["Bench__Endpoints"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Quotas__LogPostsPerPersonPerMinute"] = "1000000",
            ["Quotas__IdeasPerPersonPerItem"] = "1000000",
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, line) => app.Received(line.Data);
        process.ErrorDataReceived += (_, line) => app.Received(line.Data);
        process.Exited += (_, _) => app._listening.TrySetException(new InvalidOperationException($"The app exited before it listened:{Environment.NewLine}{app.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Seeding the demo data on a busy two-core machine can take a minute: the wait guards a hang, not the speed.
            app.BaseAddress = await app._listening.Task.WaitAsync(TimeSpan.FromSeconds(180), cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (Listening().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups["address"].Value.TrimEnd('/') + "/"));
        }
    }

    /// <summary>The folder of src/Workspace.Web, found from the test's own build output.</summary>
    private static string WebProjectFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Workspace.sln")))
            {
                return Path.Combine(folder.FullName, "src", "Workspace.Web");
            }
        }

        throw new InvalidOperationException($"No Workspace.sln above {AppContext.BaseDirectory}.");
    }

    // The tests run from bin/<configuration>/<framework>/; the app was built in the same configuration.
    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Partnership Workspace is running at (?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
