using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// Plans and runs workshops. Every call re-reads the caller's role: facilitators plan, run and reveal;
/// contributors add ideas and vote; observers watch. Private ideas and voter names of anonymous votes
/// never leave this service for anyone else.
/// </summary>
public sealed partial class WorkshopService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, LogService log, IOptions<QuotaLimits>? quotas = null)
{
    private readonly QuotaLimits _quotas = quotas?.Value ?? new();

    public const int MaxAgendaItems = 50;
    private const int SaveAttempts = 8;

    public async Task<Result<IReadOnlyList<WorkshopSummary>>> ListAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        var workshops = await db.Workshops.AsNoTracking().Where(w => w.PartnershipId == partnershipId).ToListAsync(cancellationToken);
        var ids = workshops.Select(w => w.Id).ToList();
        var boxes = await db.WorkshopItems.AsNoTracking().Where(i => ids.Contains(i.WorkshopId))
            .Select(i => new { i.WorkshopId, i.TimeBoxMinutes }).ToListAsync(cancellationToken);
        return workshops
            .OrderBy(w => w.State == WorkshopState.Ended ? 1 : 0)
            .ThenBy(w => w.State == WorkshopState.Ended ? -w.StartsUtc.Ticks : w.StartsUtc.Ticks)
            .Select(w => Summary(w, boxes.Where(b => b.WorkshopId == w.Id).Select(b => b.TimeBoxMinutes).ToList()))
            .ToList();
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
        return await ChangeAsync(userId, partnershipId, workshopId, "edit workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
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
        return ChangeAsync(userId, partnershipId, workshopId, "plan workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
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
        return ChangeAsync(userId, partnershipId, workshopId, "plan workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
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
        ChangeAsync(userId, partnershipId, workshopId, "plan workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
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
        ChangeAsync(userId, partnershipId, workshopId, "plan workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
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
        var result = await ChangeAsync(userId, partnershipId, workshopId, "start workshops", allowPlanned: true, allowEnded: false, async (db, workshop) =>
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
        ChangeAsync(userId, partnershipId, workshopId, "run workshops", allowPlanned: false, allowEnded: false, async (db, workshop) =>
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
        ChangeAsync(userId, partnershipId, workshopId, "run workshops", allowPlanned: false, allowEnded: false,
            (_, _) => Task.FromResult(Result.Ok()), cancellationToken, bringEveryone: true);

    /// <summary>Sets (or clears) the goal under discussion, shown to everyone beside the current item.</summary>
    public Task<Result<WorkshopRunView>> FocusGoalAsync(string userId, Guid partnershipId, Guid workshopId, Guid? goalId, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, partnershipId, workshopId, "run workshops", allowPlanned: false, allowEnded: false, async (db, workshop) =>
        {
            if (goalId is { } id && !await db.Goals.AnyAsync(g => g.Id == id && g.PartnershipId == partnershipId, cancellationToken))
            {
                return ServiceError.Invalid("Goal", "Choose a goal of this partnership.");
            }

            workshop.FocusGoalId = goalId;
            return Result.Ok();
        }, cancellationToken, bringEveryone: true);

    public Task<Result<WorkshopRunView>> TimerAsync(string userId, Guid partnershipId, Guid workshopId, TimerCommand command, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, partnershipId, workshopId, "run the timer", allowPlanned: false, allowEnded: false, (_, workshop) =>
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
        ChangeAsync(userId, partnershipId, workshopId, "run the timer", allowPlanned: false, allowEnded: false, (_, workshop) =>
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
        var ended = await ChangeAsync(userId, partnershipId, workshopId, "end workshops", allowPlanned: false, allowEnded: false, async (db, workshop) =>
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

        var minutes = await WriteMinutesAsync(userId, partnershipId, workshopId, cancellationToken);
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

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>True while an item's ideas are private and not revealed: each is then seen by its author only.</summary>
    private static bool IdeasHidden(WorkshopItem item) => item.IdeasPrivate && item.IdeasRevealedUtc is null;

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

    /// <summary>
    /// The shape of every facilitator change to a workshop: authorize, apply to the tracked workshop,
    /// save against its version, then publish the shared state to every viewer.
    /// </summary>
    private async Task<Result<WorkshopRunView>> ChangeAsync(
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

    private static async Task<Result<Workshop>> LoadAsync(
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

    private async Task<WorkshopRunView> RunViewAsync(WorkspaceDbContext db, Workshop workshop, CancellationToken cancellationToken)
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
