using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// What the workshop services share: loading a workshop with the caller's role, saving a ballot against its
/// version, and the views of ideas, votes and polls they build.
/// </summary>
internal static class WorkshopAccess
{
    private const int SaveAttempts = 8;

    /// <summary>True while an item's ideas are private and not revealed: each is then seen by its author only.</summary>
    public static bool IdeasHidden(WorkshopItem item) => item.IdeasPrivate && item.IdeasRevealedUtc is null;

    public static async Task<Result<Workshop>> LoadAsync(
        WorkspaceDbContext db, string? userId, Guid partnershipId, Guid workshopId, PartnershipRole required, string action, CancellationToken cancellationToken)
    {
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var workshop = role is null ? null : await db.Workshops.FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
        if (workshop is null)
        {
            return ServiceError.NotFound;
        }

        if (role < required)
        {
            return ServiceError.Forbidden(required == PartnershipRole.Facilitator
                ? $"Only facilitators can {action}. Your role in this partnership is {role}."
                : $"Observers watch the workshop; only contributors and facilitators can {action}.");
        }

        return workshop;
    }

    /// <summary>
    /// An idea of the workshop (tracked) and its item, for a facilitator; another person's idea on an item
    /// whose ideas are still private is not even known to exist.
    /// </summary>
    public static async Task<Result<(Workshop Workshop, WorkshopIdea Idea, WorkshopItem Item)>> LoadIdeaAsync(
        WorkspaceDbContext db, string userId, Guid partnershipId, Guid workshopId, Guid ideaId, string action, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Facilitator, action, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var idea = await db.WorkshopIdeas.FirstOrDefaultAsync(i => i.Id == ideaId && i.WorkshopId == workshopId && i.RemovedUtc == null, cancellationToken);
        var item = idea is null ? null : await db.WorkshopItems.AsNoTracking().FirstAsync(i => i.Id == idea.ItemId, cancellationToken);
        if (item is null || (IdeasHidden(item) && idea!.AuthorUserId != userId))
        {
            return ServiceError.NotFound;
        }

        return (loaded.Value!, idea!, item);
    }

    public static async Task<Result<WorkshopItem>> LoadLiveItemAsync(
        WorkspaceDbContext db, string userId, Guid partnershipId, Guid workshopId, Guid itemId, PartnershipRole required, string action, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, required, action, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var item = await db.WorkshopItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.WorkshopId == workshopId, cancellationToken);
        if (item is null)
        {
            return ServiceError.NotFound;
        }

        return loaded.Value!.State switch
        {
            WorkshopState.Planned => ServiceError.Conflict("The workshop has not started yet."),
            WorkshopState.Ended => ServiceError.Conflict("This workshop has ended."),
            _ => item,
        };
    }

    /// <summary>Saves a ballot change; false when another save of the same ballot won and the caller should re-read and retry.</summary>
    public static async Task<bool> TrySaveAsync(WorkspaceDbContext db, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (attempt < SaveAttempts && !StorageFaults.IsBusy(e))
        {
            // A concurrency conflict on the ballot's version, or a second ballot for the same person.
            await Task.Delay(Random.Shared.Next(5, 25) * (attempt + 1), cancellationToken);
            return false;
        }
    }

    /// <summary>
    /// Moves the item's revision on, inside the caller's transaction, and returns it. Whoever moves it
    /// next waits for this transaction to end, so the snapshot read next in this transaction holds every
    /// change committed before it: a later revision is never an older picture, whatever order the events
    /// reach the pages in.
    /// </summary>
    public static async Task<long> NextRevisionAsync(WorkspaceDbContext db, Guid itemId, CancellationToken cancellationToken)
    {
        await db.WorkshopItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(set => set.SetProperty(i => i.Revision, i => i.Revision + 1), cancellationToken);
        return await db.WorkshopItems.Where(i => i.Id == itemId).Select(i => i.Revision).FirstAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<PollView>> PollViewsAsync(
        WorkspaceDbContext db, Guid workshopId, Guid? pollId, List<WorkshopVote> votes, WorkshopPeople people, bool includeCounts, CancellationToken cancellationToken)
    {
        var polls = await db.WorkshopPolls.AsNoTracking().Where(p => p.WorkshopId == workshopId && (pollId == null || p.Id == pollId))
            .OrderBy(p => p.CreatedUtc).ToListAsync(cancellationToken);
        var ids = polls.Select(p => p.Id).ToList();
        var options = await db.WorkshopPollOptions.AsNoTracking().Where(o => ids.Contains(o.PollId)).OrderBy(o => o.Position).ToListAsync(cancellationToken);
        return [.. polls.Select(p =>
        {
            var pollVotes = votes.Where(v => v.BallotTargetId == p.Id).ToList();
            return new PollView(
                p.Id, p.ItemId, p.Question, p.MultipleChoice, p.Anonymous, p.State, p.ResultsRevealed,
                [.. options.Where(o => o.PollId == p.Id).Select(o => new PollOptionView(o.Id, o.Text))],
                includeCounts || p.ResultsRevealed ? Counts(pollVotes, v => v.OptionId, p.Anonymous, people) : [],
                pollVotes.Select(v => v.UserId).Distinct().Count());
        })];
    }

    /// <summary>
    /// Poll votes and dots on ideas that are still there. Removing an idea deletes its dots, but a dot placed
    /// at that very moment can outlive it: it counts nowhere, neither in a budget nor in a count.
    /// </summary>
    public static IQueryable<WorkshopVote> LiveVotes(WorkspaceDbContext db) =>
        db.WorkshopVotes.Where(v => v.IdeaId == null || db.WorkshopIdeas.Any(i => i.Id == v.IdeaId && i.RemovedUtc == null));

    public static List<VoteCount> Counts(IEnumerable<WorkshopVote> votes, Func<WorkshopVote, Guid?> key, bool anonymous, WorkshopPeople people) =>
        [.. votes.Where(v => key(v) is not null).GroupBy(v => key(v)!.Value).Select(g => new VoteCount(
            g.Key, g.Count(), anonymous ? null : [.. g.Select(v => people.Ref(v.UserId, v.OrganisationId).Name).Distinct().Order(StringComparer.CurrentCulture)]))];

    public static async Task<Dictionary<Guid, EntryKind>> EntryKindsAsync(WorkspaceDbContext db, List<WorkshopIdea> ideas, CancellationToken cancellationToken)
    {
        var ids = ideas.Select(i => i.LogEntryId).OfType<Guid>().ToList();
        return ids.Count == 0 ? [] : await db.LogEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Kind, cancellationToken);
    }

    public static IdeaView ToView(WorkshopIdea idea, WorkshopPeople people, Dictionary<Guid, EntryKind> kinds) =>
        new(idea.Id, idea.ItemId, idea.Text, idea.Group, people.Ref(idea.AuthorUserId, idea.AuthorOrganisationId), idea.CreatedUtc,
            idea.LogEntryId, idea.LogEntryId is { } id && kinds.TryGetValue(id, out var kind) ? kind : null);

    public static Task<bool> RevealedAsync(WorkspaceDbContext db, Guid targetId, bool isPoll, CancellationToken cancellationToken) => isPoll
        ? db.WorkshopPolls.Where(p => p.Id == targetId).Select(p => p.ResultsRevealed).FirstAsync(cancellationToken)
        : db.WorkshopItems.Where(i => i.Id == targetId).Select(i => i.VotesRevealed).FirstAsync(cancellationToken);
}
