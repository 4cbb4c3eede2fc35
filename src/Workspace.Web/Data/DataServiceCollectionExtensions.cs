using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Hosting;

namespace Workspace.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Workspace";

    /// <summary>
    /// Registers the workspace model on the configured provider: SQLite (default, a file under the app's
    /// data folder) or SQL Server (<c>Database:Provider=SqlServer</c>). Services take
    /// <see cref="IDbContextFactory{WorkspaceDbContext}"/> and create one short-lived context per operation.
    /// The contexts are pooled: disposing one resets it (tracked entities, tracking options, connection)
    /// and gives it back, so an operation does not pay for building a context and its services.
    /// </summary>
    public static IServiceCollection AddWorkspaceData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        if (provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"Database:Provider is SqlServer but ConnectionStrings:{ConnectionStringName} is not set.");
            }

            // No retrying execution strategy: services open their own transactions (the last-facilitator
            // check, replies), which a retrying strategy refuses.
            services.AddPooledDbContextFactory<SqlServerWorkspaceDbContext>((sp, o) => AddSaveTiming(sp, o.UseSqlServer(connectionString), provider));
            services.AddSingleton<IDbContextFactory<WorkspaceDbContext>, DerivedContextFactory<SqlServerWorkspaceDbContext>>();
        }
        else
        {
            var sqlite = BuildSqliteConnectionString(connectionString, environment.ContentRootPath);
            var connectionSettings = SqliteConnectionSettings.FromConfiguration(configuration);
            services.AddPooledDbContextFactory<SqliteWorkspaceDbContext>((sp, o) => AddSaveTiming(sp, o.UseSqlite(sqlite).AddInterceptors(connectionSettings), provider));
            services.AddSingleton<IDbContextFactory<WorkspaceDbContext>, DerivedContextFactory<SqliteWorkspaceDbContext>>();
        }

        services.AddSingleton(new DatabaseSettings(provider));
        // Identity's stores take a scoped context.
        services.AddScoped<WorkspaceDbContext>(sp => sp.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Saves are timed wherever the app's metrics are registered (<see cref="Telemetry"/>).</summary>
    private static DbContextOptionsBuilder AddSaveTiming(IServiceProvider services, DbContextOptionsBuilder options, DatabaseProvider provider) =>
        services.GetService<WorkspaceMetrics>() is { } metrics ? options.AddInterceptors(new SaveTimingInterceptor(metrics, provider)) : options;

    /// <summary>Without a connection string, the database is <c>App_Data/workspace.db</c> under the content root.</summary>
    internal static string BuildSqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? "Data Source=App_Data/workspace.db"
            : configured);

        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        if (builder.Mode != SqliteOpenMode.Memory && Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }

    private sealed class DerivedContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<WorkspaceDbContext>
        where TContext : WorkspaceDbContext
    {
        public WorkspaceDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

public sealed record DatabaseSettings(DatabaseProvider Provider);
