using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Dialogue.EntryViews;

namespace Workspace.Web.Features.Dialogue;

/// <summary>
/// What the dialogue's services share: loading an entry with the caller's role, the checks of mentions and
/// members, marking activity on an entry, who may take positions, and publishing an entry's new picture.
/// </summary>
internal static class DialogueAccess
{
    /// <summary>
    /// An entry of the partnership (tracked) that the caller may change: a facilitator, or its author while a
    /// contributor when <paramref name="authorMayAct"/>. A non-member or a forged id finds nothing.
    /// </summary>
    public static async Task<Result<LogEntry>> LoadForChangeAsync(
        WorkspaceDbContext db, string userId, Guid partnershipId, Guid entryId, string action, bool authorMayAct, CancellationToken cancellationToken)
    {
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var entry = role is null ? null : await db.LogEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.PartnershipId == partnershipId, cancellationToken);
        if (entry is null)
        {
            return ServiceError.NotFound;
        }

        var allowed = role == PartnershipRole.Facilitator || (authorMayAct && role == PartnershipRole.Contributor && entry.AuthorUserId == userId);
        if (!allowed)
        {
            return ServiceError.Forbidden(authorMayAct
                ? $"Only the author of an entry or a facilitator can {action}."
                : $"Only facilitators can {action}.");
        }

        return entry.RemovedUtc is null ? entry : ServiceError.Conflict("This entry has already been removed.");
    }

    public static async Task CheckMentionsAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyCollection<string> mentions, InputRules rules, CancellationToken cancellationToken)
    {
        if (mentions.Count == 0)
        {
            return;
        }

        var distinct = mentions.Distinct().ToList();
        var members = await db.Memberships.Where(m => m.PartnershipId == partnershipId && distinct.Contains(m.UserId)).CountAsync(cancellationToken);
        if (members != distinct.Count)
        {
            rules.Add("Mentions", "You can only mention members of this partnership.");
        }
    }

    public static Task<bool> IsMemberAsync(WorkspaceDbContext db, Guid partnershipId, string userId, CancellationToken cancellationToken) =>
        db.Memberships.AnyAsync(m => m.PartnershipId == partnershipId && m.UserId == userId, cancellationToken);

    /// <summary>
    /// Marks activity on an entry (a reply, an amendment) without touching its version, so that
    /// someone editing the entry's text is not told it changed under them.
    /// </summary>
    public static Task<int> TouchAsync(WorkspaceDbContext db, Guid entryId, DateTime now, CancellationToken cancellationToken) =>
        db.LogEntries.Where(e => e.Id == entryId).ExecuteUpdateAsync(set => set.SetProperty(e => e.UpdatedUtc, now), cancellationToken);

    /// <summary>Who may take a position (contributors and facilitators), with the organisation each speaks for, and how they are counted.</summary>
    public static async Task<DecisionElectorate> ElectorateAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var counting = await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId).Select(p => p.DecisionCounting).FirstAsync(cancellationToken);
        var voters = await db.Memberships.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId && (m.Role == PartnershipRole.Contributor || m.Role == PartnershipRole.Facilitator))
            .Select(m => new Voter(m.UserId, m.User!.OrganisationId, m.User.Organisation == null ? null : m.User.Organisation.Name))
            .ToListAsync(cancellationToken);
        return new DecisionElectorate(counting, voters);
    }

    /// <summary>Tells every viewer the entry's new picture, after its change committed, and returns it.</summary>
    public static async Task<Result<LogEntryView>> PublishSavedAsync(
        IPartnershipEvents events, WorkspaceDbContext db, string userId, Guid partnershipId, Guid entryId, CancellationToken cancellationToken)
    {
        var (view, _) = await SnapshotAsync(db, partnershipId, entryId, await PeopleAsync(db, partnershipId, cancellationToken), withPositions: false, cancellationToken);
        await events.PublishAsync(new LogEntrySaved(partnershipId, userId, view), cancellationToken);
        return view;
    }

    public static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
