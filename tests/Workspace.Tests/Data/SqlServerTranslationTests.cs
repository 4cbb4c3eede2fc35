using Microsoft.EntityFrameworkCore;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Data;

/// <summary>
/// No SQL Server runs here: every query the tests run on SQLite is also translated by the SQL Server provider
/// and parsed as T-SQL (<see cref="SqlServerQueryCheck"/>). These tests show that the check itself works.
/// </summary>
// The check runs on the SQLite test databases: with WORKSPACE_TEST_SQLSERVER set, test.sh runs these in its SQLite pass.
[Trait("Database", "Sqlite")]
public sealed class SqlServerTranslationTests : ServiceTestBase
{
    [Fact]
    public async Task AQuery_IsTranslatedForSqlServer_AndItsTSqlParses()
    {
        var partnership = Db.AddPartnership("Translation check");
        await using var db = Db.CreateDbContext();

        var titles = await db.Goals.Where(g => g.PartnershipId == partnership && g.Title.StartsWith("known-good select"))
            .OrderBy(g => g.Title).Skip(1).Take(5).Select(g => g.Title).ToListAsync(Ct);

        Assert.Empty(titles);
        var checkedQuery = Assert.Single(SqlServerQueryCheck.Checked, c => c.Shape.Contains("known-good select", StringComparison.Ordinal));
        Assert.Null(checkedQuery.Failure);
        var sql = Assert.Single(checkedQuery.Sql);
        Assert.Contains("FROM [Goals]", sql, StringComparison.Ordinal);
        Assert.Contains("OFFSET", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteUpdate_IsTranslatedForSqlServer_AndItsTSqlParses()
    {
        await using var db = Db.CreateDbContext();

        var updated = await db.GoalDrafts.Where(d => d.Text == "known-good update")
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Text, d => d.Text + "!"), Ct);

        Assert.Equal(0, updated);
        var checkedQuery = Assert.Single(SqlServerQueryCheck.Checked, c => c.Shape.Contains("known-good update", StringComparison.Ordinal));
        Assert.Null(checkedQuery.Failure);
        Assert.StartsWith("UPDATE [g]", Assert.Single(checkedQuery.Sql), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT \"Id\" FROM \"Goals\" LIMIT 1")]
    [InlineData("INSERT INTO \"AuditChainHeads\" (\"PartnershipId\") VALUES (@p0) ON CONFLICT (\"PartnershipId\") DO NOTHING")]
    public void SqliteOnlySql_IsRejectedByTheTSqlParser(string sql)
    {
        Assert.NotEmpty(SqlServerTranslator.ParseErrors(sql));
        Assert.Empty(SqlServerTranslator.ParseErrors("SELECT TOP(1) \"Id\" FROM \"Goals\""));
    }

    [Fact]
    public async Task AQuerySqlServerCannotTranslate_FailsWithTheQueryNamed()
    {
        await using var db = Db.CreateDbContext();

        // GLOB is SQLite's alone: SQLite runs this query, SQL Server could not.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            db.Goals.Where(g => EF.Functions.Glob(g.Title, "sqlite-only*")).ToListAsync(Ct));

        Assert.Contains("SQL Server cannot run this query", failure.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite-only*", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(SqlServerQueryCheck.Checked, c => c.Shape.Contains("sqlite-only*", StringComparison.Ordinal)).Failure);
    }

    [Fact]
    public async Task ATypicalServiceRun_HasEveryQueryCheckedForSqlServer()
    {
        var anna = Db.AddPerson("Anna Archer");
        var partnership = Db.AddPartnership("Clean Rivers", (anna, PartnershipRole.Facilitator));
        var goals = NewGoalService();

        var created = await goals.CreateAsync(anna, partnership, new NewGoalInput { Title = "Halve river pollution" }, Ct);
        var saved = await goals.SaveFieldAsync(anna, partnership, created.Value!.Id, GoalField.Title, "Halve river pollution", "Cut river pollution by half", Ct);
        var listed = await goals.ListAsync(anna, partnership, Ct);
        var detail = await goals.GetAsync(anna, partnership, created.Value.Id, Ct);
        var history = await goals.HistoryAsync(anna, partnership, created.Value.Id, Ct);

        Assert.True(saved.Value!.Saved);
        Assert.True(listed.Succeeded && detail.Succeeded && history.Succeeded);
        Assert.NotEmpty(SqlServerQueryCheck.Checked);
        Assert.All(SqlServerQueryCheck.Checked.Where(c => !c.Shape.Contains("sqlite-only*", StringComparison.Ordinal)), c => Assert.Null(c.Failure));
        TestContext.Current.TestOutputHelper?.WriteLine($"{SqlServerQueryCheck.CheckedShapes} distinct query shapes checked for SQL Server so far in this run.");
    }
}
