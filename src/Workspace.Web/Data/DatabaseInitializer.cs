using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Workspace.Web.Data;

public static class DatabaseInitializer
{
    /// <summary>
    /// SQLite is migrated at start-up (and switched to WAL). SQL Server is migrated by the documented
    /// command or script unless <c>Database:MigrateOnStartup</c> is true. Demo data is seeded in
    /// Development unless <c>DemoData:Seed</c> is false; outside Development that setting stops the start.
    /// <para>
    /// Change records written before the audit chain existed are then sealed into it (decision 011):
    /// hashing is done here rather than in a migration because SHA-256 in SQL differs per provider.
    /// On SQL Server migrated by hand, sealing waits until the database has no pending migration.
    /// </para>
    /// </summary>
    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        // Checked before the database is touched.
        var seedDemoData = DemoData.IsSwitchedOn(app.Configuration, app.Environment);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var settings = services.GetRequiredService<DatabaseSettings>();
        var db = services.GetRequiredService<WorkspaceDbContext>();

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.MigrateAsync();
            if (db.Database.GetDbConnection() is SqliteConnection sqlite && sqlite.DataSource != ":memory:")
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }
        else if (app.Configuration.GetValue("Database:MigrateOnStartup", false))
        {
            await db.Database.MigrateAsync();
        }

        await SealOlderChangeRecordsAsync(services, db);

        if (seedDemoData)
        {
            await DemoData.SeedAsync(services);
            if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:LargePartnership", false))
            {
                await DemoLargePartnership.SeedAsync(services);
            }
        }
    }

    private static async Task SealOlderChangeRecordsAsync(IServiceProvider services, WorkspaceDbContext db)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        if ((await db.Database.GetPendingMigrationsAsync()).Any())
        {
            logger.LogWarning("The database has pending migrations: older change records are sealed into the audit chain once it is migrated.");
            return;
        }

        var sealedCount = await AuditChain.SealOlderRecordsAsync(services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>());
        if (sealedCount > 0 && logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Sealed {Count} older change records into the audit chain.", sealedCount);
        }
    }
}
