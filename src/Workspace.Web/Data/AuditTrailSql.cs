using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Workspace.Web.Data;

/// <summary>
/// The audit trail's SQL for each provider, in one place: the triggers that make <c>ChangeRecords</c>
/// append-only (the migrations call <see cref="CreateTriggers"/> and <see cref="DropTriggers"/>, so a
/// regenerated migration only needs those two lines back) and the command that locks a chain head.
/// <para>
/// The one update the triggers allow is sealing a record that has no hash yet (rows older than the
/// chain), and only its chain columns. A new content column of <see cref="ChangeRecord"/> belongs in
/// these lists and in <see cref="AuditChain.ComputeHash"/>. A SQLite migration that rebuilds the table
/// drops its triggers: <c>MigrationTests</c> fails until the migration creates them again.
/// </para>
/// </summary>
public static class AuditTrailSql
{
    public const string ChangeRecordsTrigger = "ChangeRecords_AppendOnly";

    public const string ChangeRecordsDeleteTrigger = "ChangeRecords_NoDelete";

    public const string ChainHeadsTrigger = "AuditChainHeads_NeverShorter";

    public const string ChainHeadsDeleteTrigger = "AuditChainHeads_NoDelete";

    public const string AppendOnlyMessage = "ChangeRecords are append-only: a sealed record cannot be changed or deleted.";

    public const string ChainHeadMessage = "An audit chain head only moves forward and is never deleted.";

    /// <summary>SQLite: <c>BEFORE</c> triggers that abort the statement.</summary>
    public static IReadOnlyList<string> SqliteCreateTriggers { get; } =
    [
        $"""
        CREATE TRIGGER "{ChangeRecordsTrigger}" BEFORE UPDATE ON "ChangeRecords"
        WHEN OLD."Hash" IS NOT NULL
            OR NEW."Id" IS NOT OLD."Id" OR NEW."PartnershipId" IS NOT OLD."PartnershipId"
            OR NEW."UserId" IS NOT OLD."UserId" OR NEW."GoalId" IS NOT OLD."GoalId" OR NEW."AtUtc" IS NOT OLD."AtUtc"
            OR NEW."EntityType" IS NOT OLD."EntityType" OR NEW."EntityId" IS NOT OLD."EntityId" OR NEW."Field" IS NOT OLD."Field"
            OR NEW."OldValue" IS NOT OLD."OldValue" OR NEW."NewValue" IS NOT OLD."NewValue"
        BEGIN
            SELECT RAISE(ABORT, '{AppendOnlyMessage}');
        END;
        """,
        $"""
        CREATE TRIGGER "{ChangeRecordsDeleteTrigger}" BEFORE DELETE ON "ChangeRecords"
        BEGIN
            SELECT RAISE(ABORT, '{AppendOnlyMessage}');
        END;
        """,
        $"""
        CREATE TRIGGER "{ChainHeadsTrigger}" BEFORE UPDATE ON "AuditChainHeads"
        WHEN NEW."Length" < OLD."Length" OR NEW."PartnershipId" IS NOT OLD."PartnershipId"
        BEGIN
            SELECT RAISE(ABORT, '{ChainHeadMessage}');
        END;
        """,
        $"""
        CREATE TRIGGER "{ChainHeadsDeleteTrigger}" BEFORE DELETE ON "AuditChainHeads"
        BEGIN
            SELECT RAISE(ABORT, '{ChainHeadMessage}');
        END;
        """,
    ];

    public static IReadOnlyList<string> SqliteDropTriggers { get; } =
    [
        $"""DROP TRIGGER IF EXISTS "{ChangeRecordsTrigger}";""",
        $"""DROP TRIGGER IF EXISTS "{ChangeRecordsDeleteTrigger}";""",
        $"""DROP TRIGGER IF EXISTS "{ChainHeadsTrigger}";""",
        $"""DROP TRIGGER IF EXISTS "{ChainHeadsDeleteTrigger}";""",
    ];

    /// <summary>
    /// SQL Server: <c>AFTER</c> triggers that throw, which rolls the statement's transaction back. The
    /// model declares them (<c>HasTrigger</c>), so EF Core's own updates use no <c>OUTPUT</c> clause.
    /// </summary>
    public static IReadOnlyList<string> SqlServerCreateTriggers { get; } =
    [
        $"""
        CREATE TRIGGER [{ChangeRecordsTrigger}] ON [ChangeRecords] AFTER UPDATE AS
        BEGIN
            SET NOCOUNT ON;
            IF EXISTS (SELECT 1 FROM deleted WHERE [Hash] IS NOT NULL)
                OR EXISTS (
                    SELECT [Id], [PartnershipId], [UserId], [GoalId], [AtUtc], [EntityType], [EntityId], [Field], [OldValue], [NewValue] FROM deleted
                    EXCEPT
                    SELECT [Id], [PartnershipId], [UserId], [GoalId], [AtUtc], [EntityType], [EntityId], [Field], [OldValue], [NewValue] FROM inserted)
                THROW 51000, N'{AppendOnlyMessage}', 1;
        END;
        """,
        $"""
        CREATE TRIGGER [{ChangeRecordsDeleteTrigger}] ON [ChangeRecords] AFTER DELETE AS
        BEGIN
            SET NOCOUNT ON;
            IF EXISTS (SELECT 1 FROM deleted)
                THROW 51000, N'{AppendOnlyMessage}', 1;
        END;
        """,
        $"""
        CREATE TRIGGER [{ChainHeadsTrigger}] ON [AuditChainHeads] AFTER UPDATE AS
        BEGIN
            SET NOCOUNT ON;
            IF EXISTS (SELECT 1 FROM deleted AS d
                       WHERE NOT EXISTS (SELECT 1 FROM inserted AS i WHERE i.[PartnershipId] = d.[PartnershipId] AND i.[Length] >= d.[Length]))
                THROW 51001, N'{ChainHeadMessage}', 1;
        END;
        """,
        $"""
        CREATE TRIGGER [{ChainHeadsDeleteTrigger}] ON [AuditChainHeads] AFTER DELETE AS
        BEGIN
            SET NOCOUNT ON;
            IF EXISTS (SELECT 1 FROM deleted)
                THROW 51001, N'{ChainHeadMessage}', 1;
        END;
        """,
    ];

    public static IReadOnlyList<string> SqlServerDropTriggers { get; } =
    [
        $"DROP TRIGGER IF EXISTS [{ChangeRecordsTrigger}];",
        $"DROP TRIGGER IF EXISTS [{ChangeRecordsDeleteTrigger}];",
        $"DROP TRIGGER IF EXISTS [{ChainHeadsTrigger}];",
        $"DROP TRIGGER IF EXISTS [{ChainHeadsDeleteTrigger}];",
    ];

    /// <summary>
    /// Locks a partnership's chain head for the rest of the transaction, creating it when missing, and
    /// returns its <c>Length</c> and <c>LastHash</c>; <c>{0}</c> is the partnership id. On SQLite the upsert
    /// takes the database's write lock; on SQL Server <c>UPDLOCK, HOLDLOCK</c> holds the row (or, for a
    /// new partnership, its key range) until commit.
    /// </summary>
    public static string LockChainHead(DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.IsSqlServer() ? SqlServerLockChainHead : SqliteLockChainHead;
    }

    private const string SqliteLockChainHead = """
        INSERT INTO "AuditChainHeads" ("PartnershipId", "Length", "LastHash") VALUES ({0}, 0, NULL)
        ON CONFLICT ("PartnershipId") DO UPDATE SET "Length" = "Length"
        RETURNING "Length", "LastHash"
        """;

    private const string SqlServerLockChainHead = """
        SET NOCOUNT ON;
        IF NOT EXISTS (SELECT 1 FROM [AuditChainHeads] WITH (UPDLOCK, HOLDLOCK) WHERE [PartnershipId] = {0})
            INSERT INTO [AuditChainHeads] ([PartnershipId], [Length], [LastHash]) VALUES ({0}, 0, NULL);
        SELECT [Length], [LastHash] FROM [AuditChainHeads] WITH (UPDLOCK, HOLDLOCK) WHERE [PartnershipId] = {0};
        """;

    /// <summary>Moves a partnership's chain head on: {0} its new length, {1} its last hash, {2} the partnership; inside the save's transaction.</summary>
    public static string AdvanceChainHead(DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.IsSqlServer() ? SqlServerAdvanceChainHead : SqliteAdvanceChainHead;
    }

    private const string SqliteAdvanceChainHead = """
        UPDATE "AuditChainHeads" SET "Length" = {0}, "LastHash" = {1} WHERE "PartnershipId" = {2}
        """;

    private const string SqlServerAdvanceChainHead = """
        UPDATE [AuditChainHeads] SET [Length] = {0}, [LastHash] = {1} WHERE [PartnershipId] = {2}
        """;

    /// <summary>The triggers of the provider a migration runs on.</summary>
    public static void CreateTriggers(Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        // A migration script runs each migration as one batch, and CREATE TRIGGER must start a batch of its
        // own: on SQL Server each goes through EXEC, which gives it one.
        foreach (var sql in IsSqlServer(migrationBuilder) ? SqlServerCreateTriggers.Select(InOwnBatch) : SqliteCreateTriggers)
        {
            migrationBuilder.Sql(sql);
        }
    }

    private static string InOwnBatch(string sql) => $"EXEC(N'{sql.Replace("'", "''", StringComparison.Ordinal)}');";

    private static bool IsSqlServer(Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder migrationBuilder) =>
        migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.SqlServer";

    public static void DropTriggers(Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var sql in IsSqlServer(migrationBuilder) ? SqlServerDropTriggers : SqliteDropTriggers)
        {
            migrationBuilder.Sql(sql);
        }
    }
}
