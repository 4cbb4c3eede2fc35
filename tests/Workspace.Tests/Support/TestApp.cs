using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Web.Data;

namespace Workspace.Tests.Support;

/// <summary>
/// The whole app (Program.cs) in one environment with extra settings, over its own database file (or SQL Server
/// database, see <see cref="TestDatabase"/>) and key ring,
/// with no demo data unless a setting asks for it. Requests go through the in-memory test server unless
/// <see cref="StartKestrel"/> puts it on a loopback port.
/// </summary>
/// <remarks>
/// The database is a <see cref="TestDatabase"/> file rather than the app's own context registration: the
/// app's compiled queries are bound to the first EF model they run against, and the service tests in this
/// process build their contexts the TestDatabase way.
/// </remarks>
public sealed class TestApp(string environment, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"workspace-app-{Guid.NewGuid():N}");
    private readonly TestDatabase _database = TestDatabase.OnFile();

    public Uri StartKestrel()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        return ClientOptions.BaseAddress;
    }

    /// <summary>A client with its own cookies (one browser) that follows no redirects, so each answer can be asserted.</summary>
    public HttpClient NewBrowser(Uri? baseAddress = null) =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = baseAddress ?? new Uri("http://localhost/") });

    /// <summary>Adds a person with a confirmed email address and returns their id.</summary>
    public async Task<string> AddPersonAsync(string email, string password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], CreatedUtc = DateTime.UtcNow };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? user.Id : throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
    }

    public async Task<bool> HasPasswordAsync(string email, string password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        return await users.CheckPasswordAsync(user, password);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // The app's own registration is replaced below; these keep its settings true to the database used.
        builder.UseSetting("ConnectionStrings:Workspace", TestDatabase.IsSqlServer ? _database.ConnectionString : $"Data Source={Path.Combine(_folder, "workspace.db")}");
        builder.UseSetting("Database:Provider", TestDatabase.Provider);
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(_folder, "keys"));
        builder.UseSetting("DemoData:Seed", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(registered =>
        {
            registered.AddSingleton<IDbContextFactory<WorkspaceDbContext>>(_database);
            registered.AddScoped<WorkspaceDbContext>(_ => _database.CreateDbContext());
            services?.Invoke(registered);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
