using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Notifications;

/// <summary>One notification as its recipient sees it.</summary>
public sealed record NotificationView(Guid Id, NotificationKind Kind, Guid PartnershipId, string PartnershipName, string Title, string Link, DateTime CreatedUtc, bool IsRead);

/// <summary>A page of someone's notifications, newest first, and how many are unread in all.</summary>
public sealed record NotificationList(IReadOnlyList<NotificationView> Items, int Unread);

/// <summary>A person's notification choices, as the settings form edits them.</summary>
public sealed record NotificationSettings(IReadOnlySet<NotificationKind> InApp, IReadOnlySet<NotificationKind> InDigest, DigestFrequency Digest, long Version);

/// <summary>
/// A person's own notifications: listed, counted and marked read, only ever by their recipient (any id
/// of someone else's is as if it did not exist); and their choices of what reaches them where.
/// </summary>
public sealed class NotificationService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task<NotificationList> ListAsync(string userId, int take = PageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await VisibleAsync(db, userId, cancellationToken);
        var items = await query.OrderByDescending(n => n.CreatedUtc).ThenByDescending(n => n.Id).Take(Math.Clamp(take, 1, 200))
            .Select(n => new NotificationView(n.Id, n.Kind, n.PartnershipId, db.Partnerships.Where(p => p.Id == n.PartnershipId).Select(p => p.Name).First(),
                n.Title, n.Link, n.CreatedUtc, n.ReadUtc != null))
            .ToListAsync(cancellationToken);
        return new NotificationList(items, await query.CountAsync(n => n.ReadUtc == null, cancellationToken));
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (await VisibleAsync(db, userId, cancellationToken)).CountAsync(n => n.ReadUtc == null, cancellationToken);
    }

    /// <summary>Marks one of the caller's notifications read; someone else's id is not found.</summary>
    public async Task<Result> MarkReadAsync(string userId, Guid notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications.Where(n => n.Id == notificationId && n.RecipientUserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, n => n.ReadUtc ?? now), cancellationToken);
        return changed == 0 ? ServiceError.NotFound : Result.Ok();
    }

    public async Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Notifications.Where(n => n.RecipientUserId == userId && n.ReadUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, now), cancellationToken);
    }

    public async Task<NotificationSettings> GetSettingsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken) ?? new NotificationPreferences();
        return ToSettings(stored);
    }

    public async Task<Result<NotificationSettings>> SaveSettingsAsync(string userId, NotificationSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Enum.IsDefined(settings.Digest))
        {
            return ServiceError.Invalid("Digest", "Choose how often the digest comes.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        var stored = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        if (stored is null)
        {
            db.NotificationPreferences.Add(stored = new NotificationPreferences { UserId = userId });
        }
        else if (stored.Version != settings.Version)
        {
            return ServiceError.Conflict("Your settings were changed in another tab. Reload to see them, then choose again.");
        }

        stored.MutedInApp = Muted(settings.InApp);
        stored.MutedInDigest = Muted(settings.InDigest);
        stored.Digest = settings.Digest;
        stored.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ServiceError.Conflict("Your settings were changed in another tab at the same moment. Reload, then choose again.");
        }

        return ToSettings(stored);
    }

    /// <summary>The caller's notifications of kinds they receive in the app, in partnerships they are still in.</summary>
    private static async Task<IQueryable<Notification>> VisibleAsync(WorkspaceDbContext db, string userId, CancellationToken cancellationToken)
    {
        var muted = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.MutedInApp).FirstOrDefaultAsync(cancellationToken);
        var kinds = Enum.GetValues<NotificationKind>().Except(Kinds(muted)).ToList();
        return db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == userId && kinds.Contains(n.Kind)
            && db.Memberships.Any(m => m.PartnershipId == n.PartnershipId && m.UserId == userId));
    }

    private static NotificationSettings ToSettings(NotificationPreferences stored) =>
        new(Kinds(~stored.MutedInApp & AllFlags), Kinds(~stored.MutedInDigest & AllFlags), stored.Digest, stored.Version);

    internal static readonly int AllFlags = Enum.GetValues<NotificationKind>().Aggregate(0, (all, kind) => all | NotificationPreferences.Flag(kind));

    /// <summary>The kinds whose flags are set in <paramref name="flags"/>.</summary>
    internal static HashSet<NotificationKind> Kinds(int flags) => [.. Enum.GetValues<NotificationKind>().Where(k => (flags & NotificationPreferences.Flag(k)) != 0)];

    /// <summary>Settings hold the kinds received; the table holds those turned off, so new kinds arrive on.</summary>
    private static int Muted(IReadOnlySet<NotificationKind> received) =>
        Enum.GetValues<NotificationKind>().Where(k => !received.Contains(k)).Aggregate(0, (all, kind) => all | NotificationPreferences.Flag(kind));
}
