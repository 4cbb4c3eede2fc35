using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workspace.Web;
using Workspace.Web.Data;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Hosting;

namespace Workspace.Benchmarks;

/// <summary>
/// The app's own services (the same registration methods as Program.cs) over a fresh SQLite file in WAL
/// mode, with one partnership holding a given number of goals.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public Guid PartnershipId { get; private set; }

    public string ContributorId { get; private set; } = "";

    public IReadOnlyList<string> Editors { get; private set; } = [];

    public IReadOnlyList<Guid> GoalIds { get; private set; } = [];

    public static async Task<BenchHost> CreateAsync(int goals, int editors = 1)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"workspace-benchmarks-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration["ConnectionStrings:Workspace"] = $"Data Source={Path.Combine(directory, "bench.db")}";
        builder.Configuration["Database:Provider"] = "Sqlite";
        builder.Configuration["DataProtection:KeysPath"] = Path.Combine(directory, "keys");
        builder.Configuration["App:PublicOrigin"] = "http://localhost";
        builder.Logging.ClearProviders();
        builder.Services.AddWorkspaceHosting(builder.Configuration, builder.Environment);
        builder.Services.AddWorkspaceData(builder.Configuration, builder.Environment);
        builder.Services.AddWorkspaceIdentity(builder.Configuration, builder.Environment);
        builder.Services.AddWorkspaceFeatures(builder.Configuration);
        builder.Services.AddWorkspaceUi();
        builder.Services.AddScoped<NavigationManager, BenchNavigationManager>();
        var host = new BenchHost(builder.Build());
        await host.SeedAsync(directory, goals, editors);
        return host;
    }

    private async Task SeedAsync(string directory, int goals, int editors)
    {
        _seededDirectory = directory;
        var factory = Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");

        var now = DateTime.UtcNow;
        var organisation = new Organisation { Id = Guid.NewGuid(), Name = "Riverside Council", Sector = Sector.Public, CreatedUtc = now };
        db.Organisations.Add(organisation);
        var partnership = new Partnership { Id = Guid.NewGuid(), Name = "Bench Partnership", Purpose = "Benchmarks.", Status = PartnershipStatus.Active, CreatedUtc = now };
        db.Partnerships.Add(partnership);
        var people = new List<string>();
        for (var i = 0; i < Math.Max(1, editors); i++)
        {
            var email = $"editor{i}@bench.local";
            var user = new ApplicationUser
            {
                Id = Guid.NewGuid().ToString(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                DisplayName = $"Editor {i}",
                OrganisationId = organisation.Id,
                CreatedUtc = now,
            };
            db.Users.Add(user);
            db.Memberships.Add(new Membership { Id = Guid.NewGuid(), PartnershipId = partnership.Id, UserId = user.Id, Role = i == 0 ? PartnershipRole.Facilitator : PartnershipRole.Contributor, JoinedUtc = now });
            people.Add(user.Id);
        }

        var ids = new List<Guid>();
        for (var i = 0; i < goals; i++)
        {
            var goal = new Goal
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnership.Id,
                Title = $"Goal {i:D5}: fewer young people drawn into crime",
                Status = (GoalStatus)(i % 4),
                LeadOrganisationId = organisation.Id,
                OwnerUserId = people[i % people.Count],
                DueDate = DateOnly.FromDateTime(now).AddDays(30 + (i % 300)),
                CreatedUtc = now,
                UpdatedUtc = now,
            };
            db.Goals.Add(goal);
            ids.Add(goal.Id);
        }

        await db.SaveChangesAsync();
        PartnershipId = partnership.Id;
        ContributorId = people[0];
        Editors = people;
        GoalIds = ids;
    }

    private string? _seededDirectory;

    /// <summary>The goals page as its owner sees it: query and static render of the whole list, as HTML.</summary>
    public async Task<string> RenderGoalsPageAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await using var renderer = new Microsoft.AspNetCore.Components.Web.HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<SignedIn>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(SignedIn.UserId)] = ContributorId,
                [nameof(SignedIn.PartnershipId)] = PartnershipId,
            }));
            return output.ToHtmlString();
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_seededDirectory is not null && Directory.Exists(_seededDirectory))
        {
            Directory.Delete(_seededDirectory, recursive: true);
        }
    }

    /// <summary>Renders the goals page inside the authentication state the router would cascade.</summary>
    public sealed class SignedIn : ComponentBase
    {
        [Parameter]
        public string UserId { get; set; } = "";

        [Parameter]
        public Guid PartnershipId { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, UserId)], "bench");
            builder.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            builder.AddComponentParameter(1, "Value", Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
            builder.AddComponentParameter(2, "ChildContent", (RenderFragment)(page =>
            {
                page.OpenComponent<GoalsPage>(0);
                page.AddComponentParameter(1, nameof(GoalsPage.PartnershipId), PartnershipId);
                page.CloseComponent();
            }));
            builder.CloseComponent();
        }
    }

    private sealed class BenchNavigationManager : NavigationManager
    {
        public BenchNavigationManager() => Initialize("http://localhost/", "http://localhost/");
    }
}
