using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Dialogue;

/// <summary>What changed in the log since someone last looked: their read marker, the count of what is new, and the changes of a period.</summary>
public sealed class ReadStateService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// For someone returning after a while: every entry with activity since <paramref name="sinceUtc"/>,
    /// most recent first, each with the recorded changes of that period.
    /// </summary>
    public async Task<Result<IReadOnlyList<ChangedEntry>>> ChangedSinceAsync(string? userId, Guid partnershipId, DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        var entries = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.UpdatedUtc > sinceUtc)
            .OrderByDescending(e => e.UpdatedUtc).ThenByDescending(e => e.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        var keys = entries.Select(e => e.Id.ToString()).ToList();
        var records = await db.ChangeRecords.AsNoTracking()
            .Where(c => c.PartnershipId == partnershipId && c.AtUtc > sinceUtc && keys.Contains(c.EntityId))
            .OrderByDescending(c => c.Id)
            .ToListAsync(cancellationToken);
        var people = await EntryViews.PeopleAsync(db, partnershipId, cancellationToken);
        var views = await EntryViews.ViewsAsync(db, partnershipId, entries, cancellationToken, people);
        return Result<IReadOnlyList<ChangedEntry>>.Ok([.. views.Select(v => new ChangedEntry(v, [.. records
            .Where(r => r.EntityId == v.Id.ToString())
            .Select(r => new EntryChange(r.AtUtc, r.UserId is null ? "The system" : people.Ref(r.UserId).Name, r.EntityType, r.Field, r.OldValue, r.NewValue))]))]);
    }

    /// <summary>Entries posted or changed since the person last looked at the log.</summary>
    public async Task<int> UnreadCountAsync(string userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return 0;
        }

        return await UnreadCountAsync(db, userId, partnershipId, cancellationToken);
    }

    internal static async Task<int> UnreadCountAsync(WorkspaceDbContext db, string userId, Guid partnershipId, CancellationToken cancellationToken)
    {
        var lastSeen = await db.LogReadStates.AsNoTracking().Where(s => s.PartnershipId == partnershipId && s.UserId == userId)
            .Select(s => (DateTime?)s.LastSeenUtc).FirstOrDefaultAsync(cancellationToken);
        return await db.LogEntries.CountAsync(e => e.PartnershipId == partnershipId && e.AuthorUserId != userId
            && (lastSeen == null || e.UpdatedUtc > lastSeen), cancellationToken);
    }

    public async Task MarkSeenAsync(string userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return;
        }

        var state = await db.LogReadStates.FirstOrDefaultAsync(s => s.PartnershipId == partnershipId && s.UserId == userId, cancellationToken);
        if (state is null)
        {
            db.LogReadStates.Add(state = new LogReadState { PartnershipId = partnershipId, UserId = userId });
        }

        state.LastSeenUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException || StorageFaults.IsBusy(e))
        {
            // Marked from two tabs at once: either time will do. A busy database: the next visit marks it.
        }
    }
}
