using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>The probes answer anonymously and uncached: live while the process runs, ready only while the database answers.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task Live_AndReady_AnswerHealthy_WithTheDatabaseNamed()
    {
        await using var app = new TestApp("Development");
        using var probe = app.NewBrowser();

        using var live = await probe.GetAsync(new Uri(HealthProbes.LivePath, UriKind.Relative), TestContext.Current.CancellationToken);
        using var ready = await probe.GetAsync(new Uri(HealthProbes.ReadyPath, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("no-store", live.Headers.CacheControl?.ToString());
        Assert.Equal("Healthy", (await ReadAsync(live)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ReadAsync(ready);
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task DatabaseDown_ReadyAnswers503_WithoutTheError_WhileLiveStaysHealthy()
    {
        var outage = new Outage();
        await using var app = new TestApp("Development", services: registered =>
        {
            var working = registered.Last(d => d.ServiceType == typeof(WorkspaceDbContext)).ImplementationFactory!;
            registered.AddScoped<WorkspaceDbContext>(sp => outage.Down ? Unreachable() : (WorkspaceDbContext)working(sp));
        });
        using var probe = app.NewBrowser();
        using var before = await probe.GetAsync(new Uri(HealthProbes.ReadyPath, UriKind.Relative), TestContext.Current.CancellationToken);

        outage.Down = true;
        using var ready = await probe.GetAsync(new Uri(HealthProbes.ReadyPath, UriKind.Relative), TestContext.Current.CancellationToken);
        using var live = await probe.GetAsync(new Uri(HealthProbes.LivePath, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"database\":{\"status\":\"Unhealthy\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("proc", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SQLite", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task InProduction_TheProbesAnswerWithoutSignIn()
    {
        await using var app = new TestApp("Production", new Dictionary<string, string?> { [PublicOrigin.Setting] = "https://workspace.example.gov" });
        using var probe = app.NewBrowser(new Uri("https://workspace.example.gov/"));

        using var live = await probe.GetAsync(new Uri(HealthProbes.LivePath, UriKind.Relative), TestContext.Current.CancellationToken);
        using var ready = await probe.GetAsync(new Uri(HealthProbes.ReadyPath, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    // A folder that cannot be created, even by root: opening the database fails as when its server is gone.
    private static SqliteWorkspaceDbContext Unreachable() =>
        new(new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite("Data Source=/proc/no-such-folder/workspace.db").Options);

    private sealed class Outage
    {
        public bool Down { get; set; }
    }
}
