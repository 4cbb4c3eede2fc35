using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Workspace.Tests.Support;

namespace Workspace.E2ETests.Infrastructure;

public enum Node
{
    A,
    B,
}

/// <summary>
/// Two app processes on 127.0.0.1 sharing one SQLite file and a real redis-server, behind Debian's nginx
/// with the sticky sessions and WebSocket upgrade of <c>infra/local-cluster/nginx.conf.template</c>. A node
/// can be killed (SIGKILL) and started again. Arranging data goes through a third, in-process instance of
/// the app on the same database and Redis, so what it saves reaches both nodes as any node's save would.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("workspace-e2e-cluster-").FullName;
    private readonly Dictionary<Node, Process> _nodes = [];
    private readonly Dictionary<Node, int> _ports = new() { [Node.A] = RedisServer.FreePort(), [Node.B] = RedisServer.FreePort() };
    private readonly Dictionary<Node, string> _affinity = [];
    private readonly DiagnosticsLog _log = new("workspace-e2e-cluster-diagnostics.log");
    private readonly RedisServer _redis = new();
    private Process? _nginx;
    private WorkspaceFactory? _data;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{RedisServer.FreePort()}/");

    public AppData Data { get; private set; } = default!;

    private string DatabasePath => Path.Combine(_dir, "workspace.db");

    public async ValueTask InitializeAsync()
    {
        await _redis.InitializeAsync();
        // One node at a time: the first creates and seeds the database, the second finds it ready.
        await StartNodeAsync(Node.A);
        await StartNodeAsync(Node.B);
        StartNginx();

        _data = new WorkspaceFactory(DatabasePath, _log, new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["DemoData:Seed"] = "false",
        }, onSqlite: true);
        _data.StartServer();
        Data = new AppData(_data.Services);

        foreach (var node in new[] { Node.A, Node.B })
        {
            _affinity[node] = await FindAffinityAsync(node);
        }
    }

    /// <summary>The address nginx names (X-Workspace-Node) when <paramref name="node"/> answered.</summary>
    public string Address(Node node) => $"127.0.0.1:{_ports[node]}";

    /// <summary>A browser context whose requests nginx sends to <paramref name="node"/> while it is up, signed in as <paramref name="email"/>.</summary>
    public async Task<IBrowserContext> SignInOnAsync(IBrowser browser, Node node, string email)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "ws_affinity", Value = _affinity[node], Url = BaseAddress.ToString() }]);
        var who = $"{email} on node {node}";
        context.Page += (_, page) =>
        {
            page.Console += (_, message) =>
            {
                if (message.Type is "error")
                {
                    _log.Write($"browser error ({who})", $"{page.Url}: {message.Text}");
                }
            };
        };
        var page = await context.NewPageAsync();
        await page.SignInAsync(email, Workspace.Web.Data.DemoData.Password);
        await page.CloseAsync();
        return context;
    }

    /// <summary>Kills the node's process outright, as a crash or a pulled plug would: nothing is flushed or said goodbye.</summary>
    public async Task KillAsync(Node node)
    {
        var process = _nodes[node];
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        _log.Write("cluster", $"node {node} killed");
    }

    public async Task StartNodeAsync(Node node)
    {
        if (_nodes.TryGetValue(node, out var previous))
        {
            if (!previous.HasExited)
            {
                return;
            }

            previous.Dispose();
        }

        var repository = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var app = Path.Combine(repository, "src", "Workspace.Web", "bin", configuration, "net10.0", "Workspace.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { app, "--contentRoot", Path.Combine(repository, "src", "Workspace.Web"), "--urls", $"http://127.0.0.1:{_ports[node]}" })
        {
            start.ArgumentList.Add(argument);
        }

        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Workspace"] = $"Data Source={DatabasePath}",
            ["ConnectionStrings__Redis"] = _redis.ConnectionString,
            ["Database__Provider"] = "Sqlite",
            ["DemoData__Seed"] = "true",
            // Each node its own key folder: only the key ring in Redis lets a cookie from one node count on the other.
            ["DataProtection__KeysPath"] = Path.Combine(_dir, $"keys-{node}"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var quota in new[] { "PartnershipsPerPersonPerHour", "InvitationsPerPersonPerHour", "InvitationsPerPartnershipPerHour", "IdeasPerPersonPerItem", "LogPostsPerPersonPerMinute" })
        {
            settings[$"Quotas__{quota}"] = "100000";
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Node {node} did not start.");
        process.OutputDataReceived += (_, line) => Log(node, line.Data);
        process.ErrorDataReceived += (_, line) => Log(node, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _nodes[node] = process;
        await WaitUntilReadyAsync(node);
        if (_affinity.TryGetValue(node, out var affinity))
        {
            await WaitUntilNginxSendsAsync(node, affinity);
        }
    }

    /// <summary>
    /// A restarted node is ready before nginx uses it again: nginx skips a node for fail_timeout (10 s) after a
    /// failed request, so until then the node's browsers would land on the other one.
    /// </summary>
    private async Task WaitUntilNginxSendsAsync(Node node, string affinity)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, "health/live"));
            request.Headers.Add("Cookie", $"ws_affinity={affinity}");
            using var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("X-Workspace-Node", out var answered) && answered.Contains(Address(node)))
            {
                _log.Write("cluster", $"nginx sends to node {node} again {deadline.Elapsed.TotalSeconds:0.0} s after it was ready");
                return;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"nginx did not send requests to node {node} again within 60 s of its restart; see {_log.Path}.");
    }

    private void Log(Node node, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            _log.Write($"node {node}", line);
        }
    }

    private async Task WaitUntilReadyAsync(Node node)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_nodes[node].HasExited)
            {
                throw new InvalidOperationException($"Node {node} exited with {_nodes[node].ExitCode}; see {_log.Path}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_ports[node]}/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"Node {node} was not ready within 120 s; see {_log.Path}.");
    }

    private void StartNginx()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "local-cluster", "nginx.conf.template"));
        var config = template
            .Replace("{{DIR}}", _dir, StringComparison.Ordinal)
            .Replace("{{PORT}}", BaseAddress.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{NODE_A}}", _ports[Node.A].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{NODE_B}}", _ports[Node.B].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var path = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(path, config);
        var start = new ProcessStartInfo("/usr/sbin/nginx") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-c", path, "-p", _dir })
        {
            start.ArgumentList.Add(argument);
        }

        _nginx = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        _nginx.ErrorDataReceived += (_, line) => { if (line.Data is { Length: > 0 }) { _log.Write("nginx", line.Data); } };
        _nginx.BeginErrorReadLine();
    }

    /// <summary>An affinity cookie value that nginx hashes to <paramref name="node"/> (it names the node that answered).</summary>
    private async Task<string> FindAffinityAsync(Node node)
    {
        using var handler = new HttpClientHandler { UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var wanted = Address(node);
        var deadline = Stopwatch.StartNew();
        for (var i = 0; deadline.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            var candidate = $"test-{node}-{i}";
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, "health/live"));
            request.Headers.Add("Cookie", $"ws_affinity={candidate}");
            try
            {
                using var response = await http.SendAsync(request);
                if (response.Headers.TryGetValues("X-Workspace-Node", out var answered) && answered.Contains(wanted))
                {
                    return candidate;
                }
            }
            catch (HttpRequestException)
            {
                // nginx still starting.
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"nginx never sent a request to node {node}; see {_log.Path} and {_dir}/nginx-error.log.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Workspace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Workspace.sln not found above the test's folder.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _nodes.Values.Append(_nginx).OfType<Process>())
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (_data is not null)
        {
            await _data.DisposeAsync();
        }

        await _redis.DisposeAsync();
        _log.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
