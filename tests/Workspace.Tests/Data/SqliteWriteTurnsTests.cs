using Microsoft.EntityFrameworkCore;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Data;

/// <summary>
/// Saves take turns at SQLite's one write lock, and every way a save can end gives the turn back: a
/// turn kept would make every later save wait.
/// </summary>
public sealed class SqliteWriteTurnsTests : IDisposable
{
    private readonly SqliteWriteTurns _turns = new(TimeSpan.FromSeconds(30));
    private readonly TestDatabase _db;
    private readonly Guid _goal;

    public SqliteWriteTurnsTests()
    {
        _db = TestDatabase.OnFile(_turns);
        var ana = _db.AddPerson("Ana Costa");
        var partnership = _db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator));
        _goal = _db.AddGoal(partnership, "Fewer young people reoffend");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task ASave_GivesTheTurnBack()
    {
        await using var db = _db.CreateDbContext();
        (await db.Goals.SingleAsync(g => g.Id == _goal, Ct)).Title = "A third fewer";
        await db.SaveChangesAsync(Ct);

        Assert.False(_turns.Busy);
        db.ChangeTracker.Clear();
        Assert.Equal("A third fewer", (await db.Goals.SingleAsync(g => g.Id == _goal, Ct)).Title);
    }

    [Fact]
    public async Task ASaveWithNothingToSave_GivesTheTurnBack()
    {
        await using var db = _db.CreateDbContext();
        await db.SaveChangesAsync(Ct);
        db.SaveChanges();

        Assert.False(_turns.Busy);
    }

    [Fact]
    public async Task ASaveThatMeetsANewerVersion_GivesTheTurnBack()
    {
        await using var first = _db.CreateDbContext();
        await using var second = _db.CreateDbContext();
        var mine = await first.Goals.SingleAsync(g => g.Id == _goal, Ct);
        var theirs = await second.Goals.SingleAsync(g => g.Id == _goal, Ct);
        theirs.Title = "Theirs";
        await second.SaveChangesAsync(Ct);

        mine.Title = "Mine";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync(Ct));
        Assert.False(_turns.Busy);
    }

    [Fact]
    public async Task ASaveTheDatabaseRefuses_GivesTheTurnBack()
    {
        await using var db = _db.CreateDbContext();
        var goal = await db.Goals.AsNoTracking().SingleAsync(g => g.Id == _goal, Ct);
        db.Goals.Add(new Workspace.Web.Features.Goals.Goal { Id = goal.Id, PartnershipId = goal.PartnershipId, Title = "Same id" });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        Assert.False(_turns.Busy);
    }

    [Fact]
    public async Task ACancelledSave_GivesTheTurnBack()
    {
        await using var db = _db.CreateDbContext();
        (await db.Goals.SingleAsync(g => g.Id == _goal, Ct)).Title = "Never saved";
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.SaveChangesAsync(cancelled.Token));
        Assert.False(_turns.Busy);
    }

    [Fact]
    public async Task ASaveInsideItsOwnTransaction_DoesNotQueue()
    {
        await using var db = _db.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        (await db.Goals.SingleAsync(g => g.Id == _goal, Ct)).Title = "In a transaction";
        await db.SaveChangesAsync(Ct);
        Assert.False(_turns.Busy);

        // Another save meanwhile waits for the transaction's write lock in SQLite, not for a turn the transaction holds.
        var other = Task.Run(async () =>
        {
            await using var otherDb = _db.CreateDbContext();
            otherDb.Organisations.Add(new Workspace.Web.Features.Organisations.Organisation { Id = Guid.NewGuid(), Name = "Riverside Youth Trust" });
            await otherDb.SaveChangesAsync(Ct);
        }, Ct);
        await Task.Delay(100, Ct);
        await transaction.CommitAsync(Ct);
        await other.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.False(_turns.Busy);
    }

    [Fact]
    public async Task ManySavesAtOnce_AllLand()
    {
        var saves = Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            await using var db = _db.CreateDbContext();
            db.Organisations.Add(new Workspace.Web.Features.Organisations.Organisation { Id = Guid.NewGuid(), Name = $"Organisation {i}" });
            await db.SaveChangesAsync(Ct);
        }, Ct));

        await Task.WhenAll(saves);
        Assert.False(_turns.Busy);
        Assert.Equal(20, _db.Read(db => db.Organisations.Count(o => o.Name.StartsWith("Organisation "))));
    }
}
