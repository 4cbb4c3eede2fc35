using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Data;

namespace Workspace.Tests.Data;

/// <summary>
/// The verifier names the first broken link of a chain that someone with direct access to the database
/// changed: the tests drop the triggers first, as such a person would have to.
/// </summary>
public sealed class AuditVerifierTests : IDisposable
{
    private static readonly DateTime At = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = new();
    private readonly Guid _partnership = Guid.NewGuid();

    public AuditVerifierTests()
    {
        for (var i = 1; i <= 5; i++)
        {
            using var db = _db.CreateDbContext();
            db.Record(_partnership, "u1", At.AddMinutes(i), "Goal", 1, "Title", $"title {i - 1}", $"title {i}");
            db.SaveChanges();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task AnUntouchedChain_IsOk()
    {
        var check = await VerifyAsync();

        Assert.Equal(new ChainCheck(_partnership, 5), check);
        Assert.Equal($"partnership {_partnership}: ok, 5 records", check.ToString());
    }

    [Fact]
    public async Task ARecordWhoseContentWasChanged_IsNamed()
    {
        await TamperAsync("UPDATE \"ChangeRecords\" SET \"NewValue\" = 'quietly changed' WHERE \"Id\" = {0}", IdAt(3));

        var check = await VerifyAsync();

        Assert.Equal(new ChainCheck(_partnership, 2, AuditVerifier.HashMismatch, IdAt(3), 3), check);
        Assert.Equal($"partnership {_partnership}: record #{IdAt(3)} (sequence 3) — hash does not match its content", check.ToString());
    }

    [Fact]
    public async Task ARecordChangedWithItsHashRecomputed_BreaksTheLinkToTheNext()
    {
        var record = _db.Read(db => db.ChangeRecords.AsNoTracking().Single(r => r.Sequence == 3));
        record.NewValue = "quietly changed";
        await TamperAsync("UPDATE \"ChangeRecords\" SET \"NewValue\" = {1}, \"Hash\" = {2} WHERE \"Id\" = {0}",
            record.Id, record.NewValue, AuditChain.ComputeHash(record));

        var check = await VerifyAsync();

        Assert.Equal(new ChainCheck(_partnership, 3, AuditVerifier.PreviousHashMismatch, IdAt(4), 4), check);
        Assert.Equal($"partnership {_partnership}: record #{IdAt(4)} (sequence 4) — previous hash does not match", check.ToString());
    }

    [Fact]
    public async Task ARecordDeletedInTheMiddle_IsNamedAsAGap()
    {
        var next = IdAt(4);
        await TamperAsync("DELETE FROM \"ChangeRecords\" WHERE \"Id\" = {0}", IdAt(3));

        var check = await VerifyAsync();

        Assert.Equal($"partnership {_partnership}: record #{next} (sequence 4) — the record with sequence 3 before it is missing", check.ToString());
        Assert.False(check.IsIntact);
    }

    [Fact]
    public async Task SeveralRecordsDeletedInTheMiddle_AreNamedAsOneGap()
    {
        var next = IdAt(5);
        await TamperAsync("DELETE FROM \"ChangeRecords\" WHERE \"Sequence\" IN (2, 3, 4)");

        var check = await VerifyAsync();

        Assert.Equal($"partnership {_partnership}: record #{next} (sequence 5) — the records with sequences 2 to 4 before it are missing", check.ToString());
    }

    [Fact]
    public async Task TwoRecordsSwappedInOrder_AreNamed()
    {
        var (second, third) = (IdAt(2), IdAt(3));
        await TamperAsync("""
            UPDATE "ChangeRecords" SET "Sequence" = -1 WHERE "Id" = {0};
            UPDATE "ChangeRecords" SET "Sequence" = 2 WHERE "Id" = {1};
            UPDATE "ChangeRecords" SET "Sequence" = 3 WHERE "Id" = {0};
            """, second, third);

        var check = await VerifyAsync();

        Assert.Equal(new ChainCheck(_partnership, 1, AuditVerifier.HashMismatch, third, 2), check);
    }

    [Fact]
    public async Task TheLastRecordDeleted_IsFoundThroughTheChainHead()
    {
        await TamperAsync("DELETE FROM \"ChangeRecords\" WHERE \"Id\" = {0}", IdAt(5));

        var check = await VerifyAsync();

        Assert.Equal($"partnership {_partnership}: the chain ends at sequence 4 but its head says 5: the last record is missing", check.ToString());
    }

    [Fact]
    public async Task ARecordSlippedInWithoutTheContext_IsNamedAsNotSealed()
    {
        long id;
        await using (var db = _db.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"ChangeRecords\" (\"PartnershipId\", \"AtUtc\", \"EntityType\", \"EntityId\", \"Field\", \"NewValue\") VALUES ({0}, {1}, 'Goal', '1', 'Title', 'slipped in')",
                [_partnership, At], Ct);
            id = await db.ChangeRecords.MaxAsync(r => r.Id, Ct);
        }

        var check = await VerifyAsync();

        Assert.Equal((long?)id, check.RecordId);
        Assert.StartsWith($"partnership {_partnership}: record #{id} — is not sealed yet", check.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommand_PrintsALinePerPartnership_AndExitsWithOneWhenAChainIsBroken()
    {
        var other = Guid.NewGuid();
        await using (var db = _db.CreateDbContext())
        {
            db.Record(other, "u1", At, "Goal", 2, "Title", null, "elsewhere");
            await db.SaveChangesAsync(Ct);
        }

        await using var services = new ServiceCollection().AddSingleton<IDbContextFactory<WorkspaceDbContext>>(_db).BuildServiceProvider();
        var intact = new StringWriter();
        var intactCode = await AuditVerifier.RunCommandAsync(services, intact, Ct);
        await TamperAsync("UPDATE \"ChangeRecords\" SET \"UserId\" = 'someone else' WHERE \"Id\" = {0}", IdAt(2));
        var broken = new StringWriter();
        var brokenCode = await AuditVerifier.RunCommandAsync(services, broken, Ct);

        Assert.Equal(0, intactCode);
        Assert.Contains($"partnership {_partnership}: ok, 5 records", intact.ToString(), StringComparison.Ordinal);
        Assert.Contains($"partnership {other}: ok, 1 record", intact.ToString(), StringComparison.Ordinal);
        Assert.Contains("The audit trail is intact (2 partnerships).", intact.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, brokenCode);
        Assert.Contains($"partnership {_partnership}: record #{IdAt(2)} (sequence 2) — hash does not match its content", broken.ToString(), StringComparison.Ordinal);
        Assert.Contains($"partnership {other}: ok, 1 record", broken.ToString(), StringComparison.Ordinal);
    }

    private long IdAt(long sequence) =>
        _db.Read(db => db.ChangeRecords.Where(r => r.PartnershipId == _partnership && r.Sequence == sequence).Select(r => r.Id).Single());

    private async Task<ChainCheck> VerifyAsync()
    {
        await using var db = _db.CreateDbContext();
        return await AuditVerifier.VerifyAsync(db, _partnership, Ct);
    }

    /// <summary>What someone with direct access to the database file could do: drop the triggers, then rewrite.</summary>
    private async Task TamperAsync(string sql, params object[] parameters)
    {
        _db.DropAuditTriggers();
        await using var db = _db.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(sql, parameters, Ct);
    }
}
