using Workspace.Tests.Support;
using Workspace.Web.Data;

namespace Workspace.Tests.Data;

/// <summary>
/// Saves appending to one partnership's chain at the same moment, each through its own context and
/// connection to a WAL file (as in the app), some inside a transaction of their own: the chain never
/// forks and loses no link.
/// </summary>
public sealed class AuditChainConcurrencyTests : IDisposable
{
    private const int Writers = 8;
    private const int SavesPerWriter = 12;
    private readonly TestDatabase _db = TestDatabase.OnFile();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task ManyParallelAppendsToOnePartnership_FormOneLinearCompleteChain()
    {
        var partnership = Guid.NewGuid();
        var neighbour = Guid.NewGuid();
        var start = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

        var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var count = 0;
            for (var save = 0; save < SavesPerWriter; save++)
            {
                await using var db = _db.CreateDbContext();
                var records = 1 + ((writer + save) % 3);
                for (var r = 0; r < records; r++)
                {
                    db.Record(partnership, $"writer {writer}", start.AddSeconds(save), "Goal", writer, "Title", null, $"{writer}/{save}/{r}");
                }

                // Every third save also writes to a second partnership: heads are locked in a fixed order.
                if (save % 3 == 0)
                {
                    db.Record(neighbour, $"writer {writer}", start, "Goal", writer, "Title", null, $"{writer}/{save}");
                }

                // Half the writers save inside a transaction of their own, as some services do.
                if (writer % 2 == 0)
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(Ct);
                    await db.SaveChangesAsync(Ct);
                    await transaction.CommitAsync(Ct);
                }
                else
                {
                    await db.SaveChangesAsync(Ct);
                }

                count += records;
            }

            return count;
        }, Ct)));

        var total = written.Sum();
        var chain = _db.Read(db => db.ChangeRecords.Where(r => r.PartnershipId == partnership).OrderBy(r => r.Sequence).ToList());
        Assert.Equal(total, chain.Count);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long?)i), chain.Select(r => r.Sequence));
        Assert.Null(chain[0].PreviousHash);
        Assert.All(chain.Zip(chain.Skip(1)), pair => Assert.Equal(pair.First.Hash, pair.Second.PreviousHash));
        Assert.All(chain, r => Assert.Equal(AuditChain.ComputeHash(r), r.Hash));
        var head = _db.Read(db => db.AuditChainHeads.Single(h => h.PartnershipId == partnership));
        Assert.Equal((total, chain[^1].Hash), ((int)head.Length, head.LastHash));

        var checks = await AuditVerifier.VerifyAllAsync(_db, Ct);
        Assert.Equal(
            [new ChainCheck(partnership, total), new ChainCheck(neighbour, Writers * ((SavesPerWriter + 2) / 3))],
            checks.OrderBy(c => c.PartnershipId == partnership ? 0 : 1));
    }
}
