using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;

namespace Workspace.Tests.Data;

/// <summary>
/// The audit trail is append-only twice over (the context's rule and the database's triggers), and every new
/// record is a link in its partnership's hash chain, written in the same transaction as the change.
/// </summary>
public sealed class AuditTrailTests : IDisposable
{
    private static readonly DateTime At = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = new();
    private readonly Guid _partnership = Guid.NewGuid();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task NewRecords_AreStampedAsTheNextLinksOfTheirPartnershipsChain()
    {
        var other = Guid.NewGuid();
        await AppendAsync(_partnership, "one", "two");
        await using (var db = _db.CreateDbContext())
        {
            db.Record(_partnership, "u1", At, "Goal", 1, "Title", "two", "three");
            db.Record(other, "u2", At, "Goal", 2, "Title", null, "elsewhere");
            await db.SaveChangesAsync(Ct);
        }

        var records = _db.Read(db => db.ChangeRecords.OrderBy(r => r.Id).ToList());
        var chain = records.Where(r => r.PartnershipId == _partnership).ToList();
        Assert.Equal([1L, 2L, 3L], chain.Select(r => r.Sequence!.Value));
        Assert.Null(chain[0].PreviousHash);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal(chain[1].Hash, chain[2].PreviousHash);
        Assert.All(records, r => Assert.Equal(AuditChain.ComputeHash(r), r.Hash));
        var elsewhere = Assert.Single(records, r => r.PartnershipId == other);
        Assert.Equal((1L, null), (elsewhere.Sequence!.Value, elsewhere.PreviousHash));
        var head = _db.Read(db => db.AuditChainHeads.Single(h => h.PartnershipId == _partnership));
        Assert.Equal((3L, chain[2].Hash), (head.Length, head.LastHash));
    }

    [Fact]
    public void SynchronousSave_ChainsItsRecordsToo()
    {
        using (var db = _db.CreateDbContext())
        {
            db.Record(_partnership, "u1", At, "Goal", 1, "Title", null, "sync");
            db.SaveChanges();
        }

        var record = _db.Read(db => db.ChangeRecords.Single());
        Assert.Equal(1, record.Sequence);
        Assert.Equal(AuditChain.ComputeHash(record), record.Hash);
    }

    [Fact]
    public void TheHash_CoversEveryContentField_AndTheFormatVersion()
    {
        var record = new ChangeRecord
        {
            PartnershipId = _partnership,
            Sequence = 4,
            UserId = "u1",
            AtUtc = At,
            EntityType = "Goal",
            EntityId = "7",
            Field = "Title",
            OldValue = "a",
            NewValue = "b",
            GoalId = Guid.NewGuid(),
            PreviousHash = new string('0', 64),
        };
        var original = AuditChain.ComputeHash(record);

        var variants = new Action<ChangeRecord>[]
        {
            r => r.PartnershipId = Guid.NewGuid(), r => r.Sequence = 5, r => r.UserId = null, r => r.AtUtc = At.AddTicks(1),
            r => r.EntityType = "Goals", r => r.EntityId = "8", r => r.Field = "Titl", r => r.OldValue = null, r => r.NewValue = "b ",
            r => r.GoalId = null, r => r.PreviousHash = null,
            // The same text split differently between two fields.
            r => (r.OldValue, r.NewValue) = ("ab", ""),
        };

        Assert.Equal(64, original.Length);
        foreach (var change in variants)
        {
            var copy = Copy(record);
            change(copy);
            Assert.NotEqual(original, AuditChain.ComputeHash(copy));
        }

        Assert.Equal(original, AuditChain.ComputeHash(Copy(record)));
    }

    [Fact]
    public async Task TheContext_RefusesToChangeOrDeleteAChangeRecord()
    {
        await AppendAsync(_partnership, "kept");
        await using var db = _db.CreateDbContext();
        var record = await db.ChangeRecords.SingleAsync(Ct);

        record.NewValue = "rewritten";
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.Entry(record).State = EntityState.Unchanged;
        db.ChangeRecords.Remove(record);
        var deleted = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));

        Assert.Contains("cannot be changed: the audit trail is append-only", changed.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be deleted: the audit trail is append-only", deleted.Message, StringComparison.Ordinal);
        Assert.Equal("kept", _db.Read(d => d.ChangeRecords.Single().NewValue));
    }

    [Fact]
    public async Task TheContext_RefusesToRewriteTheChainColumnsOfASealedRecord()
    {
        await AppendAsync(_partnership, "kept");
        await using var db = _db.CreateDbContext();
        var record = await db.ChangeRecords.SingleAsync(Ct);

        record.Hash = new string('0', 64);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task Triggers_RefuseRawUpdatesAndDeletes_OfChangeRecords()
    {
        await AppendAsync(_partnership, "kept");
        await using var db = _db.CreateDbContext();
        var id = await db.ChangeRecords.Select(r => r.Id).SingleAsync(Ct);

        var update = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"ChangeRecords\" SET \"NewValue\" = 'rewritten' WHERE \"Id\" = {0}", [id], Ct));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"ChangeRecords\" WHERE \"Id\" = {0}", [id], Ct));

        Assert.Contains(AuditTrailSql.AppendOnlyMessage, update.Message, StringComparison.Ordinal);
        Assert.Contains(AuditTrailSql.AppendOnlyMessage, delete.Message, StringComparison.Ordinal);
        Assert.Equal("kept", _db.Read(d => d.ChangeRecords.Single().NewValue));
    }

    [Fact]
    public async Task ExecuteUpdateAndExecuteDelete_WhichSkipTheContextsRule_AreRefusedByTheTriggers()
    {
        await AppendAsync(_partnership, "kept", "also kept");
        await using var db = _db.CreateDbContext();

        var update = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.ChangeRecords.ExecuteUpdateAsync(set => set.SetProperty(r => r.NewValue, "rewritten"), Ct));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => db.ChangeRecords.ExecuteDeleteAsync(Ct));

        Assert.Contains(AuditTrailSql.AppendOnlyMessage, update.Message, StringComparison.Ordinal);
        Assert.Contains(AuditTrailSql.AppendOnlyMessage, delete.Message, StringComparison.Ordinal);
        Assert.Equal(["kept", "also kept"], _db.Read(d => d.ChangeRecords.OrderBy(r => r.Id).Select(r => r.NewValue).ToList()));
    }

    [Fact]
    public async Task Triggers_KeepChainHeadsFromMovingBackOrDisappearing()
    {
        await AppendAsync(_partnership, "one", "two");
        await using var db = _db.CreateDbContext();

        var back = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.AuditChainHeads.ExecuteUpdateAsync(set => set.SetProperty(h => h.Length, h => h.Length - 1), Ct));
        var gone = await Assert.ThrowsAnyAsync<DbException>(() => db.AuditChainHeads.ExecuteDeleteAsync(Ct));
        var forward = await db.AuditChainHeads.ExecuteUpdateAsync(set => set.SetProperty(h => h.Length, h => h.Length), Ct);

        Assert.Contains(AuditTrailSql.ChainHeadMessage, back.Message, StringComparison.Ordinal);
        Assert.Contains(AuditTrailSql.ChainHeadMessage, gone.Message, StringComparison.Ordinal);
        Assert.Equal(1, forward);
        Assert.Equal(2, _db.Read(d => d.AuditChainHeads.Single().Length));
    }

    [Fact]
    public async Task OlderRecords_AreSealedIntoTheChainInIdOrder_OnlyOnce()
    {
        var other = Guid.NewGuid();
        await using (var db = _db.CreateDbContext())
        {
            // Rows as they were before the chain: no sequence, no hash (raw inserts skip the context).
            foreach (var (partnership, value) in new[] { (_partnership, "a"), (other, "x"), (_partnership, "b"), (_partnership, "c") })
            {
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"ChangeRecords\" (\"PartnershipId\", \"UserId\", \"AtUtc\", \"EntityType\", \"EntityId\", \"Field\", \"NewValue\") VALUES ({0}, 'u1', {1}, 'Goal', '1', 'Title', {2})",
                    [partnership, At, value], Ct);
            }
        }

        var sealedCount = await AuditChain.SealOlderRecordsAsync(_db, Ct);
        var again = await AuditChain.SealOlderRecordsAsync(_db, Ct);
        await AppendAsync(_partnership, "d");

        Assert.Equal((4, 0), (sealedCount, again));
        var chain = _db.Read(db => db.ChangeRecords.Where(r => r.PartnershipId == _partnership).OrderBy(r => r.Sequence).ToList());
        Assert.Equal(["a", "b", "c", "d"], chain.Select(r => r.NewValue));
        Assert.Equal([1L, 2L, 3L, 4L], chain.Select(r => r.Sequence!.Value));
        await using var check = _db.CreateDbContext();
        Assert.True((await AuditVerifier.VerifyAsync(check, _partnership, Ct)).IsIntact);
        Assert.Equal(new ChainCheck(other, 1), await AuditVerifier.VerifyAsync(check, other, Ct));
    }

    [Fact]
    public async Task SealingTrigger_AllowsOnlyTheChainColumnsOfAnUnsealedRow()
    {
        await using var db = _db.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"ChangeRecords\" (\"PartnershipId\", \"AtUtc\", \"EntityType\", \"EntityId\", \"Field\", \"NewValue\") VALUES ({0}, {1}, 'Goal', '1', 'Title', 'old row')",
            [_partnership, At], Ct);

        var content = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.ChangeRecords.ExecuteUpdateAsync(set => set.SetProperty(r => r.NewValue, "rewritten"), Ct));
        var sealedRows = await db.ChangeRecords.ExecuteUpdateAsync(set => set.SetProperty(r => r.Sequence, 1L).SetProperty(r => r.Hash, "h"), Ct);
        var afterwards = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.ChangeRecords.ExecuteUpdateAsync(set => set.SetProperty(r => r.Hash, "other"), Ct));

        Assert.Contains(AuditTrailSql.AppendOnlyMessage, content.Message, StringComparison.Ordinal);
        Assert.Equal(1, sealedRows);
        Assert.Contains(AuditTrailSql.AppendOnlyMessage, afterwards.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServicesOwnTransaction_CarriesTheChain_AndARollbackLeavesTheHeadWhereItWas()
    {
        await AppendAsync(_partnership, "one");
        await using (var db = _db.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Record(_partnership, "u1", At, "Goal", 1, "Title", "one", "two");
            await db.SaveChangesAsync(Ct);
            db.Record(_partnership, "u1", At, "Goal", 1, "Title", "two", "three");
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(1, _db.Read(db => db.AuditChainHeads.Single().Length));
        await using (var db = _db.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Record(_partnership, "u1", At, "Goal", 1, "Title", "one", "four");
            await db.SaveChangesAsync(Ct);
            db.Record(_partnership, "u1", At, "Goal", 1, "Title", "four", "five");
            await db.SaveChangesAsync(Ct);
            await transaction.CommitAsync(Ct);
        }

        Assert.Equal(["one", "four", "five"], _db.Read(db => db.ChangeRecords.OrderBy(r => r.Sequence).Select(r => r.NewValue).ToList()));
        await using var check = _db.CreateDbContext();
        Assert.Equal(new ChainCheck(_partnership, 3), await AuditVerifier.VerifyAsync(check, _partnership, Ct));
    }

    [Fact]
    public async Task AFailedSave_LeavesTheChainAsItWas_AndTheRetryTakesTheNextPlace()
    {
        await AppendAsync(_partnership, "one");
        var organisation = Guid.NewGuid();
        await using (var db = _db.CreateDbContext())
        {
            db.Organisations.Add(new Organisation { Id = organisation, Name = "Taken", Sector = Sector.Public, CreatedUtc = At });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = _db.CreateDbContext())
        {
            var duplicate = new Organisation { Id = organisation, Name = "Again", Sector = Sector.Public, CreatedUtc = At };
            db.Organisations.Add(duplicate);
            db.Record(_partnership, "u1", At, "Organisation", organisation, "Created", null, "Again");
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

            db.Entry(duplicate).State = EntityState.Detached;
            await db.SaveChangesAsync(Ct);
        }

        await using var check = _db.CreateDbContext();
        Assert.Equal(new ChainCheck(_partnership, 2), await AuditVerifier.VerifyAsync(check, _partnership, Ct));
    }

    [Fact]
    public async Task ASaveWithChangeRecords_CostsTwoCommandsMore_AndOneWithoutCostsNothingMore()
    {
        await AppendAsync(_partnership, "warm");

        _db.Commands.Reset();
        await using (var db = _db.CreateDbContext())
        {
            db.Organisations.Add(new Organisation { Id = Guid.NewGuid(), Name = "Plain", Sector = Sector.Public, CreatedUtc = At });
            await db.SaveChangesAsync(Ct);
        }

        var plain = _db.Commands.Count;
        _db.Commands.Reset();
        await using (var db = _db.CreateDbContext())
        {
            var id = Guid.NewGuid();
            db.Organisations.Add(new Organisation { Id = id, Name = "Audited", Sector = Sector.Public, CreatedUtc = At });
            db.Record(_partnership, "u1", At, "Organisation", id, "Created", null, "Audited");
            await db.SaveChangesAsync(Ct);
        }

        // The plain save is its INSERT alone; the audited one adds the record's INSERT, the head's lock and its move.
        Assert.Equal(1, plain);
        Assert.Equal(plain + 1 + 2, _db.Commands.Count);
    }

    private async Task AppendAsync(Guid partnershipId, params string[] values)
    {
        foreach (var value in values)
        {
            await using var db = _db.CreateDbContext();
            db.Record(partnershipId, "u1", At, "Goal", 1, "Title", null, value);
            await db.SaveChangesAsync(Ct);
        }
    }

    private static ChangeRecord Copy(ChangeRecord r) => new()
    {
        PartnershipId = r.PartnershipId,
        Sequence = r.Sequence,
        UserId = r.UserId,
        AtUtc = r.AtUtc,
        EntityType = r.EntityType,
        EntityId = r.EntityId,
        Field = r.Field,
        OldValue = r.OldValue,
        NewValue = r.NewValue,
        GoalId = r.GoalId,
        PreviousHash = r.PreviousHash,
    };
}
