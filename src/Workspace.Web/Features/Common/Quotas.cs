using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Invitations;

namespace Workspace.Web.Features.Common;

/// <summary>
/// How much one person may create in a time window (section "Quotas" of the configuration). The
/// services check them, so a circuit's event handler is held to them as much as an HTTP post.
/// </summary>
public sealed class QuotaLimits
{
    public const string Section = "Quotas";

    public int PartnershipsPerPersonPerHour { get; set; } = 5;

    public int InvitationsPerPersonPerHour { get; set; } = 60;

    public int InvitationsPerPartnershipPerHour { get; set; } = 120;

    public int IdeasPerPersonPerItem { get; set; } = 50;

    /// <summary>Log entries and replies together.</summary>
    public int LogPostsPerPersonPerMinute { get; set; } = 10;
}

/// <summary>
/// Counts what was stored in the window, so a limit holds across restarts and nodes. Two requests
/// at the same instant can each pass the count: a quota is a brake on floods, not an exact cap.
/// </summary>
internal static class Quotas
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static async Task<ServiceError?> PartnershipsAsync(WorkspaceDbContext db, QuotaLimits limits, string userId, DateTime now, CancellationToken cancellationToken)
    {
        var since = now - Hour;
        var times = await db.Partnerships.Where(p => p.CreatedByUserId == userId && p.CreatedUtc > since)
            .Select(p => p.CreatedUtc).ToListAsync(cancellationToken);
        return Refusal(times, limits.PartnershipsPerPersonPerHour, Hour, now,
            $"You have created {times.Count} partnerships in the last hour, the most allowed.", "create another");
    }

    /// <summary>Invitations sent and renewed (each sends an email), per person and per partnership.</summary>
    public static async Task<ServiceError?> InvitationsAsync(WorkspaceDbContext db, QuotaLimits limits, string userId, Guid partnershipId, DateTime now, CancellationToken cancellationToken)
    {
        var since = now - Hour;
        var sent = db.ChangeRecords.Where(c => c.EntityType == nameof(Invitation) && (c.Field == "Invited" || c.Field == "Renewed") && c.AtUtc > since);
        var byPerson = await sent.Where(c => c.UserId == userId).Select(c => c.AtUtc).ToListAsync(cancellationToken);
        var byPartnership = await sent.Where(c => c.PartnershipId == partnershipId).Select(c => c.AtUtc).ToListAsync(cancellationToken);
        return Refusal(byPerson, limits.InvitationsPerPersonPerHour, Hour, now,
                $"You have sent {byPerson.Count} invitations in the last hour, the most allowed.", "send another")
            ?? Refusal(byPartnership, limits.InvitationsPerPartnershipPerHour, Hour, now,
                $"This partnership has sent {byPartnership.Count} invitations in the last hour, the most allowed.", "send another");
    }

    public static async Task<ServiceError?> LogPostsAsync(WorkspaceDbContext db, QuotaLimits limits, string userId, DateTime now, CancellationToken cancellationToken)
    {
        // Only the limit-th newest post counts: a busy person's minute is not read into memory on every post.
        var limit = Math.Max(1, limits.LogPostsPerPersonPerMinute);
        return await LimitthNewestLogPost(db, userId, now - Minute, limit - 1, cancellationToken) is { } oldest
            ? Refusal(oldest, Minute, now, $"You have posted {limit} times in the last minute, the most allowed.", "post again")
            : null;
    }

    // Precompiled, entries and replies in one command: every post and reply runs it before its save.
    private static readonly Func<WorkspaceDbContext, string, DateTime, int, CancellationToken, Task<DateTime?>> LimitthNewestLogPost =
        EF.CompileAsyncQuery((WorkspaceDbContext db, string userId, DateTime since, int skip, CancellationToken _) =>
            db.LogEntries.Where(e => e.AuthorUserId == userId && e.CreatedUtc > since).Select(e => e.CreatedUtc)
                .Concat(db.LogReplies.Where(r => r.AuthorUserId == userId && r.CreatedUtc > since).Select(r => r.CreatedUtc))
                .OrderByDescending(at => at).Skip(skip).Select(at => (DateTime?)at).FirstOrDefault());

    public static async Task<ServiceError?> IdeasAsync(WorkspaceDbContext db, QuotaLimits limits, string userId, Guid itemId, CancellationToken cancellationToken)
    {
        var count = await db.WorkshopIdeas.CountAsync(i => i.ItemId == itemId && i.AuthorUserId == userId, cancellationToken);
        return count >= limits.IdeasPerPersonPerItem
            ? ServiceError.Conflict($"You have added {count} ideas to this agenda item, the most one person may. Group or build on the ones there.")
            : null;
    }

    private static ServiceError? Refusal(List<DateTime> times, int limit, TimeSpan window, DateTime now, string said, string action) =>
        times.Count < limit ? null : Refusal(times.Min(), window, now, said, action);

    private static ServiceError? Refusal(DateTime oldest, TimeSpan window, DateTime now, string said, string action)
    {
        // The window frees a place when the oldest counted one leaves it.
        var wait = oldest + window - now;
        var after = wait <= TimeSpan.FromMinutes(2)
            ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds"
            : $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";
        return ServiceError.Conflict($"{said} You can {action} in {after}.");
    }
}
