using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Workshops.WorkshopAccess;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// How the workshop services change a workshop and tell its viewers: a facilitator's change saved against the
/// workshop's version, then the shared state, an item's ideas or a vote's counts published to every viewer.
/// </summary>
internal sealed class WorkshopChanges(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The shape of every facilitator change to a workshop: authorize, apply to the tracked workshop,
    /// save against its version, then publish the shared state to every viewer.
    /// </summary>
    public async Task<Result<WorkshopRunView>> ChangeAsync(
        string userId, Guid partnershipId, Guid workshopId, string action, bool allowPlanned, bool allowEnded,
        Func<WorkspaceDbContext, Workshop, Task<Result>> change, CancellationToken cancellationToken, bool bringEveryone = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Facilitator, action, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var workshop = loaded.Value!;
        if (workshop.State == WorkshopState.Ended && !allowEnded)
        {
            return ServiceError.Conflict("This workshop has ended.");
        }

        if (workshop.State == WorkshopState.Planned && !allowPlanned)
        {
            return ServiceError.Conflict("Start the workshop first.");
        }

        var applied = await change(db, workshop);
        if (!applied.Succeeded)
        {
            return applied.Error!;
        }

        // The workshop row's version orders changes from two facilitators, even when only an item changed.
        db.Entry(workshop).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e) && (e is DbUpdateConcurrencyException || e.Entries.Any(x => x.Entity is WorkshopAttendance)))
        {
            // A facilitator's attendance row inserted by the same change in another tab (e.g. Start clicked
            // twice) collides before the version check does: it is the same race, so the same answer.
            return ServiceError.Conflict("Someone else changed this workshop at the same moment. Look at it again and retry.");
        }

        var run = await RunViewAsync(db, workshop, cancellationToken);
        await events.PublishAsync(new WorkshopRunChanged(partnershipId, userId, run, bringEveryone), cancellationToken);
        return run;
    }

    public async Task<Result<WorkshopRunView>> ItemChangeAsync(
        string userId, Guid partnershipId, Guid workshopId, Guid itemId, string action, Func<WorkspaceDbContext, WorkshopItem, Result> change, bool publishIdeas, CancellationToken cancellationToken)
    {
        WorkshopItem? changed = null;
        var result = await ChangeAsync(userId, partnershipId, workshopId, action, allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            changed = await db.WorkshopItems.FirstOrDefaultAsync(i => i.Id == itemId && i.WorkshopId == workshopId, cancellationToken);
            return changed is null ? ServiceError.NotFound : change(db, changed);
        }, cancellationToken);
        if (result.Succeeded && publishIdeas)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await PublishIdeasAsync(db, userId, partnershipId, changed!, await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken), cancellationToken);
        }

        return result;
    }

    public async Task<WorkshopRunView> RunViewAsync(WorkspaceDbContext db, Workshop workshop, CancellationToken cancellationToken)
    {
        var items = await db.WorkshopItems.AsNoTracking().Where(i => i.WorkshopId == workshop.Id).OrderBy(i => i.Position).ToListAsync(cancellationToken);
        var goalIds = items.Select(i => i.GoalId).Append(workshop.FocusGoalId).OfType<Guid>().Distinct().ToList();
        var goals = await db.Goals.AsNoTracking().Where(g => goalIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Title, cancellationToken);
        return new WorkshopRunView(
            workshop.Id, workshop.Title, workshop.Description, workshop.Location, workshop.StartsUtc, workshop.State,
            workshop.StartedUtc, workshop.EndedUtc, workshop.CurrentItemId, workshop.FocusGoalId,
            workshop.FocusGoalId is { } focus ? goals.GetValueOrDefault(focus) : null,
            new TimerView(workshop.TimerEndsUtc, workshop.TimerRemainingSeconds, workshop.TimerDurationSeconds, Now),
            [.. items.Select(i => new AgendaItemView(
                i.Id, i.Position, i.Title, i.Notes, i.TimeBoxMinutes, i.GoalId, i.GoalId is { } g ? goals.GetValueOrDefault(g) : null,
                i.StartedUtc, i.EndedUtc, i.ActualSeconds, i.IdeasPrivate, i.IdeasRevealedUtc is not null,
                i.VotesPerPerson, i.VotingState, i.VotesAnonymous, i.VotesRevealed, i.Version))],
            workshop.MinutesEntryId,
            workshop.Version);
    }

    /// <summary>Publishes an item's ideas: all of them when everyone may see them, otherwise only how many are private.</summary>
    public async Task PublishIdeasAsync(WorkspaceDbContext db, string userId, Guid partnershipId, WorkshopItem item, WorkshopPeople people, CancellationToken cancellationToken)
    {
        WorkshopItem fresh;
        List<WorkshopIdea> ideas;
        long revision;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            revision = await NextRevisionAsync(db, item.Id, cancellationToken);
            fresh = await db.WorkshopItems.AsNoTracking().FirstAsync(i => i.Id == item.Id, cancellationToken);
            ideas = await db.WorkshopIdeas.AsNoTracking().Where(i => i.ItemId == item.Id && i.RemovedUtc == null).OrderBy(i => i.CreatedUtc).ToListAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var hidden = IdeasHidden(fresh);
        var kinds = hidden ? [] : await EntryKindsAsync(db, ideas, cancellationToken);
        await events.PublishAsync(
            new IdeasChanged(partnershipId, userId, item.WorkshopId, item.Id, hidden ? [] : [.. ideas.Select(i => ToView(i, people, kinds))], hidden ? ideas.Count : 0, revision),
            cancellationToken);
    }

    /// <summary>
    /// Publishes a dot vote's or a poll's counts once they are revealed. Before that, only facilitators may see
    /// them, and every circuit gets the event: it then carries no counts, no names and no actor (who voted when
    /// is part of how), and facilitators' pages read the counts through <see cref="VotingService.VoteCountsAsync"/>.
    /// </summary>
    public async Task PublishVotesAsync(string userId, Guid partnershipId, Guid workshopId, Guid targetId, bool anonymous, bool isPoll, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var itemId = isPoll ? await db.WorkshopPolls.Where(p => p.Id == targetId).Select(p => p.ItemId).FirstAsync(cancellationToken) : targetId;
        List<WorkshopVote> votes;
        bool revealed;
        long revision;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            revision = await NextRevisionAsync(db, itemId, cancellationToken);
            votes = await LiveVotes(db).AsNoTracking().Where(v => v.BallotTargetId == targetId).ToListAsync(cancellationToken);
            revealed = await RevealedAsync(db, targetId, isPoll, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var voterCount = votes.Select(v => v.UserId).Distinct().Count();
        if (!revealed)
        {
            await events.PublishAsync(new VotesChanged(partnershipId, null, workshopId, targetId, null, voterCount, revision), cancellationToken);
            return;
        }

        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        var counts = isPoll ? Counts(votes, v => v.OptionId, anonymous, people) : Counts(votes, v => v.IdeaId, anonymous, people);
        await events.PublishAsync(
            new VotesChanged(partnershipId, anonymous ? null : userId, workshopId, targetId, counts, voterCount, revision),
            cancellationToken);
    }
}
