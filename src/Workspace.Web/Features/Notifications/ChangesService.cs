using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Notifications;

/// <summary>The changes of one area of a partnership (goals, the log, workshops…), newest first, with where to look.</summary>
public sealed record ChangeGroup(string Area, string Link, IReadOnlyList<ActivityEntry> Changes);

/// <summary>What changed in one partnership since <see cref="SinceUtc"/>, by others.</summary>
public sealed record PartnershipChanges(Guid PartnershipId, string Name, DateTime SinceUtc, IReadOnlyList<ChangeGroup> Groups, bool More)
{
    public int Count => Groups.Sum(g => g.Changes.Count);
}

/// <summary>
/// "Since you last looked", for everything: read from the audit trail (which records every change with
/// who and when), grouped by partnership and area, leaving out what the person did themselves and what
/// only facilitators may read. A marker per person and partnership says where the feed starts.
/// </summary>
public sealed class ChangesService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How far back the feed reaches for someone who never marked anything seen.</summary>
    public static readonly TimeSpan FirstLook = TimeSpan.FromDays(14);

    public const int MaxPerPartnership = 100;

    private static readonly (string Area, string Path, string[] EntityTypes)[] Areas =
    [
        ("Goals", "goals", ["Goal", "GoalContribution", "GoalAlignment"]),
        ("Indicators and check-ins", "goals", ["Indicator", "CheckIn", "ConfidenceRecord"]),
        ("Decisions and the log", "log", ["LogEntry", "LogReply", "DecisionPosition"]),
        ("Workshops", "workshops", ["Workshop", "WorkshopItem", "WorkshopIdea", "WorkshopPoll"]),
        ("Members", "members", ["Membership"]),
        ("Agreement", "agreement", ["AgreementSection", "AgreementVersion", "AgreementSignature"]),
        ("Health check", "health", ["HealthSettings", "HealthRound"]),
    ];

    private static readonly string[] EntityTypes = [.. Areas.SelectMany(a => a.EntityTypes)];

    /// <summary>
    /// The person's feed: of one partnership (when they are a member), or of every partnership they are in.
    /// <paramref name="sinceUtc"/> overrides the markers (a digest covers its own period).
    /// </summary>
    public async Task<Result<IReadOnlyList<PartnershipChanges>>> SinceLastLookedAsync(string? userId, Guid? partnershipId = null, DateTime? sinceUtc = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId && (partnershipId == null || m.PartnershipId == partnershipId))
            .Select(m => new { m.PartnershipId, m.Partnership!.Name, m.JoinedUtc }).ToListAsync(cancellationToken);
        if (partnershipId is not null && mine.Count == 0)
        {
            return ServiceError.NotFound;
        }

        var ids = mine.Select(m => m.PartnershipId).ToList();
        var markers = await db.ChangesSeen.AsNoTracking().Where(s => s.UserId == userId && ids.Contains(s.PartnershipId))
            .ToDictionaryAsync(s => s.PartnershipId, s => s.LastSeenUtc, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var feed = new List<PartnershipChanges>();
        foreach (var partnership in mine.OrderBy(m => m.Name, StringComparer.CurrentCulture))
        {
            var since = sinceUtc ?? (markers.TryGetValue(partnership.PartnershipId, out var seen) ? seen : Later(partnership.JoinedUtc, now - FirstLook));
            var records = await db.ChangeRecords.AsNoTracking()
                .Where(c => c.PartnershipId == partnership.PartnershipId && c.AtUtc > since && c.UserId != userId && EntityTypes.Contains(c.EntityType))
                .OrderByDescending(c => c.Id).Take(MaxPerPartnership + 1).ToListAsync(cancellationToken);
            if (records.Count == 0)
            {
                continue;
            }

            var more = records.Count > MaxPerPartnership;
            records = records.Take(MaxPerPartnership).ToList();
            var names = await NamesAsync(db, records, cancellationToken);
            string NameOf(string? id) => id is not null && names.TryGetValue(id, out var name) ? name : "A former member";
            var groups = Areas
                .Select(a => new ChangeGroup(a.Area, $"p/{partnership.PartnershipId}/{a.Path}",
                    [.. records.Where(r => a.EntityTypes.Contains(r.EntityType)).Select(r => ActivityService.Describe(r, NameOf))]))
                .Where(g => g.Changes.Count > 0).ToList();
            feed.Add(new PartnershipChanges(partnership.PartnershipId, partnership.Name, since, groups, more));
        }

        return feed;
    }

    /// <summary>Marks everything up to now as seen, in one partnership or in all of the person's; the log's marker moves too.</summary>
    public async Task MarkSeenAsync(string userId, Guid? partnershipId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.Memberships.Where(m => m.UserId == userId && (partnershipId == null || m.PartnershipId == partnershipId))
            .Select(m => m.PartnershipId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var markers = await db.ChangesSeen.Where(s => s.UserId == userId && ids.Contains(s.PartnershipId)).ToListAsync(cancellationToken);
        var logMarkers = await db.LogReadStates.Where(s => s.UserId == userId && ids.Contains(s.PartnershipId)).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            (markers.FirstOrDefault(m => m.PartnershipId == id) ?? db.ChangesSeen.Add(new ChangesSeen { PartnershipId = id, UserId = userId }).Entity).LastSeenUtc = now;
            (logMarkers.FirstOrDefault(m => m.PartnershipId == id) ?? db.LogReadStates.Add(new Dialogue.LogReadState { PartnershipId = id, UserId = userId }).Entity).LastSeenUtc = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException || StorageFaults.IsBusy(e))
        {
            // Marked from two tabs at once: either time will do. A busy database: the next visit marks it.
        }
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    private static async Task<Dictionary<string, string>> NamesAsync(WorkspaceDbContext db, List<ChangeRecord> records, CancellationToken cancellationToken)
    {
        var ids = records.Select(r => r.UserId).Concat(records.Where(r => r.EntityType == "Membership").Select(r => r.EntityId)).OfType<string>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}
