using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Dialogue.DialogueAccess;
using static Workspace.Web.Features.Dialogue.EntryViews;

namespace Workspace.Web.Features.Dialogue;

/// <summary>Replies to log entries (with their mentions) and emoji reactions.</summary>
public sealed class ReplyService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, IOptions<QuotaLimits>? quotas = null)
{
    public const int ReplyMaxLength = 5_000;
    private const string ReplyChangedElsewhere = "This reply was changed in another window since you started editing. Your text is still in the box: copy it, reload the reply and try again.";
    public static readonly IReadOnlyList<string> Emojis = ["thumbs-up", "heart", "celebrate", "eyes", "question"];

    private readonly QuotaLimits _quotas = quotas?.Value ?? new();

    public Task<Result<ReplyView>> ReplyAsync(string userId, Guid partnershipId, Guid entryId, string body, IReadOnlyCollection<string> mentions, CancellationToken cancellationToken = default) =>
        ReplyAsync(userId, partnershipId, entryId, body, mentions, submissionId: null, cancellationToken);

    /// <summary>
    /// Adds a reply. <paramref name="submissionId"/> is chosen once by the form per composed reply: sending the
    /// same one again (a double click, a retry after a timeout) returns the first reply instead of storing another.
    /// </summary>
    public async Task<Result<ReplyView>> ReplyAsync(string userId, Guid partnershipId, Guid entryId, string body, IReadOnlyCollection<string> mentions, Guid? submissionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "reply", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var entry = await db.LogEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.PartnershipId == partnershipId, cancellationToken);
        if (entry is null)
        {
            return ServiceError.NotFound;
        }

        if (submissionId is { } submission && await RepliedAsync(db, partnershipId, userId, entryId, submission, cancellationToken) is { } replied)
        {
            return replied;
        }

        var rules = new InputRules().Required("Body", "Reply", body, ReplyMaxLength)
            .Check(entry.RemovedUtc is null, "Body", "This entry was removed, so it takes no more replies.");
        await CheckMentionsAsync(db, partnershipId, mentions, rules, cancellationToken);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (await Quotas.LogPostsAsync(db, _quotas, userId, now, cancellationToken) is { } refused)
        {
            return refused;
        }

        var reply = new LogReply
        {
            Id = Guid.NewGuid(),
            EntryId = entryId,
            AuthorUserId = userId,
            AuthorOrganisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken),
            Body = InputRules.Stored(body),
            CreatedUtc = now,
            SubmissionId = submissionId,
        };
        db.LogReplies.Add(reply);
        foreach (var mentioned in mentions.Distinct())
        {
            db.LogMentions.Add(new LogMention { Id = Guid.NewGuid(), EntryId = entryId, ReplyId = reply.Id, UserId = mentioned, CreatedUtc = now });
        }

        db.Record(partnershipId, userId, now, nameof(LogReply), entryId, "Reply", null, Truncate(reply.Body));
        await Notify.MentionedAsync(db, partnershipId, userId, mentions, reply.Id, entryId, entry.Title, now, cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await TouchAsync(db, entryId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (submissionId is { } sameSubmission && !StorageFaults.IsBusy(e))
        {
            // The same submission from another tab committed first: that reply is the answer to both.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await RepliedAsync(fresh, partnershipId, userId, entryId, sameSubmission, cancellationToken) is { } first)
            {
                return first;
            }

            throw;
        }

        var people = await PeopleAsync(db, partnershipId, cancellationToken);
        var view = ToReply(reply, people, mentions.Distinct().Select(people.Ref));
        var (entryView, _) = await SnapshotAsync(db, partnershipId, entryId, people, withPositions: false, cancellationToken);
        await events.PublishAsync(new ReplyPosted(partnershipId, userId, entryId, view, entryView), cancellationToken);
        await Notify.AnnounceAsync(events, db, cancellationToken);
        return view;
    }

    /// <summary>The reply this person already sent on this entry with <paramref name="submission"/>, if any.</summary>
    private static async Task<ReplyView?> RepliedAsync(WorkspaceDbContext db, Guid partnershipId, string userId, Guid entryId, Guid submission, CancellationToken cancellationToken)
    {
        var reply = await db.LogReplies.AsNoTracking()
            .FirstOrDefaultAsync(r => r.EntryId == entryId && r.AuthorUserId == userId && r.SubmissionId == submission, cancellationToken);
        if (reply is null)
        {
            return null;
        }

        var people = await PeopleAsync(db, partnershipId, cancellationToken);
        var mentioned = await db.LogMentions.Where(m => m.ReplyId == reply.Id).Select(m => m.UserId).ToListAsync(cancellationToken);
        return ToReply(reply, people, mentioned.Select(people.Ref));
    }

    /// <summary>
    /// Changes a reply's words and mentions. Only its author may, because a reply speaks for them; the
    /// earlier text stays in the entry's history. <paramref name="expectedVersion"/> is the version the
    /// author started from, so an edit made meanwhile in another tab is not overwritten silently.
    /// </summary>
    public async Task<Result<ReplyView>> EditReplyAsync(string userId, Guid partnershipId, Guid entryId, Guid replyId, string body, IReadOnlyCollection<string> mentions, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (role, reply) = await ReplyForChangeAsync(db, userId, partnershipId, entryId, replyId, cancellationToken);
        if (reply is null)
        {
            return ServiceError.NotFound;
        }

        if (role < PartnershipRole.Contributor || reply.AuthorUserId != userId)
        {
            return ServiceError.Forbidden("Only the author of a reply can edit it.");
        }

        var entryRemoved = await db.LogEntries.AnyAsync(e => e.Id == entryId && e.RemovedUtc != null, cancellationToken);
        var rules = new InputRules().Required("Body", "Reply", body, ReplyMaxLength)
            .Check(reply.RemovedUtc is null, "Body", "This reply was removed, so it can no longer be edited.")
            .Check(!entryRemoved, "Body", "This entry was removed, so its replies can no longer be edited.");
        await CheckMentionsAsync(db, partnershipId, mentions, rules, cancellationToken);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if (reply.Version != expectedVersion)
        {
            return ServiceError.Conflict(ReplyChangedElsewhere);
        }

        var text = InputRules.Stored(body);
        var newMentions = mentions.Distinct().ToList();
        var oldMentions = await db.LogMentions.Where(m => m.ReplyId == replyId).ToListAsync(cancellationToken);
        if (text == reply.Body && oldMentions.Select(m => m.UserId).Order().SequenceEqual(newMentions.Order()))
        {
            var unchanged = await PeopleAsync(db, partnershipId, cancellationToken);
            return ToReply(reply, unchanged, oldMentions.Select(m => unchanged.Ref(m.UserId)));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Record(partnershipId, userId, now, nameof(LogReply), entryId, "Reply edited", Truncate(reply.Body), Truncate(text));
        reply.Body = text;
        reply.EditedUtc = now;
        db.LogMentions.RemoveRange(oldMentions.Where(m => !newMentions.Contains(m.UserId)));
        foreach (var mentioned in newMentions.Where(u => oldMentions.All(m => m.UserId != u)))
        {
            db.LogMentions.Add(new LogMention { Id = Guid.NewGuid(), EntryId = entryId, ReplyId = reply.Id, UserId = mentioned, CreatedUtc = now });
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ServiceError.Conflict(ReplyChangedElsewhere);
            }

            await TouchAsync(db, entryId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return await PublishReplyAsync(db, userId, partnershipId, reply, newMentions, cancellationToken);
    }

    /// <summary>Removes a reply (its author or a facilitator), leaving "removed by X on D" in the thread.</summary>
    public async Task<Result<ReplyView>> RemoveReplyAsync(string userId, Guid partnershipId, Guid entryId, Guid replyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (role, reply) = await ReplyForChangeAsync(db, userId, partnershipId, entryId, replyId, cancellationToken);
        if (reply is null)
        {
            return ServiceError.NotFound;
        }

        if (role != PartnershipRole.Facilitator && !(role == PartnershipRole.Contributor && reply.AuthorUserId == userId))
        {
            return ServiceError.Forbidden("Only the author of a reply or a facilitator can remove it.");
        }

        if (reply.RemovedUtc is not null)
        {
            return ServiceError.Conflict("This reply has already been removed.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        reply.RemovedUtc = now;
        reply.RemovedByUserId = userId;
        db.Record(partnershipId, userId, now, nameof(LogReply), entryId, "Removed", Truncate(reply.Body), null);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await TouchAsync(db, entryId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return await PublishReplyAsync(db, userId, partnershipId, reply, [], cancellationToken);
    }

    /// <summary>Adds the reaction, or takes it back when the person already reacted with it.</summary>
    public async Task<Result<IReadOnlyList<ReactionCount>>> ToggleReactionAsync(string userId, Guid partnershipId, Guid entryId, string emoji, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "react", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var title = await db.LogEntries.Where(e => e.Id == entryId && e.PartnershipId == partnershipId && e.RemovedUtc == null).Select(e => e.Title).FirstOrDefaultAsync(cancellationToken);
        if (title is null)
        {
            return ServiceError.NotFound;
        }

        if (!Emojis.Contains(emoji))
        {
            return ServiceError.Invalid("Emoji", "Choose one of the offered reactions.");
        }

        var existing = await db.LogReactions.FirstOrDefaultAsync(r => r.EntryId == entryId && r.UserId == userId && r.Emoji == emoji, cancellationToken);
        if (existing is null)
        {
            db.LogReactions.Add(new LogReaction { Id = Guid.NewGuid(), EntryId = entryId, UserId = userId, Emoji = emoji });
        }
        else
        {
            db.LogReactions.Remove(existing);
        }

        db.Record(partnershipId, userId, clock.GetUtcNow().UtcDateTime, nameof(LogReaction), entryId, existing is null ? "Added" : "Removed", null, AuditTrail.Join(title, emoji));

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
        {
            // The same reaction from another tab at the same moment: the result is the same.
        }

        // Read in the transaction that moves the entry's revision on, so viewers can order two reactions' pictures.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LogEntries.Where(e => e.Id == entryId).ExecuteUpdateAsync(set => set.SetProperty(e => e.Revision, e => e.Revision + 1), cancellationToken);
        var revision = await db.LogEntries.Where(e => e.Id == entryId).Select(e => e.Revision).FirstAsync(cancellationToken);
        var reactions = await db.LogReactions.AsNoTracking().Where(r => r.EntryId == entryId)
            .Select(r => new ReactionFact(r.Emoji, r.UserId)).ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await events.PublishAsync(new ReactionsChanged(partnershipId, userId, entryId, revision, reactions), cancellationToken);
        return Result<IReadOnlyList<ReactionCount>>.Ok(ReactionCounts(reactions, userId));
    }

    /// <summary>How many reacted with each offered emoji, and whether <paramref name="userId"/> did.</summary>
    internal static IReadOnlyList<ReactionCount> ReactionCounts(IReadOnlyCollection<ReactionFact> reactions, string? userId) =>
        [.. Emojis.Select(e => new ReactionCount(e, reactions.Count(r => r.Emoji == e), reactions.Any(r => r.Emoji == e && r.UserId == userId)))];

    /// <summary>A reply of an entry of this partnership, with the person's role; no reply for a non-member or a forged id.</summary>
    private static async Task<(PartnershipRole? Role, LogReply? Reply)> ReplyForChangeAsync(
        WorkspaceDbContext db, string userId, Guid partnershipId, Guid entryId, Guid replyId, CancellationToken cancellationToken)
    {
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var reply = role is null ? null : await db.LogReplies.FirstOrDefaultAsync(
            r => r.Id == replyId && r.EntryId == entryId && db.LogEntries.Any(e => e.Id == entryId && e.PartnershipId == partnershipId), cancellationToken);
        return (role, reply);
    }

    /// <summary>Tells every viewer of the entry about a changed reply (edited or removed), with the entry's new summary.</summary>
    private async Task<ReplyView> PublishReplyAsync(WorkspaceDbContext db, string userId, Guid partnershipId, LogReply reply, IEnumerable<string> mentioned, CancellationToken cancellationToken)
    {
        var people = await PeopleAsync(db, partnershipId, cancellationToken);
        var view = ToReply(reply, people, mentioned.Select(people.Ref));
        var (entryView, _) = await SnapshotAsync(db, partnershipId, reply.EntryId, people, withPositions: false, cancellationToken);
        await events.PublishAsync(new ReplyPosted(partnershipId, userId, reply.EntryId, view, entryView), cancellationToken);
        return view;
    }
}
