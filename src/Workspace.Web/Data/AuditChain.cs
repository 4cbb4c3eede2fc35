using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workspace.Web.Data;

/// <summary>
/// The hash chain of each partnership's audit trail (decision 011). Every change record carries its
/// sequence within the partnership, the previous record's hash and its own: a SHA-256 over a canonical,
/// versioned serialisation of its content. Changing, removing or reordering a record breaks the chain
/// from there on (<see cref="AuditVerifier"/>).
/// </summary>
public static class AuditChain
{
    /// <summary>The first field of every hashed serialisation; a new layout gets a new version.</summary>
    public const string FormatVersion = "workspace-audit-v1";

    /// <summary>Records sealed per transaction when the chain is extended over older rows.</summary>
    public const int SealBatchSize = 1_000;

    private static readonly HashSet<string> ChainColumns =
        [nameof(ChangeRecord.Sequence), nameof(ChangeRecord.PreviousHash), nameof(ChangeRecord.Hash)];

    /// <summary>
    /// SHA-256 (lower-case hex) of the record's content, sequence and previous hash. Each field is written
    /// as its length, a colon and its text (or <c>~</c> for null), so no two contents serialise alike.
    /// </summary>
    public static string ComputeHash(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = new StringBuilder(256 + (record.OldValue?.Length ?? 0) + (record.NewValue?.Length ?? 0));
        Append(text, FormatVersion);
        Append(text, record.PartnershipId.ToString("D"));
        Append(text, record.Sequence?.ToString(CultureInfo.InvariantCulture));
        Append(text, record.UserId);
        Append(text, record.AtUtc.Ticks.ToString(CultureInfo.InvariantCulture));
        Append(text, record.EntityType);
        Append(text, record.EntityId);
        Append(text, record.Field);
        Append(text, record.OldValue);
        Append(text, record.NewValue);
        Append(text, record.GoalId?.ToString("D"));
        Append(text, record.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append('~');
        }
        else
        {
            text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        text.Append('\n');
    }

    /// <summary>
    /// The context's rule: a change record is only ever added. The one update allowed is sealing a record
    /// that has no hash yet (<see cref="SealOlderRecordsAsync"/>), and then only its chain columns.
    /// </summary>
    internal static void RefuseChange(EntityEntry<ChangeRecord> entry)
    {
        if (entry.State == EntityState.Deleted)
        {
            throw new InvalidOperationException(
                $"Change record #{entry.Entity.Id} cannot be deleted: the audit trail is append-only.");
        }

        if (entry.State == EntityState.Modified
            && (entry.Property(r => r.Hash).OriginalValue is not null
                || entry.Properties.Any(p => p.IsModified && !ChainColumns.Contains(p.Metadata.Name))))
        {
            throw new InvalidOperationException(
                $"Change record #{entry.Entity.Id} cannot be changed: the audit trail is append-only.");
        }
    }

    /// <summary>
    /// Locks the chain head of each partnership in <paramref name="added"/> (in a fixed order, so two saves
    /// never wait for each other) and stamps the records as the next links. Runs inside the save's
    /// transaction; <see cref="AdvanceHeadsAsync"/> moves the heads on once the records are written.
    /// </summary>
    internal static async Task<List<(Guid PartnershipId, long Length, string? LastHash)>> StampAsync(
        WorkspaceDbContext db, List<ChangeRecord> added, bool async, CancellationToken cancellationToken)
    {
        var heads = new List<(Guid, long, string?)>();
        foreach (var chain in added.GroupBy(r => r.PartnershipId).OrderBy(g => g.Key))
        {
            var (length, last) = await LockHeadAsync(db, chain.Key, async, cancellationToken);
            foreach (var record in chain)
            {
                Link(record, ++length, last);
                last = record.Hash;
            }

            heads.Add((chain.Key, length, last));
        }

        return heads;
    }

    internal static async Task AdvanceHeadsAsync(
        WorkspaceDbContext db, List<(Guid PartnershipId, long Length, string? LastHash)> heads, bool async, CancellationToken cancellationToken)
    {
        // Plain SQL, not a LINQ update: the query pipeline cost more than the statement on every audited save.
        var sql = AuditTrailSql.AdvanceChainHead(db.Database);
        foreach (var (partnershipId, length, lastHash) in heads)
        {
            object[] values = [length, lastHash!, partnershipId];
            if (async)
            {
                await db.Database.ExecuteSqlRawAsync(sql, values, cancellationToken);
            }
            else
            {
                db.Database.ExecuteSqlRaw(sql, values);
            }
        }
    }

    private static async Task<(long Length, string? LastHash)> LockHeadAsync(WorkspaceDbContext db, Guid partnershipId, bool async, CancellationToken cancellationToken)
    {
        // Read straight from the command, as ExecuteSqlRaw runs one: a raw query through LINQ went through the
        // query pipeline on every audited save.
        var command = db.GetService<IRawSqlCommandBuilder>().Build(AuditTrailSql.LockChainHead(db.Database), [partnershipId]);
        var parameters = new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), command.ParameterValues, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>());
        await using var reader = async
            ? await command.RelationalCommand.ExecuteReaderAsync(parameters, cancellationToken)
            : command.RelationalCommand.ExecuteReader(parameters);
        var row = reader.DbDataReader;
        if (!(async ? await row.ReadAsync(cancellationToken) : row.Read()))
        {
            throw new InvalidOperationException($"The audit chain head of partnership {partnershipId} could not be locked.");
        }

        return (row.GetInt64(0), row.IsDBNull(1) ? null : row.GetString(1));
    }

    private static void Link(ChangeRecord record, long sequence, string? previousHash)
    {
        record.Sequence = sequence;
        record.PreviousHash = previousHash;
        record.Hash = ComputeHash(record);
    }

    /// <summary>
    /// Extends each partnership's chain over its records that have none yet (rows written before the
    /// chain existed), oldest first, in batches of <see cref="SealBatchSize"/>, each batch in one
    /// transaction with the head locked. Run at start-up by the database initialiser; returns how many
    /// records it sealed.
    /// </summary>
    public static async Task<int> SealOlderRecordsAsync(IDbContextFactory<WorkspaceDbContext> dbFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        List<Guid> partnerships;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            partnerships = await db.ChangeRecords.Where(r => r.Sequence == null).Select(r => r.PartnershipId).Distinct().ToListAsync(cancellationToken);
        }

        var sealedCount = 0;
        foreach (var partnershipId in partnerships.Order())
        {
            while (true)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var (length, last) = await LockHeadAsync(db, partnershipId, async: true, cancellationToken);
                var batch = await db.ChangeRecords.Where(r => r.PartnershipId == partnershipId && r.Sequence == null)
                    .OrderBy(r => r.Id).Take(SealBatchSize).ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var record in batch)
                {
                    Link(record, ++length, last);
                    last = record.Hash;
                }

                await db.SaveChangesAsync(cancellationToken);
                await AdvanceHeadsAsync(db, [(partnershipId, length, last)], async: true, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                sealedCount += batch.Count;
            }
        }

        return sealedCount;
    }
}
