using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Dialogue;

/// <summary>
/// Pictures of entries for viewers, shared by the dialogue's services: views, positions, replies, reaction
/// counts, the revisioned snapshot, and the people they name.
/// </summary>
internal static class EntryViews
{
    public static ReplyView ToReply(LogReply reply, People people, IEnumerable<PersonRef> mentioned) =>
        new(reply.Id, people.Ref(reply.AuthorUserId, reply.AuthorOrganisationId), reply.RemovedUtc is null ? reply.Body : "", reply.CreatedUtc, reply.RemovedUtc,
            reply.RemovedByUserId is null ? null : people.Ref(reply.RemovedByUserId).Name, [.. mentioned], reply.EditedUtc, reply.Version);

    public static async Task<IReadOnlyList<PositionView>> PositionsAsync(WorkspaceDbContext db, Guid entryId, People people, CancellationToken cancellationToken)
    {
        var positions = await db.DecisionPositions.AsNoTracking().Where(p => p.EntryId == entryId).OrderBy(p => p.RecordedUtc).ToListAsync(cancellationToken);
        return [.. positions.Select(p =>
        {
            var person = people.Ref(p.UserId, p.OrganisationId);
            return new PositionView(p.UserId, person.Name, person.OrganisationName, person.Sector, p.Position, p.Reason, p.RecordedUtc);
        })];
    }

    /// <summary>A decision's amendments, oldest first.</summary>
    public static async Task<List<AmendmentView>> AmendmentsAsync(WorkspaceDbContext db, Guid entryId, People people, CancellationToken cancellationToken)
    {
        var amendments = await db.DecisionAmendments.AsNoTracking().Where(a => a.EntryId == entryId).OrderBy(a => a.CreatedUtc).ToListAsync(cancellationToken);
        return [.. amendments.Select(a => new AmendmentView(a.Text, people.Ref(a.UserId).Name, a.CreatedUtc))];
    }

    public static async Task<IReadOnlyList<LogEntryView>> ViewsAsync(WorkspaceDbContext db, Guid partnershipId, List<LogEntry> entries, CancellationToken cancellationToken, People? people = null)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        people ??= await PeopleAsync(db, partnershipId, cancellationToken);
        var ids = entries.Select(e => e.Id).ToList();
        var goalIds = entries.Select(e => e.GoalId).OfType<Guid>().Distinct().ToList();
        // A page without goals asks nothing of the goals table.
        Dictionary<Guid, string> goals = goalIds.Count == 0 ? [] : await db.Goals.AsNoTracking().Where(g => goalIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Title, cancellationToken);
        var replies = await db.LogReplies.AsNoTracking().Where(r => ids.Contains(r.EntryId) && r.RemovedUtc == null)
            .GroupBy(r => r.EntryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var positions = await db.DecisionPositions.AsNoTracking().Where(p => ids.Contains(p.EntryId))
            .Select(p => new { p.EntryId, p.Position }).ToListAsync(cancellationToken);
        var mentions = await db.LogMentions.AsNoTracking().Where(m => ids.Contains(m.EntryId) && m.ReplyId == null)
            .Select(m => new { m.EntryId, m.UserId }).ToListAsync(cancellationToken);

        return [.. entries.Select(e => ToView(
            e, people, e.GoalId is { } g ? goals.GetValueOrDefault(g) : null, replies.GetValueOrDefault(e.Id),
            positions.Where(p => p.EntryId == e.Id).Select(p => p.Position), mentions.Where(m => m.EntryId == e.Id).Select(m => m.UserId)))];
    }

    /// <summary>One entry's picture from the entry and what is counted around it.</summary>
    public static LogEntryView ToView(LogEntry e, People people, string? goalTitle, int replyCount, IEnumerable<Position> positions, IEnumerable<string> mentionedUserIds) =>
        new(
            e.Id, e.Kind, e.RemovedUtc is null ? e.Title : "", e.RemovedUtc is null ? e.Body : "",
            people.Ref(e.AuthorUserId, e.AuthorOrganisationId),
            e.GoalId, goalTitle,
            e.CreatedUtc, e.UpdatedUtc, e.RemovedUtc, e.RemovedByUserId is null ? null : people.Ref(e.RemovedByUserId).Name,
            e.DecisionRule, e.DeadlineUtc, e.ClosedUtc, e.RemovedUtc is null ? e.Outcome : null,
            Tally.Of(positions),
            e.AssigneeUserId is null ? null : people.Ref(e.AssigneeUserId), e.DueDate, e.ActionState, e.SourceDecisionId,
            e.Likelihood, e.Impact, e.RemovedUtc is null ? e.Mitigation : null, e.RiskOwnerUserId is null ? null : people.Ref(e.RiskOwnerUserId), e.RiskState,
            replyCount,
            [.. mentionedUserIds.Select(people.Ref)],
            e.Version)
        {
            SourceWorkshopId = e.SourceWorkshopId,
            Revision = e.Revision,
            RuleAtClose = e.RuleAtClose,
            RuleOverrideReason = e.RemovedUtc is null ? e.RuleOverrideReason : null,
        };

    /// <summary>
    /// The entry as everyone should now see it (and, when asked, its positions), read in one transaction
    /// that moves the entry's revision on, after the change committed. Whoever moves it next waits for
    /// this transaction to end, so a picture with a later revision is never an older one, whatever order
    /// the events reach the pages in.
    /// </summary>
    public static Task<(LogEntryView Entry, IReadOnlyList<PositionView> Positions)> SnapshotAsync(
        WorkspaceDbContext db, Guid partnershipId, Guid entryId, People people, bool withPositions, CancellationToken cancellationToken) =>
        SnapshotAsync(db, entryId, () => PictureAsync(db, partnershipId, entryId, people, withPositions, cancellationToken), cancellationToken);

    /// <summary>What <paramref name="read"/> reads of the entry, in the transaction that moves its revision on (see the overload above).</summary>
    public static async Task<T> SnapshotAsync<T>(WorkspaceDbContext db, Guid entryId, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LogEntries.Where(e => e.Id == entryId).ExecuteUpdateAsync(set => set.SetProperty(e => e.Revision, e => e.Revision + 1), cancellationToken);
        var picture = await read();
        await transaction.CommitAsync(cancellationToken);
        return picture;
    }

    /// <summary>The entry read fresh, revision included (and its positions): inside the transaction that moved the revision on.</summary>
    public static async Task<(LogEntryView Entry, IReadOnlyList<PositionView> Positions)> PictureAsync(
        WorkspaceDbContext db, Guid partnershipId, Guid entryId, People people, bool withPositions, CancellationToken cancellationToken)
    {
        var entry = await db.LogEntries.AsNoTracking().FirstAsync(e => e.Id == entryId, cancellationToken);
        var view = (await ViewsAsync(db, partnershipId, [entry], cancellationToken, people))[0];
        var positions = withPositions ? await PositionsAsync(db, entryId, people, cancellationToken) : [];
        return (view, positions);
    }

    public static async Task<People> PeopleAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Where(u => db.Memberships.Any(m => m.PartnershipId == partnershipId && m.UserId == u.Id)
                || db.LogEntries.Any(e => e.PartnershipId == partnershipId && e.AuthorUserId == u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.OrganisationId })
            .ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.OrganisationId), cancellationToken);
        return new People(users, organisations);
    }

    public sealed class People(Dictionary<string, (string Name, Guid? OrganisationId)> users, Dictionary<Guid, Organisations.Organisation> organisations)
    {
        public PersonRef Ref(string userId) => Ref(userId, null);

        /// <summary>The person, with the organisation they spoke for then (when recorded) or now.</summary>
        public PersonRef Ref(string userId, Guid? organisationId)
        {
            var (name, current) = users.TryGetValue(userId, out var user) ? user : ("A former member", null);
            var organisation = (organisationId ?? current) is { } id ? organisations.GetValueOrDefault(id) : null;
            return new PersonRef(userId, name, organisation?.Name, organisation?.Sector);
        }
    }
}
