using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Dialogue.DialogueAccess;
using static Workspace.Web.Features.Dialogue.EntryInputRules;
using static Workspace.Web.Features.Dialogue.EntryViews;

namespace Workspace.Web.Features.Dialogue;

/// <summary>
/// The dialogue log's entries: what partners said, asked, decided, promised and feared, listed, read,
/// posted, edited and removed, and what the log and entry pages load. Every change is recorded; removing
/// an entry leaves a tombstone. Replies and reactions are <see cref="ReplyService"/>'s, positions and
/// outcomes <see cref="DecisionService"/>'s, an action's state <see cref="ActionService"/>'s.
/// </summary>
public sealed partial class LogService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, IOptions<QuotaLimits>? quotas = null)
{
    private readonly QuotaLimits _quotas = quotas?.Value ?? new();

    public const int PageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<Result<LogResults>> ListAsync(string? userId, Guid partnershipId, LogFilter filter, int skip = 0, int take = PageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        return await ListAsync(db, userId, partnershipId, filter, skip, take, cancellationToken);
    }

    /// <summary>A page of the log for a member (checked by the caller).</summary>
    private async Task<LogResults> ListAsync(WorkspaceDbContext db, string? userId, Guid partnershipId, LogFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        var query = db.LogEntries.AsNoTracking().Where(e => e.PartnershipId == partnershipId);
        if (filter.Kinds.Count > 0)
        {
            var kinds = filter.Kinds.ToList();
            query = query.Where(e => kinds.Contains(e.Kind));
        }

        if (filter.GoalId is { } goalId)
        {
            query = query.Where(e => e.GoalId == goalId);
        }

        if (filter.OrganisationId is { } organisationId)
        {
            query = query.Where(e => e.AuthorOrganisationId == organisationId);
        }

        if (filter.Sector is { } sector)
        {
            query = query.Where(e => db.Organisations.Any(o => o.Id == e.AuthorOrganisationId && o.Sector == sector));
        }

        if (!string.IsNullOrEmpty(filter.AuthorUserId))
        {
            query = query.Where(e => e.AuthorUserId == filter.AuthorUserId);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        query = filter.State switch
        {
            "open" => query.Where(e => e.RemovedUtc == null && (
                (e.Kind == EntryKind.Decision && e.ClosedUtc == null)
                || (e.Kind == EntryKind.Action && (e.ActionState == ActionState.Open || e.ActionState == ActionState.InProgress))
                || (e.Kind == EntryKind.Risk && e.RiskState == RiskState.Open))),
            "closed" => query.Where(e => e.RemovedUtc == null && ((e.Kind == EntryKind.Decision && e.ClosedUtc != null)
                || (e.Kind == EntryKind.Action && (e.ActionState == ActionState.Done || e.ActionState == ActionState.Cancelled))
                || (e.Kind == EntryKind.Risk && e.RiskState != RiskState.Open))),
            "overdue" => query.Where(e => e.RemovedUtc == null && e.Kind == EntryKind.Action && e.DueDate < today
                && (e.ActionState == ActionState.Open || e.ActionState == ActionState.InProgress)),
            _ => query,
        };

        // Every term must occur in the title, the text or a reply that is still there.
        foreach (var term in SearchQuery.Parse(filter.Search).Terms)
        {
            var pattern = SearchQuery.LikePattern(term);
            query = query.Where(e => e.RemovedUtc == null && (EF.Functions.Like(e.Title, pattern, "\\") || EF.Functions.Like(e.Body, pattern, "\\")
                || db.LogReplies.Any(r => r.EntryId == e.Id && r.RemovedUtc == null && EF.Functions.Like(r.Body, pattern, "\\"))));
        }

        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(e => e.CreatedUtc).ThenByDescending(e => e.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(cancellationToken);
        var views = await ViewsAsync(db, partnershipId, page, cancellationToken);
        var lastSeen = await db.LogReadStates.AsNoTracking()
            .Where(s => s.PartnershipId == partnershipId && s.UserId == userId)
            .Select(s => (DateTime?)s.LastSeenUtc).FirstOrDefaultAsync(cancellationToken);
        return new LogResults(views, total, lastSeen);
    }

    public async Task<Result<LogEntryDetail>> GetAsync(string? userId, Guid partnershipId, Guid entryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        return await DetailAsync(db, userId, partnershipId, entryId, cancellationToken) is { } detail ? detail : ServiceError.NotFound;
    }

    /// <summary>An entry with everything its page shows, for a member (checked by the caller); null when not in the partnership.</summary>
    private static async Task<LogEntryDetail?> DetailAsync(WorkspaceDbContext db, string? userId, Guid partnershipId, Guid entryId, CancellationToken cancellationToken)
    {
        var entry = await db.LogEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId && e.PartnershipId == partnershipId, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var people = await PeopleAsync(db, partnershipId, cancellationToken);
        var view = (await ViewsAsync(db, partnershipId, [entry], cancellationToken, people))[0];
        var positions = await PositionsAsync(db, entryId, people, cancellationToken);
        // A removed entry shows its tombstone and history only.
        var replies = entry.RemovedUtc is not null ? [] : await db.LogReplies.AsNoTracking().Where(r => r.EntryId == entryId).OrderBy(r => r.CreatedUtc).ToListAsync(cancellationToken);
        var replyMentions = await db.LogMentions.AsNoTracking().Where(m => m.EntryId == entryId && m.ReplyId != null).ToListAsync(cancellationToken);
        var amendments = await AmendmentsAsync(db, entryId, people, cancellationToken);
        var reactions = await db.LogReactions.AsNoTracking().Where(r => r.EntryId == entryId).Select(r => new ReactionFact(r.Emoji, r.UserId)).ToListAsync(cancellationToken);

        return new LogEntryDetail(
            view,
            positions,
            [.. replies.Select(r => ToReply(r, people, replyMentions.Where(m => m.ReplyId == r.Id).Select(m => people.Ref(m.UserId))))],
            amendments,
            ReplyService.ReactionCounts(reactions, userId))
        {
            Electorate = entry.Kind == EntryKind.Decision ? await ElectorateAsync(db, partnershipId, cancellationToken) : null,
        };
    }

    public async Task<Result<LogEntryView>> PostAsync(string userId, Guid partnershipId, EntryInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var poster = await PosterAsync(db, partnershipId, userId, cancellationToken);
        var access = PartnershipAccess.Check(poster?.Role, PartnershipRole.Contributor, "post in the log");
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (input.SubmissionId is { } submission && await PostedAsync(db, partnershipId, userId, submission, cancellationToken) is { } posted)
        {
            return posted;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rules = await ValidateAsync(db, partnershipId, input, existing: null, now, cancellationToken);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if (await Quotas.LogPostsAsync(db, _quotas, userId, now, cancellationToken) is { } refused)
        {
            return refused;
        }

        var entry = new LogEntry
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Kind = input.Kind,
            AuthorUserId = userId,
            AuthorOrganisationId = poster!.OrganisationId,
            CreatedUtc = now,
            UpdatedUtc = now,
            SourceWorkshopId = input.SourceWorkshopId,
            SubmissionId = input.SubmissionId,
        };
        Apply(entry, input);
        db.LogEntries.Add(entry);
        var mentions = input.Mentions.Distinct().ToList();
        foreach (var mentioned in mentions)
        {
            db.LogMentions.Add(new LogMention { Id = Guid.NewGuid(), EntryId = entry.Id, UserId = mentioned, CreatedUtc = now });
        }

        db.Record(partnershipId, userId, now, nameof(LogEntry), entry.Id, "Posted", null, $"{entry.Kind}: {entry.Title}");
        await Notify.MentionedAsync(db, partnershipId, userId, input.Mentions, entry.Id, entry.Id, entry.Title, now, cancellationToken);
        await Notify.AssignedAsync(db, entry, userId, now, cancellationToken);
        await Notify.DecisionProposedAsync(db, entry, userId, now, cancellationToken);

        // A new entry's first picture is revision 1, built from the entry as saved: no second transaction, no read back.
        entry.Revision = 1;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (input.SubmissionId is { } sameSubmission && !StorageFaults.IsBusy(e))
        {
            // The same submission from another tab committed first: that entry is the answer to both.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await PostedAsync(fresh, partnershipId, userId, sameSubmission, cancellationToken) is { } first)
            {
                return first;
            }

            throw;
        }

        var view = await FirstPictureAsync(db, entry, poster, mentions, cancellationToken);
        await events.PublishAsync(new LogEntrySaved(partnershipId, userId, view), cancellationToken);
        await Notify.AnnounceAsync(events, db, cancellationToken);
        return view;
    }

    /// <summary>The entry this person already posted with <paramref name="submission"/>, if any.</summary>
    private static async Task<LogEntryView?> PostedAsync(WorkspaceDbContext db, Guid partnershipId, string userId, Guid submission, CancellationToken cancellationToken)
    {
        var id = await db.LogEntries.Where(e => e.PartnershipId == partnershipId && e.AuthorUserId == userId && e.SubmissionId == submission)
            .Select(e => (Guid?)e.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            return null;
        }

        var (view, _) = await PictureAsync(db, partnershipId, id.Value, await PeopleAsync(db, partnershipId, cancellationToken), withPositions: false, cancellationToken);
        return view;
    }

    /// <summary>Edits an entry (its author, or a facilitator). A closed decision's proposal and outcome do not change: amend it instead.</summary>
    public async Task<Result<LogEntryView>> EditAsync(string userId, Guid partnershipId, Guid entryId, EntryInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadForChangeAsync(db, userId, partnershipId, entryId, "edit entries", authorMayAct: true, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var entry = loaded.Value!;
        if (entry.Kind == EntryKind.Decision && entry.ClosedUtc is not null)
        {
            return ServiceError.Conflict("This decision is closed: its record does not change. A facilitator can add an amendment.");
        }

        input.Kind = entry.Kind;
        var now = clock.GetUtcNow().UtcDateTime;
        var rules = await ValidateAsync(db, partnershipId, input, existing: entry, now, cancellationToken);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if (entry.Version != input.Version)
        {
            return ServiceError.Conflict("Someone else changed this entry while you were editing it. Your text is still in the form: compare with theirs, then save again.");
        }

        var before = Describe(entry);
        Apply(entry, input);
        foreach (var (field, old, @new) in before.Keys.Select(k => (k, before[k], Describe(entry)[k])).Where(t => t.Item2 != t.Item3))
        {
            db.Record(partnershipId, userId, now, nameof(LogEntry), entryId, field, old, @new);
        }

        var mentioned = await db.LogMentions.Where(m => m.EntryId == entryId && m.ReplyId == null).Select(m => m.UserId).ToListAsync(cancellationToken);
        foreach (var added in input.Mentions.Distinct().Except(mentioned))
        {
            db.LogMentions.Add(new LogMention { Id = Guid.NewGuid(), EntryId = entryId, UserId = added, CreatedUtc = now });
        }

        await Notify.MentionedAsync(db, partnershipId, userId, input.Mentions.Except(mentioned), entryId, entryId, entry.Title, now, cancellationToken);
        await Notify.AssignedAsync(db, entry, userId, now, cancellationToken);

        entry.UpdatedUtc = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("Someone else changed this entry at the same moment. Your text is still in the form: compare, then save again.");
        }

        await Notify.AnnounceAsync(events, db, cancellationToken);
        return await PublishSavedAsync(events, db, userId, partnershipId, entry.Id, cancellationToken);
    }

    /// <summary>Removes an entry from view, leaving "removed by X on D" for everyone; the record and its history stay.</summary>
    public async Task<Result<LogEntryView>> RemoveAsync(string userId, Guid partnershipId, Guid entryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadForChangeAsync(db, userId, partnershipId, entryId, "remove entries", authorMayAct: true, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var entry = loaded.Value!;
        var now = clock.GetUtcNow().UtcDateTime;
        entry.RemovedUtc = now;
        entry.RemovedByUserId = userId;
        entry.UpdatedUtc = now;
        db.Record(partnershipId, userId, now, nameof(LogEntry), entryId, "Removed", entry.Title, null);
        await db.SaveChangesAsync(cancellationToken);
        return await PublishSavedAsync(events, db, userId, partnershipId, entry.Id, cancellationToken);
    }

    /// <summary>The recorded changes of one entry (edits, positions, replies, outcome, amendments), newest first.</summary>
    public async Task<Result<IReadOnlyList<EntryChange>>> HistoryAsync(string? userId, Guid partnershipId, Guid entryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null
            || !await db.LogEntries.AnyAsync(e => e.Id == entryId && e.PartnershipId == partnershipId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        var key = entryId.ToString();
        var records = await db.ChangeRecords.AsNoTracking()
            .Where(c => c.PartnershipId == partnershipId && c.EntityId == key)
            .OrderByDescending(c => c.Id).Take(300).ToListAsync(cancellationToken);
        var people = await PeopleAsync(db, partnershipId, cancellationToken);
        return Result<IReadOnlyList<EntryChange>>.Ok([.. records.Select(r => new EntryChange(
            r.AtUtc, r.UserId is null ? "The system" : people.Ref(r.UserId).Name, r.EntityType, r.Field, r.OldValue, r.NewValue))]);
    }

    /// <summary>Entries that mention the person and actions assigned to them, newest first.</summary>
    public async Task<Result<IReadOnlyList<LogEntryView>>> ForMeAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        return Result<IReadOnlyList<LogEntryView>>.Ok(await ForMeAsync(db, userId, partnershipId, cancellationToken));
    }

    private static async Task<IReadOnlyList<LogEntryView>> ForMeAsync(WorkspaceDbContext db, string? userId, Guid partnershipId, CancellationToken cancellationToken)
    {
        var entries = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.RemovedUtc == null
                && (e.AssigneeUserId == userId || e.RiskOwnerUserId == userId || db.LogMentions.Any(m => m.EntryId == e.Id && m.UserId == userId)))
            .OrderByDescending(e => e.UpdatedUtc)
            .Take(200)
            .ToListAsync(cancellationToken);
        return await ViewsAsync(db, partnershipId, entries, cancellationToken);
    }
}
