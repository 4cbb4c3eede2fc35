using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
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

    /// <summary>A later migration that rebuilds ChangeRecords on SQLite drops its triggers: it must create them again.</summary>
    [Fact]
    public void SqliteMigrations_LeaveTheAuditTrailsTriggersInPlace()
    {
        using var connection = new SqliteConnection("DataSource=:memory:");
        connection.Open();
        var options = new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite(connection).Options;
        using var context = new SqliteWorkspaceDbContext(options);

        context.Database.Migrate();

        var triggers = context.Database.SqlQueryRaw<string>("SELECT \"name\" AS \"Value\" FROM sqlite_master WHERE \"type\" = 'trigger'").ToList();
        Assert.Equal(
            [AuditTrailSql.ChainHeadsTrigger, AuditTrailSql.ChainHeadsDeleteTrigger, AuditTrailSql.ChangeRecordsTrigger, AuditTrailSql.ChangeRecordsDeleteTrigger],
            triggers.Order(StringComparer.Ordinal));
    }

    /// <summary>No SQL Server runs here: its whole migration script, triggers included, must at least parse.</summary>
    [Fact]
    public void SqlServerMigrationScript_Parses_AndCreatesTheAuditTrailsTriggers()
    {
        var options = new DbContextOptionsBuilder<SqlServerWorkspaceDbContext>()
            .UseSqlServer("Server=unused;Database=Workspace;TrustServerCertificate=True")
            .Options;
        using var context = new SqlServerWorkspaceDbContext(options);

        var migrator = context.GetService<IMigrator>();
        var script = migrator.GenerateScript();
        var idempotent = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        AssertParses(script);
        AssertParses(idempotent);
        foreach (var trigger in new[] { AuditTrailSql.ChangeRecordsTrigger, AuditTrailSql.ChangeRecordsDeleteTrigger, AuditTrailSql.ChainHeadsTrigger, AuditTrailSql.ChainHeadsDeleteTrigger })
        {
            Assert.Contains($"CREATE TRIGGER [{trigger}]", script, StringComparison.Ordinal);
        }

        // The triggers' own text, as the database receives it from EXEC.
        foreach (var trigger in AuditTrailSql.SqlServerCreateTriggers)
        {
            AssertParses(trigger);
        }
    }

    [Fact]
    public void SqlServerChainHeadLock_Parses()
    {
        var options = new DbContextOptionsBuilder<SqlServerWorkspaceDbContext>()
            .UseSqlServer("Server=unused;Database=Workspace;TrustServerCertificate=True")
            .Options;
        using var context = new SqlServerWorkspaceDbContext(options);

        var sql = AuditTrailSql.LockChainHead(context.Database);

        Assert.Contains("UPDLOCK, HOLDLOCK", sql, StringComparison.Ordinal);
        AssertParses(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, "@p0"));
        AssertParses(string.Join("\nGO\n", AuditTrailSql.SqlServerDropTriggers));
    }

    private static void AssertParses(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
    }
}
