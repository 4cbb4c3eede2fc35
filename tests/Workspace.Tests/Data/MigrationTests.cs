using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Tests.Data;

/// <summary>Fails when the model changes without a migration for each provider.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void SqliteModel_HasNoPendingChanges()
    {
        using var connection = new SqliteConnection("DataSource=:memory:");
        var options = new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(connection).Options;
        using var context = new SqliteWorkspaceDbContext(options);

        Assert.False(context.Database.HasPendingModelChanges(),
            "The SQLite model has changes without a migration. Add one with: dotnet ef migrations add <Name> --context SqliteWorkspaceDbContext --output-dir Data/Migrations/Sqlite");
    }

    [Fact]
    public void SqlServerModel_HasNoPendingChanges()
    {
        var options = new DbContextOptionsBuilder<SqlServerWorkspaceDbContext>()
            .UseSqlServer("Server=unused;Database=Workspace;TrustServerCertificate=True")
            .Options;
        using var context = new SqlServerWorkspaceDbContext(options);

        Assert.False(context.Database.HasPendingModelChanges(),
            "The SQL Server model has changes without a migration. Add one with: dotnet ef migrations add <Name> --context SqlServerWorkspaceDbContext --output-dir Data/Migrations/SqlServer");
    }

    [Fact]
    public void SqliteMigrations_ApplyToAnEmptyDatabase()
    {
        using var connection = new SqliteConnection("DataSource=:memory:");
        connection.Open();
        var options = new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(connection).Options;
        using var context = new SqliteWorkspaceDbContext(options);

        context.Database.Migrate();

        Assert.Empty(context.Database.GetPendingMigrations());
    }
}
