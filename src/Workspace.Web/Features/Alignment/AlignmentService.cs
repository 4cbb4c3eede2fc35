using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Alignment;

/// <summary>
/// A partner organisation's own goals and the shared goals each feeds. Only people who speak for the
/// organisation (ADR 012) keep its goals; a link to a shared goal also needs them to contribute to that
/// goal's partnership. Partners read, on each shared goal, which organisations' goals feed it.
/// </summary>
public sealed class AlignmentService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    public const string GoalEntity = nameof(OrganisationGoal);
    public const string LinkEntity = nameof(GoalAlignment);

    private const string NoOrganisation = "Your account does not speak for an organisation yet. Join your organisation from your profile first.";

    /// <summary>The goals of the organisation the person speaks for, what each feeds, and the shared goals they may link to.</summary>
    public async Task<Result<OwnGoalsView>> MineAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organisation = await db.Users.Where(u => u.Id == userId && u.Organisation != null)
            .Select(u => new { u.Organisation!.Id, u.Organisation.Name }).FirstOrDefaultAsync(cancellationToken);
        if (organisation is null)
        {
            return ServiceError.Forbidden(NoOrganisation);
        }

        var goals = await db.OrganisationGoals.AsNoTracking().Where(g => g.OrganisationId == organisation.Id && g.RemovedUtc == null)
            .OrderBy(g => g.CreatedUtc).ToListAsync(cancellationToken);
        var ids = goals.Select(g => g.Id).ToList();
        var links = await (
                from a in db.GoalAlignments.AsNoTracking()
                join g in db.Goals on a.GoalId equals g.Id
                join p in db.Partnerships on a.PartnershipId equals p.Id
                where ids.Contains(a.OrganisationGoalId)
                orderby p.Name, g.Title
                select new { a.OrganisationGoalId, Link = new AlignmentLink(a.Id, p.Id, p.Name, g.Id, g.Title, a.Note) })
            .ToListAsync(cancellationToken);
        var targets = await (
                from m in db.Memberships.AsNoTracking()
                join p in db.Partnerships on m.PartnershipId equals p.Id
                join g in db.Goals on p.Id equals g.PartnershipId
                where m.UserId == userId && (m.Role == PartnershipRole.Contributor || m.Role == PartnershipRole.Facilitator)
                orderby p.Name, g.Title
                select new SharedGoalOption(p.Id, p.Name, g.Id, g.Title))
            .ToListAsync(cancellationToken);

        return new OwnGoalsView(organisation.Id, organisation.Name,
            [.. goals.Select(g => new OwnGoalView(g.Id, g.Title, g.Description, g.Version,
                [.. links.Where(l => l.OrganisationGoalId == g.Id).Select(l => l.Link)]))],
            targets);
    }

    /// <summary>The partner organisations' own goals that feed a shared goal, for the partnership's members.</summary>
    public async Task<Result<IReadOnlyList<FeedingGoalView>>> FeedingAsync(string? userId, Guid partnershipId, Guid goalId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        return Result<IReadOnlyList<FeedingGoalView>>.Ok(await FeedingListAsync(db, partnershipId, goalId, cancellationToken));
    }

    private static async Task<IReadOnlyList<FeedingGoalView>> FeedingListAsync(WorkspaceDbContext db, Guid partnershipId, Guid goalId, CancellationToken cancellationToken) =>
        await (
                from a in db.GoalAlignments.AsNoTracking()
                join g in db.OrganisationGoals on a.OrganisationGoalId equals g.Id
                join o in db.Organisations on g.OrganisationId equals o.Id
                where a.PartnershipId == partnershipId && a.GoalId == goalId && g.RemovedUtc == null
                orderby o.Name, g.Title
                select new FeedingGoalView(a.Id, o.Name, o.Sector, g.Title, g.Description, a.Note))
            .ToListAsync(cancellationToken);

    /// <summary>Tells the partnership's viewers what now feeds the shared goal.</summary>
    private async Task PublishChangedAsync(WorkspaceDbContext db, string userId, Guid partnershipId, Guid goalId, CancellationToken cancellationToken) =>
        await events.PublishAsync(new AlignmentChanged(partnershipId, userId, goalId, await FeedingListAsync(db, partnershipId, goalId, cancellationToken)), cancellationToken);

    /// <summary>Adds (no id) or edits one of the organisation's own goals.</summary>
    public async Task<Result<OwnGoalView>> SaveGoalAsync(string userId, Guid? goalId, OwnGoalInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        if (organisationId is null)
        {
            return ServiceError.Forbidden(NoOrganisation);
        }

        var rules = new InputRules()
            .Required(nameof(OwnGoalInput.Title), "Title", input.Title, OrganisationGoal.TitleMaxLength)
            .MaxLength(nameof(OwnGoalInput.Description), "Description", input.Description, OrganisationGoal.DescriptionMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var title = InputRules.Stored(input.Title);
        var description = InputRules.Stored(input.Description);
        OrganisationGoal goal;
        if (goalId is { } id)
        {
            // Another organisation's goal is as good as missing: nobody learns it exists.
            var found = await db.OrganisationGoals.FirstOrDefaultAsync(g => g.Id == id && g.OrganisationId == organisationId && g.RemovedUtc == null, cancellationToken);
            if (found is null)
            {
                return ServiceError.NotFound;
            }

            if (found.Version != input.Version)
            {
                return ServiceError.Conflict("Someone else in your organisation changed this goal while you were editing. Review their version, then save again.");
            }

            goal = found;
            var partnerships = await LinkedPartnershipsAsync(db, id, cancellationToken);
            OrganisationAudit.Record(db, partnerships, userId, now, GoalEntity, id, "Title", goal.Title, title);
            OrganisationAudit.Record(db, partnerships, userId, now, GoalEntity, id, "Description", goal.Description, description);
        }
        else
        {
            goal = new OrganisationGoal { Id = Guid.NewGuid(), OrganisationId = organisationId.Value, CreatedByUserId = userId, CreatedUtc = now };
            db.OrganisationGoals.Add(goal);
            OrganisationAudit.Record(db, [], userId, now, GoalEntity, goal.Id, "Created", null, title);
        }

        goal.Title = title;
        goal.Description = description;
        goal.UpdatedUtc = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("Someone else in your organisation changed this goal at the same moment. Review their version, then save again.");
        }

        await PublishAsync(db, userId, goal.Id, cancellationToken);
        return new OwnGoalView(goal.Id, goal.Title, goal.Description, goal.Version, []);
    }

    /// <summary>Removes one of the organisation's own goals; the shared goals it fed no longer list it.</summary>
    public async Task<Result> RemoveGoalAsync(string userId, Guid goalId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goal = await OwnGoalAsync(db, userId, goalId, cancellationToken);
        if (goal is null)
        {
            return ServiceError.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        goal.RemovedUtc = now;
        OrganisationAudit.Record(db, await LinkedPartnershipsAsync(db, goalId, cancellationToken), userId, now, GoalEntity, goalId, "Removed", goal.Title, null);
        await db.SaveChangesAsync(cancellationToken);
        await PublishAsync(db, userId, goalId, cancellationToken);
        return Result.Ok();
    }

    /// <summary>Says that an own goal feeds a shared goal, and how; linking the same pair again changes the note.</summary>
    public async Task<Result<AlignmentLink>> LinkAsync(string userId, Guid ownGoalId, Guid sharedGoalId, string? note, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goal = await OwnGoalAsync(db, userId, ownGoalId, cancellationToken);
        var shared = await (
                from g in db.Goals.AsNoTracking()
                join p in db.Partnerships on g.PartnershipId equals p.Id
                where g.Id == sharedGoalId
                select new { g.Id, g.Title, g.PartnershipId, PartnershipName = p.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (goal is null || shared is null)
        {
            return ServiceError.NotFound;
        }

        // Only someone who works in the partnership says what feeds its goals.
        var access = await db.RequireRoleAsync(shared.PartnershipId, userId, PartnershipRole.Contributor, "link your organisation's goals to its goals", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rules = new InputRules().MaxLength("Note", "How it feeds the shared goal", note, GoalAlignment.NoteMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var stored = InputRules.Stored(note);
        var link = await db.GoalAlignments.FirstOrDefaultAsync(a => a.OrganisationGoalId == ownGoalId && a.GoalId == sharedGoalId, cancellationToken);
        if (link is null)
        {
            link = new GoalAlignment
            {
                Id = Guid.NewGuid(),
                OrganisationGoalId = ownGoalId,
                PartnershipId = shared.PartnershipId,
                GoalId = shared.Id,
                CreatedByUserId = userId,
                CreatedUtc = now,
            };
            db.GoalAlignments.Add(link);
            db.Record(shared.PartnershipId, userId, now, LinkEntity, link.Id, "Linked", null, $"{goal.Title}: {stored}".TrimEnd(' ', ':'), shared.Id);
        }
        else
        {
            db.Record(shared.PartnershipId, userId, now, LinkEntity, link.Id, "Note", link.Note, stored, shared.Id);
        }

        link.Note = stored;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<GoalAlignment>().Any(e => e.State == EntityState.Added))
        {
            return ServiceError.Conflict("This goal was linked at the same moment by someone else. Reload to see their note.");
        }

        await PublishChangedAsync(db, userId, shared.PartnershipId, shared.Id, cancellationToken);
        return new AlignmentLink(link.Id, shared.PartnershipId, shared.PartnershipName, shared.Id, shared.Title, link.Note);
    }

    /// <summary>Removes a link made for the person's organisation.</summary>
    public async Task<Result> UnlinkAsync(string userId, Guid alignmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var link = await db.GoalAlignments.FirstOrDefaultAsync(a => a.Id == alignmentId, cancellationToken);
        var goal = link is null ? null : await OwnGoalAsync(db, userId, link.OrganisationGoalId, cancellationToken);
        if (link is null || goal is null)
        {
            return ServiceError.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.GoalAlignments.Remove(link);
        db.Record(link.PartnershipId, userId, now, LinkEntity, link.Id, "Unlinked", goal.Title, null, link.GoalId);
        await db.SaveChangesAsync(cancellationToken);
        await PublishChangedAsync(db, userId, link.PartnershipId, link.GoalId, cancellationToken);
        return Result.Ok();
    }

    /// <summary>The own goal, if it belongs to the organisation the person speaks for and is not removed.</summary>
    private static async Task<OrganisationGoal?> OwnGoalAsync(WorkspaceDbContext db, string userId, Guid goalId, CancellationToken cancellationToken)
    {
        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        return organisationId is null
            ? null
            : await db.OrganisationGoals.FirstOrDefaultAsync(g => g.Id == goalId && g.OrganisationId == organisationId && g.RemovedUtc == null, cancellationToken);
    }

    private static async Task<List<Guid>> LinkedPartnershipsAsync(WorkspaceDbContext db, Guid ownGoalId, CancellationToken cancellationToken) =>
        await db.GoalAlignments.Where(a => a.OrganisationGoalId == ownGoalId).Select(a => a.PartnershipId).Distinct().ToListAsync(cancellationToken);

    /// <summary>Tells every shared goal the own goal feeds that what feeds it changed.</summary>
    private async Task PublishAsync(WorkspaceDbContext db, string userId, Guid ownGoalId, CancellationToken cancellationToken)
    {
        var fed = await db.GoalAlignments.AsNoTracking().Where(a => a.OrganisationGoalId == ownGoalId)
            .Select(a => new { a.PartnershipId, a.GoalId }).ToListAsync(cancellationToken);
        foreach (var shared in fed)
        {
            await PublishChangedAsync(db, userId, shared.PartnershipId, shared.GoalId, cancellationToken);
        }
    }
}
