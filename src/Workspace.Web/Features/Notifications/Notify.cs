using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Notifications;

/// <summary>
/// Adds notifications to the context of the service that makes the change, so they commit (or fail) with
/// it: written once, by the node that made the change, never by a subscriber that runs on every node.
/// Only members of the partnership receive one, never the person who acted, and not someone who turned
/// the kind off both in the app and in the digest. <see cref="AnnounceAsync"/> tells their bells after commit.
/// </summary>
public static class Notify
{
    /// <summary>Members mentioned in an entry or a reply (<paramref name="itemId"/>), linking to the entry.</summary>
    public static Task MentionedAsync(WorkspaceDbContext db, Guid partnershipId, string actorUserId, IEnumerable<string> mentioned, Guid itemId, Guid entryId, string entryTitle, DateTime now, CancellationToken cancellationToken) =>
        AddAsync(db, NotificationKind.Mention, partnershipId, actorUserId, mentioned, itemId.ToString(), $"{{actor}} mentioned you in “{entryTitle}”", EntryLink(partnershipId, entryId), now, cancellationToken);

    /// <summary>The assignee of an action, when it is new or newly theirs.</summary>
    public static Task AssignedAsync(WorkspaceDbContext db, LogEntry entry, string actorUserId, DateTime now, CancellationToken cancellationToken) =>
        entry.Kind != EntryKind.Action || entry.AssigneeUserId is not { } assignee
            ? Task.CompletedTask
            : AddAsync(db, NotificationKind.Assignment, entry.PartnershipId, actorUserId, [assignee], entry.Id.ToString(), $"{{actor}} assigned you “{entry.Title}”", EntryLink(entry.PartnershipId, entry.Id), now, cancellationToken);

    /// <summary>Everyone who may take a position on a newly proposed decision.</summary>
    public static async Task DecisionProposedAsync(WorkspaceDbContext db, LogEntry entry, string actorUserId, DateTime now, CancellationToken cancellationToken)
    {
        if (entry.Kind != EntryKind.Decision)
        {
            return;
        }

        // The rules of AddAsync (members, not the actor, not muted everywhere, no notification with the key yet)
        // in the one query that finds the voters.
        const NotificationKind kind = NotificationKind.DecisionAwaiting;
        var item = entry.Id.ToString();
        List<string> recipients = [];
        await foreach (var voter in AwaitingPositionQuery(db, entry.PartnershipId, actorUserId, NotificationPreferences.Flag(kind), KeyOf(kind, item, ""))
            .WithCancellation(cancellationToken))
        {
            recipients.Add(voter);
        }

        if (recipients.Count == 0)
        {
            return;
        }

        var text = await TextAsync(db, $"“{entry.Title}” awaits your position", actorUserId, cancellationToken);
        AddEach(db, kind, entry.PartnershipId, actorUserId, recipients.Select(r => (r, KeyOf(kind, item, r))), text, EntryLink(entry.PartnershipId, entry.Id), now);
    }

    // Precompiled: every proposed decision runs it before its save. The key's prefix is KeyOf(kind, item, "").
    private static readonly Func<WorkspaceDbContext, Guid, string, int, string, IAsyncEnumerable<string>> AwaitingPositionQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid partnershipId, string actorUserId, int flag, string keyPrefix) =>
            db.Memberships.AsNoTracking()
                .Where(m => m.PartnershipId == partnershipId && m.UserId != actorUserId
                    && (m.Role == PartnershipRole.Contributor || m.Role == PartnershipRole.Facilitator)
                    && !db.NotificationPreferences.Any(p => p.UserId == m.UserId && (p.MutedInApp & flag) != 0 && (p.MutedInDigest & flag) != 0)
                    && !db.Notifications.Any(n => n.Key == keyPrefix + m.UserId))
                .Select(m => m.UserId));

    /// <summary>Every member, when a version of the agreement is issued for sign-off.</summary>
    public static async Task AgreementIssuedAsync(WorkspaceDbContext db, Guid partnershipId, string actorUserId, int versionNumber, DateTime now, CancellationToken cancellationToken) =>
        await AddAsync(db, NotificationKind.AgreementSignOff, partnershipId, actorUserId, await MembersAsync(db, partnershipId, cancellationToken),
            $"{partnershipId}:v{versionNumber}", $"Version {versionNumber} of the agreement is ready to sign", $"p/{partnershipId}/agreement", now, cancellationToken);

    /// <summary>Every member, when a health check round opens.</summary>
    public static async Task HealthRoundOpenedAsync(WorkspaceDbContext db, Guid partnershipId, string actorUserId, int roundNumber, DateTime now, CancellationToken cancellationToken) =>
        await AddAsync(db, NotificationKind.HealthRound, partnershipId, actorUserId, await MembersAsync(db, partnershipId, cancellationToken),
            $"{partnershipId}:r{roundNumber}", $"Health check round {roundNumber} is open for your answers", $"p/{partnershipId}/health", now, cancellationToken);

    /// <summary>After commit: tells each recipient's bell that something arrived (one event per partnership).</summary>
    public static async Task AnnounceAsync(IPartnershipEvents events, WorkspaceDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(db);
        var added = db.ChangeTracker.Entries<Notification>().Select(e => e.Entity).ToList();
        foreach (var group in added.GroupBy(n => n.PartnershipId))
        {
            await events.PublishAsync(new NotificationsAdded(group.Key, group.First().ActorUserId, [.. group.Select(n => n.RecipientUserId).Distinct()]), cancellationToken);
        }
    }

    public static string EntryLink(Guid partnershipId, Guid entryId) => $"p/{partnershipId}/log/{entryId}";

    public static string KeyOf(NotificationKind kind, string item, string recipientUserId) => $"{kind}:{item}:{recipientUserId}";

    /// <summary>
    /// Adds one notification per recipient who is a member, is not the actor, wants the kind somewhere, and
    /// has none with the same key yet. "{actor}" in <paramref name="title"/> becomes the actor's name.
    /// </summary>
    internal static async Task AddAsync(WorkspaceDbContext db, NotificationKind kind, Guid partnershipId, string? actorUserId, IEnumerable<string> recipients,
        string item, string title, string link, DateTime now, CancellationToken cancellationToken)
    {
        var wanted = recipients.Where(r => r != actorUserId).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var members = await db.Memberships.AsNoTracking().Where(m => m.PartnershipId == partnershipId && wanted.Contains(m.UserId)).Select(m => m.UserId).ToListAsync(cancellationToken);
        var flag = NotificationPreferences.Flag(kind);
        var mutedEverywhere = await db.NotificationPreferences.AsNoTracking()
            .Where(p => members.Contains(p.UserId) && (p.MutedInApp & flag) != 0 && (p.MutedInDigest & flag) != 0)
            .Select(p => p.UserId).ToListAsync(cancellationToken);
        var keys = members.Except(mutedEverywhere).ToDictionary(m => m, m => KeyOf(kind, item, m));
        var existing = await db.Notifications.AsNoTracking().Where(n => keys.Values.Contains(n.Key)).Select(n => n.Key).ToListAsync(cancellationToken);
        var text = await TextAsync(db, title, actorUserId, cancellationToken);
        AddEach(db, kind, partnershipId, actorUserId, keys.Where(k => !existing.Contains(k.Value)).Select(k => (k.Key, k.Value)), text, link, now);
    }

    /// <summary>The title with "{actor}" replaced by the actor's name; the name is read only when the title has the placeholder.</summary>
    private static async Task<string> TextAsync(WorkspaceDbContext db, string title, string? actorUserId, CancellationToken cancellationToken)
    {
        if (!title.Contains("{actor}", StringComparison.Ordinal))
        {
            return title;
        }

        var actorName = actorUserId is null ? "" : await db.Users.AsNoTracking().Where(u => u.Id == actorUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "Someone";
        return title.Replace("{actor}", actorName, StringComparison.Ordinal);
    }

    private static void AddEach(WorkspaceDbContext db, NotificationKind kind, Guid partnershipId, string? actorUserId,
        IEnumerable<(string Recipient, string Key)> recipients, string text, string link, DateTime now)
    {
        foreach (var (recipient, key) in recipients)
        {
            db.Notifications.Add(new Notification
            {
                Id = Guid.NewGuid(),
                RecipientUserId = recipient,
                PartnershipId = partnershipId,
                Kind = kind,
                Key = key,
                ActorUserId = actorUserId,
                Title = text.Length > Notification.TitleMaxLength ? text[..(Notification.TitleMaxLength - 1)] + "…" : text,
                Link = link,
                CreatedUtc = now,
            });
        }
    }

    private static Task<List<string>> MembersAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking().Where(m => m.PartnershipId == partnershipId).Select(m => m.UserId).ToListAsync(cancellationToken);
}

/// <summary>Notifications for <see cref="RecipientUserIds"/> were committed: their bells reload the count.</summary>
public sealed record NotificationsAdded(Guid PartnershipId, string? ActorUserId, IReadOnlyList<string> RecipientUserIds)
    : PartnershipEvent(PartnershipId, ActorUserId);
