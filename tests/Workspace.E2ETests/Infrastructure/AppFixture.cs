using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Workspace.Web.Data;

[assembly: AssemblyFixture(typeof(Workspace.E2ETests.Infrastructure.AppFixture))]

namespace Workspace.E2ETests.Infrastructure;

/// <summary>
/// One app on Kestrel (loopback, random port, its own database, demo data seeded) and one
/// Chromium for the whole test run; each test opens its own browser contexts.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"workspace-e2e-{Guid.NewGuid():N}.db");
    private readonly ConcurrentDictionary<string, Task<string>> _signedInState = new(StringComparer.OrdinalIgnoreCase);
    private readonly DiagnosticsLog _log = new();
    private WorkspaceFactory? _factory;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Arranges and checks data through the app's services.</summary>
    public AppData Data { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        _factory = new WorkspaceFactory(_databasePath, _log);
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
        Data = new AppData(_factory.Services);

        // Two shared cores: allow a busy machine more than the default five seconds per expectation.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context with no cookies.</summary>
    public Task<IBrowserContext> NewContextAsync() => NewObservedContextAsync(ContextOptions(), "anonymous");

    /// <summary>
    /// A fresh browser context signed in as <paramref name="email"/>. The first call per user signs in
    /// through the form; later calls reuse that sign-in cookie.
    /// </summary>
    public async Task<IBrowserContext> SignInAsync(string email, string password = DemoData.Password)
    {
        var state = await _signedInState.GetOrAdd(email, _ => SignInThroughFormAsync(email, password));
        var options = ContextOptions();
        options.StorageState = state;
        return await NewObservedContextAsync(options, email);
    }

    /// <summary>A context whose pages' console errors and uncaught exceptions go to the diagnostics log.</summary>
    private async Task<IBrowserContext> NewObservedContextAsync(BrowserNewContextOptions options, string who)
    {
        var test = TestContext.Current.Test?.TestDisplayName ?? "fixture";
        _log.Write("test", $"{test}: new browser context ({who})");
        var context = await Browser.NewContextAsync(options);
        context.Page += (_, page) =>
        {
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    _log.Write($"browser {message.Type} ({who})", $"{page.Url}: {message.Text}");
                }
            };
            page.PageError += (_, error) => _log.Write($"browser page error ({who})", $"{page.Url}: {error}");
        };
        return context;
    }

    private async Task<string> SignInThroughFormAsync(string email, string password)
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(email, password);
        return await context.StorageStateAsync();
    }

    private BrowserNewContextOptions ContextOptions() => new()
    {
        BaseURL = BaseAddress.ToString(),
        Locale = "en-GB",
        TimezoneId = "Europe/London",
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
    };

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _log.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}

/// <summary>
/// The app for browser tests: its own SQLite file (or, with <see cref="SqlServerVariable"/> set to a connection
/// string, its own SQL Server database, migrated by the app and dropped on dispose), demo data, Development,
/// generous quotas, and any further settings.
/// </summary>
internal sealed class WorkspaceFactory(string databasePath, DiagnosticsLog log, IReadOnlyDictionary<string, string>? settings = null, bool onSqlite = false)
    : WebApplicationFactory<Program>
{
    public const string SqlServerVariable = "WORKSPACE_TEST_SQLSERVER";

    private readonly string? _sqlServer = !onSqlite && Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } server
        ? new SqlConnectionStringBuilder(server) { InitialCatalog = $"workspace_e2e_{Guid.NewGuid():N}" }.ConnectionString
        : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(log));
        builder.UseEnvironment("Development");
        if (_sqlServer is null)
        {
            builder.UseSetting("ConnectionStrings:Workspace", $"Data Source={databasePath}");
            builder.UseSetting("Database:Provider", nameof(DatabaseProvider.Sqlite));
        }
        else
        {
            builder.UseSetting("ConnectionStrings:Workspace", _sqlServer);
            builder.UseSetting("Database:Provider", nameof(DatabaseProvider.SqlServer));
            builder.UseSetting("Database:MigrateOnStartup", "true");
        }

        builder.UseSetting("DemoData:Seed", "true");
        builder.UseSetting("DetailedErrors", "true");

        // One app serves every browser test in turn, and the same demo people act in many of them.
        foreach (var quota in new[] { "PartnershipsPerPersonPerHour", "InvitationsPerPersonPerHour", "InvitationsPerPartnershipPerHour", "IdeasPerPersonPerItem", "LogPostsPerPersonPerMinute" })
        {
            builder.UseSetting($"Quotas:{quota}", "100000");
        }
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqlServer is not null)
        {
            var options = new DbContextOptionsBuilder<SqlServerWorkspaceDbContext>().UseSqlServer(_sqlServer).Options;
            await using var db = new SqlServerWorkspaceDbContext(options);
            await db.Database.EnsureDeletedAsync();
        }
    }
}
