using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Workspace.Web.Data;

/// <summary>
/// What verifying one partnership's audit chain found: intact with <see cref="Records"/> links, or the
/// first broken link (<see cref="RecordId"/>, <see cref="Sequence"/> and <see cref="Problem"/>).
/// </summary>
public sealed record ChainCheck(Guid PartnershipId, long Records, string? Problem = null, long? RecordId = null, long? Sequence = null)
{
    public bool IsIntact => Problem is null;

    /// <summary>The line the <c>verify-audit</c> command prints.</summary>
    public override string ToString()
    {
        // The empty id is the chain of records that belong to no partnership (organisations and accounts).
        var chain = PartnershipId == Guid.Empty ? "organisations and accounts" : $"partnership {PartnershipId}";
        if (IsIntact)
        {
            return $"{chain}: ok, {Records} {(Records == 1 ? "record" : "records")}";
        }

        if (RecordId is null)
        {
            return $"{chain}: {Problem}";
        }

        var place = Sequence is null ? "" : $" (sequence {Sequence})";
        return $"{chain}: record #{RecordId}{place} — {Problem}";
    }
}

/// <summary>
/// Walks each partnership's audit chain in sequence order and names the first link that does not hold:
/// a record whose hash does not match its content, whose previous hash is not the hash before it, a gap
/// or repeat in the sequence, a record not sealed yet, or a chain that ends before its head says.
/// Reads one record at a time, so a long trail is checked in constant memory.
/// </summary>
public static class AuditVerifier
{
    /// <summary>The command-line argument that runs the verifier instead of the web app.</summary>
    public const string Command = "verify-audit";

    public const string HashMismatch = "hash does not match its content";

    public const string PreviousHashMismatch = "previous hash does not match";

    public static async Task<ChainCheck> VerifyAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        long expected = 1;
        string? previousHash = null;
        var records = db.ChangeRecords.AsNoTracking()
            .Where(r => r.PartnershipId == partnershipId)
            .OrderBy(r => r.Sequence).ThenBy(r => r.Id)
            .AsAsyncEnumerable();
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            var problem = record.Sequence switch
            {
                null => "is not sealed yet: it has no place in the chain (the app seals older records when it starts)",
                var s when s < expected => $"repeats sequence {s}",
                var s when s == expected + 1 => $"the record with sequence {expected} before it is missing",
                var s when s > expected => $"the records with sequences {expected} to {s - 1} before it are missing",
                _ when AuditChain.ComputeHash(record) != record.Hash => HashMismatch,
                _ when record.PreviousHash != previousHash => PreviousHashMismatch,
                _ => null,
            };
            if (problem is not null)
            {
                return new ChainCheck(partnershipId, expected - 1, problem, record.Id, record.Sequence);
            }

            previousHash = record.Hash;
            expected++;
        }

        var count = expected - 1;
        var head = await db.AuditChainHeads.AsNoTracking().FirstOrDefaultAsync(h => h.PartnershipId == partnershipId, cancellationToken);
        var headProblem = head switch
        {
            null when count == 0 => null,
            null => "the chain has no head row",
            { Length: var length } when length > count =>
                $"the chain ends at sequence {count} but its head says {length}: the last {Records(length - count)} missing",
            { Length: var length } when length < count => $"the chain runs to sequence {count} but its head says {length}",
            { LastHash: var last } when last != previousHash => "the chain head's hash does not match its last record",
            _ => null,
        };
        return new ChainCheck(partnershipId, count, headProblem);
    }

    /// <summary>Every partnership that has change records or a chain head, in id order.</summary>
    public static async Task<IReadOnlyList<ChainCheck>> VerifyAllAsync(IDbContextFactory<WorkspaceDbContext> dbFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var withRecords = await db.ChangeRecords.Select(r => r.PartnershipId).Distinct().ToListAsync(cancellationToken);
        var withHeads = await db.AuditChainHeads.Select(h => h.PartnershipId).ToListAsync(cancellationToken);
        var checks = new List<ChainCheck>();
        foreach (var partnershipId in withRecords.Union(withHeads).Order())
        {
            checks.Add(await VerifyAsync(db, partnershipId, cancellationToken));
        }

        return checks;
    }

    /// <summary>
    /// <c>dotnet run --project src/Workspace.Web -- verify-audit</c>: prints a line per partnership and
    /// returns 0 when every chain is intact, 1 otherwise. Reads only; it neither migrates nor seals.
    /// </summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var dbFactory = services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            if (pending > 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"The database has {pending} migration(s) not applied yet: migrate it (or start the app once), then verify again."));
                return 1;
            }
        }

        var checks = await VerifyAllAsync(dbFactory, cancellationToken);
        foreach (var check in checks)
        {
            await output.WriteLineAsync(check.ToString());
        }

        var broken = checks.Count(c => !c.IsIntact);
        await output.WriteLineAsync(broken == 0
            ? $"The audit trail is intact ({checks.Count} {(checks.Count == 1 ? "partnership" : "partnerships")})."
            : $"The audit trail is broken in {broken} of {checks.Count} partnerships.");
        return broken == 0 ? 0 : 1;
    }

    private static string Records(long count) => count == 1 ? "record is" : $"{count} records are";
}
