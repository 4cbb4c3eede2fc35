using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Email;
using Workspace.Web.Hosting;

namespace Workspace.Web.Features.Notifications;

/// <summary>One person's digest: its subject and body, and how much it carries.</summary>
public sealed record DigestContent(string Subject, string HtmlBody, int Notifications, int Changes);

/// <summary>Whom an unsubscribe link is for, as its confirmation page names them.</summary>
public sealed record DigestSubscriber(string DisplayName, DigestFrequency Digest);

/// <summary>
/// Daily or weekly emails of a person's unread notifications and of what changed, grouped by partnership.
/// Each digest is claimed (a unique person-and-period row) before it is sent, so several nodes scanning
/// at once send it once. People choose the digest in their settings; it is off until they do.
/// </summary>
public sealed partial class DigestService(
    IDbContextFactory<WorkspaceDbContext> dbFactory, ChangesService changes, IAppEmailSender sender, PublicOrigin origin, DigestTokens tokens, TimeProvider clock, ILogger<DigestService> logger)
{
    /// <summary>Sends the digests due in the current period that no node has claimed yet; returns how many were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(string UserId, DigestFrequency Digest)> subscribers;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            subscribers = [.. (await db.NotificationPreferences.AsNoTracking().Where(p => p.Digest != DigestFrequency.Off).Select(p => new { p.UserId, p.Digest }).ToListAsync(cancellationToken))
                .Select(p => (p.UserId, p.Digest))];
        }

        var sent = 0;
        foreach (var (userId, digest) in subscribers)
        {
            var period = PeriodOf(digest, now);
            if (!await ClaimAsync(userId, period, now, cancellationToken))
            {
                continue;
            }

            var content = await ComposeAsync(userId, digest, cancellationToken);
            var email = await EmailOfAsync(userId, cancellationToken);
            if (content is null || email is null)
            {
                continue;
            }

            await sender.SendAsync(email, content.Subject, content.HtmlBody, cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.DigestDispatches.Where(d => d.UserId == userId && d.Period == period)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.SentUtc, clock.GetUtcNow().UtcDateTime), cancellationToken);
            sent++;
        }

        return sent;
    }

    /// <summary>The digest the person would get now; null when there is nothing to tell.</summary>
    public async Task<DigestContent?> ComposeAsync(string userId, DigestFrequency digest, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - (digest == DigestFrequency.Weekly ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return null;
        }

        var muted = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.MutedInDigest).FirstOrDefaultAsync(cancellationToken);
        var kinds = Enum.GetValues<NotificationKind>().Except(NotificationService.Kinds(muted)).ToList();
        var notes = await db.Notifications.AsNoTracking()
            .Where(n => n.RecipientUserId == userId && n.ReadUtc == null && n.CreatedUtc > since && kinds.Contains(n.Kind)
                && db.Memberships.Any(m => m.PartnershipId == n.PartnershipId && m.UserId == userId))
            .OrderByDescending(n => n.CreatedUtc).Take(100).ToListAsync(cancellationToken);
        var feed = (await changes.SinceLastLookedAsync(userId, null, since, cancellationToken)).Value ?? [];
        if (notes.Count == 0 && feed.Count == 0)
        {
            return null;
        }

        var names = await db.Partnerships.AsNoTracking().Where(p => db.Memberships.Any(m => m.PartnershipId == p.Id && m.UserId == userId))
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello {Encode(person)},</p><p>Here is what happened in your partnerships {(digest == DigestFrequency.Weekly ? "this week" : "today")}.</p>");
        foreach (var partnershipId in notes.Select(n => n.PartnershipId).Concat(feed.Select(f => f.PartnershipId)).Distinct().OrderBy(id => names.GetValueOrDefault(id), StringComparer.CurrentCulture))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(names.GetValueOrDefault(partnershipId) ?? "A partnership")}</h2>");
            var mine = notes.Where(n => n.PartnershipId == partnershipId).ToList();
            if (mine.Count > 0)
            {
                html.Append("<h3>For you</h3><ul>");
                mine.ForEach(n => html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Encode(origin.Link(n.Link).AbsoluteUri)}\">{Encode(n.Title)}</a></li>"));
                html.Append("</ul>");
            }

            foreach (var group in feed.FirstOrDefault(f => f.PartnershipId == partnershipId)?.Groups ?? [])
            {
                html.Append(CultureInfo.InvariantCulture, $"<h3><a href=\"{Encode(origin.Link(group.Link).AbsoluteUri)}\">{Encode(group.Area)}</a></h3><ul>");
                foreach (var change in group.Changes.Take(10))
                {
                    html.Append(CultureInfo.InvariantCulture, $"<li>{Encode(change.ActorName)} {Encode(change.Text)}</li>");
                }

                html.Append(group.Changes.Count > 10 ? $"<li>and {group.Changes.Count - 10} more</li></ul>" : "</ul>");
            }
        }

        var unsubscribe = origin.Link($"digest/unsubscribe?token={Uri.EscapeDataString(tokens.Create(userId))}").AbsoluteUri;
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Encode(origin.Link("notifications").AbsoluteUri)}\">Open your notifications</a> · <a href=\"{Encode(origin.Link("profile").AbsoluteUri)}\">Choose what you receive</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Don't want these emails? <a href=\"{Encode(unsubscribe)}\">Unsubscribe from the digest</a>.</p>");
        var changeCount = feed.Sum(f => f.Count);
        var subject = $"Partnership Workspace {(digest == DigestFrequency.Weekly ? "weekly" : "daily")} digest: {notes.Count} for you, {changeCount} {(changeCount == 1 ? "change" : "changes")}";
        return new DigestContent(subject, html.ToString(), notes.Count, changeCount);
    }

    /// <summary>Whom a link's token is for, before they confirm; null when the token is altered or expired.</summary>
    public async Task<DigestSubscriber?> SubscriberAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (tokens.Read(token) is not { } userId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var digest = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.Digest).FirstOrDefaultAsync(cancellationToken);
        return name is null ? null : new DigestSubscriber(name, digest);
    }

    /// <summary>Turns the digest off for the person the token names (only them: the token is the only input).</summary>
    public async Task<Result> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (tokens.Read(token) is not { } userId)
        {
            return ServiceError.Invalid("Token", "This unsubscribe link is not valid or has expired. Sign in and turn the digest off in your profile instead.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        if (stored is null)
        {
            return await db.Users.AnyAsync(u => u.Id == userId, cancellationToken) ? Result.Ok() : ServiceError.NotFound;
        }

        stored.Digest = DigestFrequency.Off;
        stored.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        LogUnsubscribed(logger);
        return Result.Ok();
    }

    /// <summary>The period a digest belongs to: a day (<c>daily:2026-12-06</c>) or an ISO week (<c>weekly:2026-W49</c>).</summary>
    public static string PeriodOf(DigestFrequency digest, DateTime now) => digest == DigestFrequency.Weekly
        ? string.Create(CultureInfo.InvariantCulture, $"weekly:{ISOWeek.GetYear(now)}-W{ISOWeek.GetWeekOfYear(now):00}")
        : string.Create(CultureInfo.InvariantCulture, $"daily:{now:yyyy-MM-dd}");

    /// <summary>Claims the person's digest of the period; false when it was already claimed (here or by another node).</summary>
    private async Task<bool> ClaimAsync(string userId, string period, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.DigestDispatches.AnyAsync(d => d.UserId == userId && d.Period == period, cancellationToken))
        {
            return false;
        }

        db.DigestDispatches.Add(new DigestDispatch { UserId = userId, Period = period, ClaimedUtc = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private async Task<string?> EmailOfAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [LoggerMessage(Level = LogLevel.Information, Message = "A person unsubscribed from the digest by its link.")]
    private static partial void LogUnsubscribed(ILogger logger);
}
