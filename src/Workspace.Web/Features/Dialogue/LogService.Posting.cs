using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using static Workspace.Web.Features.Dialogue.EntryViews;

namespace Workspace.Web.Features.Dialogue;

/// <summary>What posting an entry reads besides its rules: the poster, in one precompiled query, and the new entry's first picture.</summary>
public sealed partial class LogService
{
    /// <summary>The poster's role in the partnership (null when not a member) and what the new entry's picture says of them.</summary>
    private sealed record Poster(PartnershipRole Role, Guid? OrganisationId, string DisplayName, Organisation? Organisation);

    // Precompiled: every post runs it, the membership check and the author's organisation and name in one command.
    private static readonly Func<WorkspaceDbContext, Guid, string, CancellationToken, Task<Poster?>> PosterQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid partnershipId, string userId, CancellationToken _) =>
            db.Memberships.AsNoTracking()
                .Where(m => m.PartnershipId == partnershipId && m.UserId == userId)
                .Select(m => new Poster(m.Role, m.User!.OrganisationId, m.User.DisplayName, m.User.Organisation))
                .FirstOrDefault());

    private static readonly Func<WorkspaceDbContext, Guid, CancellationToken, Task<string?>> GoalTitleQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid goalId, CancellationToken _) =>
            db.Goals.Where(g => g.Id == goalId).Select(g => g.Title).FirstOrDefault());

    private static async Task<Poster?> PosterAsync(WorkspaceDbContext db, Guid partnershipId, string userId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(userId) ? null : await PosterQuery(db, partnershipId, userId, cancellationToken);

    /// <summary>
    /// A new entry's first picture (revision 1), from the entry as saved: nobody can have replied to it or
    /// taken a position before it committed, and its mentions are the ones just added. The people it names
    /// are read only when it mentions someone.
    /// </summary>
    private static async Task<LogEntryView> FirstPictureAsync(WorkspaceDbContext db, LogEntry entry, Poster poster, List<string> mentioned, CancellationToken cancellationToken)
    {
        var people = mentioned.Count > 0 || entry.AssigneeUserId is not null || entry.RiskOwnerUserId is not null
            ? await PeopleAsync(db, entry.PartnershipId, cancellationToken)
            : new People(
                new() { [entry.AuthorUserId] = (poster.DisplayName, poster.OrganisationId) },
                poster.Organisation is { } organisation ? new() { [organisation.Id] = organisation } : []);
        var goalTitle = entry.GoalId is { } goalId ? await GoalTitleQuery(db, goalId, cancellationToken) : null;
        return ToView(entry, people, goalTitle, replyCount: 0, positions: [], mentioned);
    }
}
