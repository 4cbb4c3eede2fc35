using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Workshops.WorkshopAccess;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// Plans and runs workshops: the agenda, starting, moving through the items, the timer and the end, and
/// what a viewer may see of a workshop. Every call re-reads the caller's role: facilitators plan and run;
/// contributors add ideas and vote (<see cref="IdeaService"/>, <see cref="VotingService"/>); observers watch.
/// Private ideas and voter names of anonymous votes never leave these services for anyone else.
/// </summary>
public sealed class WorkshopService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, WorkshopOutputService outputs)
{
    public const int MaxAgendaItems = 50;

    private WorkshopChanges Changes => new(dbFactory, events, clock);

    public async Task<Result<IReadOnlyList<WorkshopSummary>>> ListAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        var list = await GetListAsync(userId, partnershipId, cancellationToken);
        return list.Succeeded ? Result<IReadOnlyList<WorkshopSummary>>.Ok(list.Value!.Workshops) : list.Error!;
    }

    /// <summary>The workshops page: every workshop of the partnership in list order, and whether the viewer plans them.</summary>
    public async Task<Result<WorkshopList>> GetListAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is not { } role)
        {
            return ServiceError.NotFound;
        }

        var workshops = await db.Workshops.AsNoTracking().Where(w => w.PartnershipId == partnershipId).ToListAsync(cancellationToken);
        var ids = workshops.Select(w => w.Id).ToList();
        var boxes = await db.WorkshopItems.AsNoTracking().Where(i => ids.Contains(i.WorkshopId))
            .Select(i => new { i.WorkshopId, i.TimeBoxMinutes }).ToListAsync(cancellationToken);
        var summaries = workshops.Select(w => Summary(w, boxes.Where(b => b.WorkshopId == w.Id).Select(b => b.TimeBoxMinutes).ToList()));
        return new WorkshopList(WorkshopList.InOrder(summaries), role == PartnershipRole.Facilitator);
    }

    public async Task<Result<WorkshopSummary>> CreateAsync(string userId, Guid partnershipId, WorkshopInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "plan workshops", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rules = Validate(input);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = Now;
        var workshop = new Workshop
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            State = WorkshopState.Planned,
            CreatedByUserId = userId,
            CreatedUtc = now,
        };
        Apply(workshop, input);
        db.Workshops.Add(workshop);
        db.Record(partnershipId, userId, now, nameof(Workshop), workshop.Id, "Planned", null, workshop.Title);
        await db.SaveChangesAsync(cancellationToken);
        var summary = Summary(workshop, []);
        await events.PublishAsync(new WorkshopSaved(partnershipId, userId, summary), cancellationToken);
        return summary;
    }

    public async Task<Result<WorkshopRunView>> EditAsync(string userId, Guid partnershipId, Guid workshopId, WorkshopInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await Changes.ChangeAsync(userId, partnershipId, workshopId, "edit workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            var rules = Validate(input);
            if (!rules.IsValid)
            {
                return rules.ToError();
            }

            var before = workshop.Title;
            Apply(workshop, input);
            db.Record(partnershipId, userId, Now, nameof(Workshop), workshop.Id, "Title", before, workshop.Title);
            await Task.CompletedTask;
            return Result.Ok();
        }, cancellationToken);
    }

    /// <summary>Cancels a workshop that has not started: it and its agenda are deleted.</summary>
    public async Task<Result> DeleteAsync(string userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Facilitator, "cancel workshops", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var workshop = loaded.Value!;
        if (workshop.State != WorkshopState.Planned)
        {
            return ServiceError.Conflict("Only a workshop that has not started can be cancelled.");
        }

        db.Workshops.Remove(workshop);
        db.Record(partnershipId, userId, Now, nameof(Workshop), workshop.Id, "Cancelled", workshop.Title, null);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkshopSaved(partnershipId, userId, Summary(workshop, []), Cancelled: true), cancellationToken);
        return Result.Ok();
    }

    public Task<Result<WorkshopRunView>> AddItemAsync(string userId, Guid partnershipId, Guid workshopId, AgendaItemInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Changes.ChangeAsync(userId, partnershipId, workshopId, "plan workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            var rules = await ValidateAsync(db, partnershipId, input, cancellationToken);
            var count = await db.WorkshopItems.CountAsync(i => i.WorkshopId == workshopId, cancellationToken);
            rules.Check(count < MaxAgendaItems, nameof(AgendaItemInput.Title), $"An agenda has at most {MaxAgendaItems} items.");
            if (!rules.IsValid)
            {
                return rules.ToError();
            }

            var item = new WorkshopItem { Id = Guid.NewGuid(), WorkshopId = workshopId, Position = count };
            Apply(item, input);
            db.WorkshopItems.Add(item);
            db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "Added", null, item.Title);
            return Result.Ok();
        }, cancellationToken);
    }

    public Task<Result<WorkshopRunView>> EditItemAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, AgendaItemInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Changes.ChangeAsync(userId, partnershipId, workshopId, "plan workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            var item = await db.WorkshopItems.FirstOrDefaultAsync(i => i.Id == itemId && i.WorkshopId == workshopId, cancellationToken);
            if (item is null)
            {
                return ServiceError.NotFound;
            }

            var rules = await ValidateAsync(db, partnershipId, input, cancellationToken);
            if (!rules.IsValid)
            {
                return rules.ToError();
            }

            var before = item.Title;
            var wasPrivate = item.IdeasPrivate;
            Apply(item, input);
            if (item.IdeasRevealedUtc is not null)
            {
                item.IdeasPrivate = wasPrivate;
            }

            db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "Title", before, item.Title);
            return Result.Ok();
        }, cancellationToken);
    }

    public Task<Result<WorkshopRunView>> RemoveItemAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, CancellationToken cancellationToken = default) =>
        Changes.ChangeAsync(userId, partnershipId, workshopId, "plan workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            if (workshop.State != WorkshopState.Planned)
            {
                return ServiceError.Conflict("Agenda items can be removed only before the workshop starts.");
            }

            var items = await db.WorkshopItems.Where(i => i.WorkshopId == workshopId).OrderBy(i => i.Position).ToListAsync(cancellationToken);
            var item = items.FirstOrDefault(i => i.Id == itemId);
            if (item is null)
            {
                return ServiceError.NotFound;
            }

            db.WorkshopItems.Remove(item);
            items.Remove(item);
            Renumber(items);
            db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "Removed", item.Title, null);
            return Result.Ok();
        }, cancellationToken);

    /// <summary>Moves an agenda item one place up (-1) or down (+1).</summary>
    public Task<Result<WorkshopRunView>> MoveItemAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, int direction, CancellationToken cancellationToken = default) =>
        Changes.ChangeAsync(userId, partnershipId, workshopId, "plan workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            var items = await db.WorkshopItems.Where(i => i.WorkshopId == workshopId).OrderBy(i => i.Position).ToListAsync(cancellationToken);
            var index = items.FindIndex(i => i.Id == itemId);
            if (index < 0)
            {
                return ServiceError.NotFound;
            }

            var target = index + Math.Sign(direction);
            if (direction == 0 || target < 0 || target >= items.Count)
            {
                return Result.Ok();
            }

            (items[index], items[target]) = (items[target], items[index]);
            Renumber(items);
            db.Record(partnershipId, userId, Now, nameof(WorkshopItem), itemId, nameof(WorkshopItem.Position), null,
                AuditTrail.Join(items[target].Title, (target + 1).ToString(CultureInfo.InvariantCulture)));
            return Result.Ok();
        }, cancellationToken);

    public async Task<Result<WorkshopRunView>> StartAsync(string userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default)
    {
        var result = await Changes.ChangeAsync(userId, partnershipId, workshopId, "start workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            if (workshop.State != WorkshopState.Planned)
            {
                return ServiceError.Conflict("The workshop has already started.");
            }

            var first = await db.WorkshopItems.Where(i => i.WorkshopId == workshopId).OrderBy(i => i.Position).FirstOrDefaultAsync(cancellationToken);
            if (first is null)
            {
                return ServiceError.Invalid("Agenda", "Add at least one agenda item before starting the workshop.");
            }

            var now = Now;
            workshop.State = WorkshopState.Live;
            workshop.StartedUtc = now;
            workshop.FacilitatorUserId = userId;
            MoveTo(workshop, first, null, now);
            await RecordAttendanceAsync(db, workshopId, userId, now, cancellationToken);
            db.Record(partnershipId, userId, now, nameof(Workshop), workshop.Id, "State", nameof(WorkshopState.Planned), nameof(WorkshopState.Live));
            return Result.Ok();
        }, cancellationToken, bringEveryone: true);
        if (result.Succeeded)
        {
            await PublishSummaryAsync(userId, partnershipId, workshopId, cancellationToken);
        }

        return result;
    }

    /// <summary>Moves the workshop to an agenda item: its time box starts, and everyone following comes along.</summary>
    public Task<Result<WorkshopRunView>> GoToItemAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, CancellationToken cancellationToken = default) =>
        Changes.ChangeAsync(userId, partnershipId, workshopId, "run workshops", allowPlanned: false, allowEnded: false, async (db, workshop) =>
        {
            var items = await db.WorkshopItems.Where(i => i.WorkshopId == workshopId).ToListAsync(cancellationToken);
            var item = items.FirstOrDefault(i => i.Id == itemId);
            if (item is null)
            {
                return ServiceError.NotFound;
            }

            if (item.Id != workshop.CurrentItemId)
            {
                var previous = items.FirstOrDefault(i => i.Id == workshop.CurrentItemId);
                db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "Started", previous?.Title, AuditTrail.Join(item.Title, null));
                MoveTo(workshop, item, previous, Now);
            }

            return Result.Ok();
        }, cancellationToken, bringEveryone: true);

    /// <summary>Brings participants who are looking elsewhere back to the facilitator's place.</summary>
    public Task<Result<WorkshopRunView>> BringEveryoneAsync(string userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default) =>
        Changes.ChangeAsync(userId, partnershipId, workshopId, "run workshops", allowPlanned: false, allowEnded: false,
            (_, _) => Task.FromResult(Result.Ok()), cancellationToken, bringEveryone: true);

    /// <summary>Sets (or clears) the goal under discussion, shown to everyone beside the current item.</summary>
    public Task<Result<WorkshopRunView>> FocusGoalAsync(string userId, Guid partnershipId, Guid workshopId, Guid? goalId, CancellationToken cancellationToken = default) =>
        Changes.ChangeAsync(userId, partnershipId, workshopId, "run workshops", allowPlanned: false, allowEnded: false, async (db, workshop) =>
        {
            if (goalId is { } id && !await db.Goals.AnyAsync(g => g.Id == id && g.PartnershipId == partnershipId, cancellationToken))
            {
                return ServiceError.Invalid("Goal", "Choose a goal of this partnership.");
            }

            workshop.FocusGoalId = goalId;
            return Result.Ok();
        }, cancellationToken, bringEveryone: true);

    public Task<Result<WorkshopRunView>> TimerAsync(string userId, Guid partnershipId, Guid workshopId, TimerCommand command, CancellationToken cancellationToken = default) =>
        Changes.ChangeAsync(userId, partnershipId, workshopId, "run the timer", allowPlanned: false, allowEnded: false, (_, workshop) =>
        {
            var now = Now;
            switch (command)
            {
                case TimerCommand.Start when workshop.TimerEndsUtc is null:
                    if (workshop.TimerRemainingSeconds <= 0)
                    {
                        workshop.TimerRemainingSeconds = workshop.TimerDurationSeconds;
                    }

                    workshop.TimerEndsUtc = now.AddSeconds(workshop.TimerRemainingSeconds);
                    break;
                case TimerCommand.Pause when workshop.TimerEndsUtc is { } ends:
                    workshop.TimerRemainingSeconds = SecondsLeft(ends, now);
                    workshop.TimerEndsUtc = null;
                    break;
                case TimerCommand.Reset:
                    workshop.TimerEndsUtc = null;
                    workshop.TimerRemainingSeconds = workshop.TimerDurationSeconds;
                    break;
                case TimerCommand.Start or TimerCommand.Pause:
                    break;
                default:
                    return Task.FromResult<Result>(ServiceError.Invalid("Timer", "Choose start, pause or reset."));
            }

            return Task.FromResult(Result.Ok());
        }, cancellationToken);

    /// <summary>Adds (or, with a negative number, takes off) minutes: 1 to 60 at a time.</summary>
    public Task<Result<WorkshopRunView>> ExtendTimerAsync(string userId, Guid partnershipId, Guid workshopId, int minutes, CancellationToken cancellationToken = default) =>
        Changes.ChangeAsync(userId, partnershipId, workshopId, "run the timer", allowPlanned: false, allowEnded: false, (_, workshop) =>
        {
            if (minutes is 0 or < -60 or > 60)
            {
                return Task.FromResult<Result>(ServiceError.Invalid("Minutes", "Add between 1 and 60 minutes at a time."));
            }

            var now = Now;
            if (workshop.TimerEndsUtc is { } ends)
            {
                var left = Math.Max(0, SecondsLeft(ends, now) + (minutes * 60));
                workshop.TimerEndsUtc = now.AddSeconds(left);
            }
            else
            {
                workshop.TimerRemainingSeconds = Math.Max(0, workshop.TimerRemainingSeconds + (minutes * 60));
            }

            return Task.FromResult(Result.Ok());
        }, cancellationToken);

    /// <summary>Ends the workshop and stores its minutes as an entry of the dialogue log.</summary>
    public async Task<Result<WorkshopRunView>> EndAsync(string userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default)
    {
        var ended = await Changes.ChangeAsync(userId, partnershipId, workshopId, "end workshops", allowPlanned: false, allowEnded: false, async (db, workshop) =>
        {
            var now = Now;
            var items = await db.WorkshopItems.Where(i => i.WorkshopId == workshopId).ToListAsync(cancellationToken);
            if (items.FirstOrDefault(i => i.Id == workshop.CurrentItemId) is { } current)
            {
                Leave(current, workshop, now);
            }

            workshop.State = WorkshopState.Ended;
            workshop.EndedUtc = now;
            workshop.TimerRemainingSeconds = workshop.TimerEndsUtc is { } ends ? SecondsLeft(ends, now) : workshop.TimerRemainingSeconds;
            workshop.TimerEndsUtc = null;
            foreach (var item in items.Where(i => i.VotingState == VotingState.Open))
            {
                item.VotingState = VotingState.Closed;
            }

            await db.WorkshopPolls.Where(p => p.WorkshopId == workshopId && p.State == VotingState.Open)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.State, VotingState.Closed), cancellationToken);
            db.Record(partnershipId, userId, now, nameof(Workshop), workshop.Id, "State", nameof(WorkshopState.Live), nameof(WorkshopState.Ended));
            return Result.Ok();
        }, cancellationToken, bringEveryone: true);
        if (!ended.Succeeded)
        {
            return ended;
        }

        var minutes = await outputs.WriteMinutesAsync(userId, partnershipId, workshopId, cancellationToken);
        await PublishSummaryAsync(userId, partnershipId, workshopId, cancellationToken);
        return minutes.Succeeded ? ended.Value! with { MinutesEntryId = minutes.Value } : minutes.Error!;
    }

    /// <summary>Notes that a member opened the running workshop, for the minutes' attendance.</summary>
    public async Task JoinAsync(string userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Observer, "take part", cancellationToken);
        if (!loaded.Succeeded || loaded.Value!.State != WorkshopState.Live)
        {
            return;
        }

        await RecordAttendanceAsync(db, workshopId, userId, Now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException || StorageFaults.IsBusy(e))
        {
            // Opened in two tabs at once: one row is enough. A busy database: the next visit records it.
        }
    }


    /// <summary>What the viewer may see of a workshop: others' private ideas only after they are revealed, counts only to facilitators or after reveal.</summary>
    public Task<Result<WorkshopDetail>> GetAsync(string? userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default) =>
        DetailAsync(userId, partnershipId, workshopId, forRoom: false, cancellationToken);

    /// <summary>
    /// What the room screen shows, for any member: only what every participant may see, whoever is signed in
    /// at the projector. No private idea before the reveal (the signed-in person's own neither), counts only
    /// once revealed (a facilitator's too), and nobody's own dots or choices.
    /// </summary>
    public Task<Result<WorkshopDetail>> RoomAsync(string? userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default) =>
        DetailAsync(userId, partnershipId, workshopId, forRoom: true, cancellationToken);

    /// <summary>
    /// Everything the workshop page shows, in one read with one membership check: what the viewer may see
    /// of the workshop (as <see cref="GetAsync"/>), the members (names, organisations, who may be assigned
    /// an action) and the partnership's goals (for the agenda and the goal under discussion).
    /// </summary>
    public async Task<Result<WorkshopPageData>> GetPageAsync(string? userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var workshop = role is null ? null : await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
        if (workshop is null)
        {
            return ServiceError.NotFound;
        }

        var detail = await DetailAsync(db, userId, role!.Value, workshop, forRoom: false, cancellationToken);
        var members = await Members.MemberQueries.ListAsync(db, partnershipId, cancellationToken);
        var goals = await Goals.GoalQueries.SummariesAsync(db, partnershipId, null, cancellationToken);
        return new WorkshopPageData(detail, members, [.. goals.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase)]);
    }

    private async Task<Result<WorkshopDetail>> DetailAsync(string? userId, Guid partnershipId, Guid workshopId, bool forRoom, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var workshop = role is null ? null : await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
        if (workshop is null)
        {
            return ServiceError.NotFound;
        }

        return await DetailAsync(db, userId, role!.Value, workshop, forRoom, cancellationToken);
    }

    private async Task<WorkshopDetail> DetailAsync(WorkspaceDbContext db, string? userId, PartnershipRole role, Workshop workshop, bool forRoom, CancellationToken cancellationToken)
    {
        var (partnershipId, workshopId) = (workshop.PartnershipId, workshop.Id);
        var run = await Changes.RunViewAsync(db, workshop, cancellationToken);
        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);

        // Read before the ideas and votes: what follows is at least as new as these revisions.
        var revisions = await db.WorkshopItems.AsNoTracking().Where(i => i.WorkshopId == workshopId)
            .ToDictionaryAsync(i => i.Id, i => i.Revision, cancellationToken);
        var ideas = await db.WorkshopIdeas.AsNoTracking().Where(i => i.WorkshopId == workshopId && i.RemovedUtc == null).OrderBy(i => i.CreatedUtc).ToListAsync(cancellationToken);
        var hiddenItems = run.Items.Where(i => i.IdeasHidden).Select(i => i.Id).ToHashSet();

        // The room screen is nobody's: it sees what someone who wrote nothing and may not see counts would.
        var viewer = forRoom ? null : userId;
        var visible = ideas.Where(i => !hiddenItems.Contains(i.ItemId) || (viewer is not null && i.AuthorUserId == viewer)).ToList();
        var hiddenCounts = ideas.Where(i => hiddenItems.Contains(i.ItemId) && (viewer is null || i.AuthorUserId != viewer))
            .GroupBy(i => i.ItemId).ToDictionary(g => g.Key, g => g.Count());
        var kinds = await EntryKindsAsync(db, visible, cancellationToken);

        var isFacilitator = !forRoom && role == PartnershipRole.Facilitator;
        var votes = await LiveVotes(db).AsNoTracking().Where(v => v.WorkshopId == workshopId).ToListAsync(cancellationToken);
        var dotCounts = new Dictionary<Guid, IReadOnlyList<VoteCount>>();
        foreach (var item in run.Items.Where(i => i.VotingState != VotingState.NotStarted && (isFacilitator || i.VotesRevealed)))
        {
            dotCounts[item.Id] = Counts(votes.Where(v => v.BallotTargetId == item.Id), v => v.IdeaId, item.VotesAnonymous, people);
        }

        var myDots = votes.Where(v => viewer is not null && v.UserId == viewer && v.IdeaId is not null).GroupBy(v => v.IdeaId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var polls = await PollViewsAsync(db, workshopId, null, votes, people, isFacilitator, cancellationToken);
        var myChoices = votes.Where(v => viewer is not null && v.UserId == viewer && v.OptionId is not null).GroupBy(v => v.BallotTargetId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)[.. g.Select(v => v.OptionId!.Value)]);

        return new WorkshopDetail(run, role, [.. visible.Select(i => ToView(i, people, kinds))], hiddenCounts, dotCounts, myDots, polls, myChoices, revisions);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static int SecondsLeft(DateTime ends, DateTime now) => Math.Max(0, (int)Math.Ceiling((ends - now).TotalSeconds));

    private static void MoveTo(Workshop workshop, WorkshopItem item, WorkshopItem? previous, DateTime now)
    {
        if (previous is not null)
        {
            Leave(previous, workshop, now);
        }

        item.StartedUtc ??= now;
        item.EndedUtc = null;
        workshop.CurrentItemId = item.Id;
        workshop.CurrentItemSinceUtc = now;
        workshop.FocusGoalId = item.GoalId;
        workshop.TimerDurationSeconds = item.TimeBoxMinutes * 60;
        workshop.TimerRemainingSeconds = workshop.TimerDurationSeconds;
        workshop.TimerEndsUtc = now.AddSeconds(workshop.TimerDurationSeconds);
    }

    private static void Leave(WorkshopItem item, Workshop workshop, DateTime now)
    {
        item.EndedUtc = now;
        if (workshop.CurrentItemSinceUtc is { } since)
        {
            item.ActualSeconds += (int)Math.Max(0, (now - since).TotalSeconds);
        }
    }

    private static async Task RecordAttendanceAsync(WorkspaceDbContext db, Guid workshopId, string userId, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.WorkshopAttendances.AnyAsync(a => a.WorkshopId == workshopId && a.UserId == userId, cancellationToken))
        {
            return;
        }

        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        db.WorkshopAttendances.Add(new WorkshopAttendance { WorkshopId = workshopId, UserId = userId, OrganisationId = organisationId, FirstSeenUtc = now });
    }

    private static void Renumber(List<WorkshopItem> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Position = i;
        }
    }

    private async Task PublishSummaryAsync(string userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workshop = await db.Workshops.AsNoTracking().FirstAsync(w => w.Id == workshopId, cancellationToken);
        var boxes = await db.WorkshopItems.Where(i => i.WorkshopId == workshopId).Select(i => i.TimeBoxMinutes).ToListAsync(cancellationToken);
        await events.PublishAsync(new WorkshopSaved(partnershipId, userId, Summary(workshop, boxes)), cancellationToken);
    }

    private static WorkshopSummary Summary(Workshop w, List<int> boxes) =>
        new(w.Id, w.Title, w.StartsUtc, w.Location, w.State, boxes.Count, boxes.Sum(), w.MinutesEntryId);

    private static InputRules Validate(WorkshopInput input) =>
        new InputRules()
            .Required(nameof(WorkshopInput.Title), "Title", input.Title, Workshop.TitleMaxLength)
            .MaxLength(nameof(WorkshopInput.Description), "Description", input.Description, Workshop.DescriptionMaxLength)
            .MaxLength(nameof(WorkshopInput.Location), "Place or link", input.Location, Workshop.LocationMaxLength)
            .Date(nameof(WorkshopInput.StartsUtc), "a date", input.StartsUtc);

    private static async Task<InputRules> ValidateAsync(WorkspaceDbContext db, Guid partnershipId, AgendaItemInput input, CancellationToken cancellationToken)
    {
        var rules = new InputRules()
            .Required(nameof(AgendaItemInput.Title), "Title", input.Title, WorkshopItem.TitleMaxLength)
            .MaxLength(nameof(AgendaItemInput.Notes), "Notes", input.Notes, WorkshopItem.NotesMaxLength)
            .Check(input.TimeBoxMinutes is >= 1 and <= WorkshopItem.MaxTimeBoxMinutes, nameof(AgendaItemInput.TimeBoxMinutes),
                "Enter a time box between 1 minute and 8 hours (480 minutes).");
        if (input.GoalId is { } goalId && !await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            rules.Add(nameof(AgendaItemInput.GoalId), "Choose a goal of this partnership.");
        }

        return rules;
    }

    private static void Apply(Workshop workshop, WorkshopInput input)
    {
        workshop.Title = InputRules.Stored(input.Title);
        workshop.Description = InputRules.Stored(input.Description);
        workshop.Location = InputRules.Stored(input.Location);
        workshop.StartsUtc = DateTime.SpecifyKind(input.StartsUtc, DateTimeKind.Utc);
    }

    private static void Apply(WorkshopItem item, AgendaItemInput input)
    {
        item.Title = InputRules.Stored(input.Title);
        item.Notes = InputRules.Stored(input.Notes);
        item.TimeBoxMinutes = input.TimeBoxMinutes;
        item.GoalId = input.GoalId;
        item.IdeasPrivate = input.IdeasPrivate;
    }
}
