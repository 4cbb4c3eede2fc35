using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Workspace.E2ETests.Infrastructure;

/// <summary>
/// A test OpenID Connect provider and a second instance of the app configured to offer sign-in with it
/// ("Sign in with Test provider"), each on 127.0.0.1 with a random port. The browser is the run's one Chromium.
/// </summary>
public sealed class SingleSignOnFixture : IAsyncLifetime
{
    public const string Scheme = "testidp";
    public const string DisplayName = "Test provider";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"workspace-e2e-sso-{Guid.NewGuid():N}.db");
    private readonly DiagnosticsLog _log = new("workspace-e2e-sso-diagnostics.log");
    private WorkspaceFactory? _factory;

    public TestOidcServer Provider { get; private set; } = default!;

    public Uri BaseAddress { get; private set; } = default!;

    public AppData Data { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Provider = await TestOidcServer.StartAsync(_log);
        var prefix = $"Authentication:OpenIdConnect:{Scheme}:";
        _factory = new WorkspaceFactory(_databasePath, _log, new Dictionary<string, string>
        {
            [prefix + "Authority"] = Provider.Authority.ToString(),
            [prefix + "ClientId"] = TestOidcServer.ClientId,
            [prefix + "ClientSecret"] = TestOidcServer.ClientSecret,
            [prefix + "DisplayName"] = DisplayName,
            [prefix + "RequireHttpsMetadata"] = "false",
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
        Data = new AppData(_factory.Services);
        await Provider.RegisterClientAsync(new Uri(BaseAddress, $"signin-{Scheme}"));
    }

    /// <summary>A fresh context with no cookies, on this app.</summary>
    public Task<IBrowserContext> NewContextAsync(IBrowser browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        return browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }

        _log.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
