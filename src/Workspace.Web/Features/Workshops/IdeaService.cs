using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Workshops.WorkshopAccess;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// Ideas in a workshop: adding, removing, grouping, private mode and reveals. Contributors add ideas; a
/// private idea is seen by its author only until a facilitator reveals the item's ideas.
/// </summary>
public sealed class IdeaService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, IOptions<QuotaLimits>? quotas = null)
{
    private readonly QuotaLimits _quotas = quotas?.Value ?? new();

    private WorkshopChanges Changes => new(dbFactory, events, clock);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Result<IdeaView>> AddIdeaAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, string text, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadLiveItemAsync(db, userId, partnershipId, workshopId, itemId, PartnershipRole.Contributor, "add ideas", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var rules = new InputRules().Required("Text", "Idea", text, WorkshopIdea.TextMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if (await Quotas.IdeasAsync(db, _quotas, userId, itemId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var idea = new WorkshopIdea
        {
            Id = Guid.NewGuid(),
            WorkshopId = workshopId,
            ItemId = itemId,
            AuthorUserId = userId,
            AuthorOrganisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken),
            Text = InputRules.Stored(text),
            CreatedUtc = Now,
        };
        db.WorkshopIdeas.Add(idea);
        var item = loaded.Value!;
        // Everyone can read the Activity page: a private idea's text stays out of it.
        db.Record(partnershipId, userId, Now, nameof(WorkshopIdea), idea.Id, IdeasHidden(item) ? "AddedPrivately" : "Added", null,
            IdeasHidden(item) ? item.Title : AuditTrail.Join(item.Title, idea.Text));
        await db.SaveChangesAsync(cancellationToken);
        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        await Changes.PublishIdeasAsync(db, userId, partnershipId, loaded.Value!, people, cancellationToken);
        return ToView(idea, people, []);
    }

    /// <summary>
    /// Removes an idea: its author (a contributor) or a facilitator. Its dots go back to their voters in the
    /// same save: each voter's ballot is updated against its version, so a dot placed on the idea at the same
    /// moment either lands first and is given back, or finds the idea gone.
    /// </summary>
    public async Task<Result> RemoveIdeaAsync(string userId, Guid partnershipId, Guid workshopId, Guid ideaId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var idea = await db.WorkshopIdeas.FirstOrDefaultAsync(i => i.Id == ideaId && i.WorkshopId == workshopId && i.RemovedUtc == null, cancellationToken);
            var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
            var workshop = idea is null || role is null ? null : await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
            var item = workshop is null ? null : await db.WorkshopItems.AsNoTracking().FirstAsync(i => i.Id == idea!.ItemId, cancellationToken);
            // Another person's private idea is not even known to exist.
            if (workshop is null || item is null || (IdeasHidden(item) && idea!.AuthorUserId != userId))
            {
                return ServiceError.NotFound;
            }

            if (!(role == PartnershipRole.Facilitator || (role == PartnershipRole.Contributor && idea!.AuthorUserId == userId)))
            {
                return ServiceError.Forbidden("Only the author of an idea or a facilitator can remove it.");
            }

            if (workshop.State == WorkshopState.Ended)
            {
                return ServiceError.Conflict("This workshop has ended.");
            }

            idea!.RemovedUtc = Now;
            db.Record(partnershipId, userId, Now, nameof(WorkshopIdea), idea.Id, "Removed", AuditTrail.Join(item.Title, IdeasHidden(item) ? null : idea.Text), null);
            var dots = await db.WorkshopVotes.Where(v => v.IdeaId == ideaId).ToListAsync(cancellationToken);
            var voters = dots.Select(v => v.UserId).Distinct().ToList();
            foreach (var ballot in await db.WorkshopBallots.Where(b => b.TargetId == item.Id && voters.Contains(b.UserId)).ToListAsync(cancellationToken))
            {
                ballot.Used = Math.Max(0, ballot.Used - dots.Count(v => v.UserId == ballot.UserId));
                db.Entry(ballot).State = EntityState.Modified;
            }

            db.WorkshopVotes.RemoveRange(dots);
            if (!await TrySaveAsync(db, attempt, cancellationToken))
            {
                continue;
            }

            await Changes.PublishIdeasAsync(db, userId, partnershipId, item, await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken), cancellationToken);
            if (dots.Count > 0)
            {
                await Changes.PublishVotesAsync(userId, partnershipId, workshopId, item.Id, item.VotesAnonymous, isPoll: false, cancellationToken);
            }

            return Result.Ok();
        }
    }

    /// <summary>Shows every participant's ideas on an item that was in private mode.</summary>
    public Task<Result<WorkshopRunView>> RevealIdeasAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, CancellationToken cancellationToken = default) =>
        Changes.ItemChangeAsync(userId, partnershipId, workshopId, itemId, "reveal ideas", (db, item) =>
        {
            if (item.IdeasRevealedUtc is null)
            {
                db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "IdeasRevealed", null, item.Title);
            }

            item.IdeasRevealedUtc ??= Now;
            return Result.Ok();
        }, publishIdeas: true, cancellationToken);

    /// <summary>Switches private mode for an item's ideas; switching it off shows everything, like a reveal.</summary>
    public Task<Result<WorkshopRunView>> SetIdeasPrivateAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, bool isPrivate, CancellationToken cancellationToken = default) =>
        Changes.ItemChangeAsync(userId, partnershipId, workshopId, itemId, "change private mode", (db, item) =>
        {
            if (isPrivate && item.IdeasRevealedUtc is not null)
            {
                return ServiceError.Conflict("These ideas have already been revealed to everyone.");
            }

            db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, nameof(WorkshopItem.IdeasPrivate),
                AuditTrail.Join(item.Title, item.IdeasPrivate.ToString()), AuditTrail.Join(item.Title, isPrivate.ToString()));
            item.IdeasPrivate = isPrivate;
            return Result.Ok();
        }, publishIdeas: true, cancellationToken);

    /// <summary>Puts an idea into a named group (empty to ungroup). Only ideas everyone can see are grouped.</summary>
    public async Task<Result> GroupIdeaAsync(string userId, Guid partnershipId, Guid workshopId, Guid ideaId, string? group, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadIdeaAsync(db, userId, partnershipId, workshopId, ideaId, "group ideas", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var (_, idea, item) = loaded.Value;

        var rules = new InputRules().MaxLength("Group", "Group", group, WorkshopIdea.GroupMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var grouped = string.IsNullOrWhiteSpace(group) ? null : InputRules.Stored(group);
        var text = IdeasHidden(item) ? "" : idea!.Text;
        db.Record(partnershipId, userId, Now, nameof(WorkshopIdea), idea!.Id, nameof(WorkshopIdea.Group),
            AuditTrail.Join(text, string.IsNullOrEmpty(idea.Group) ? null : idea.Group), AuditTrail.Join(text, grouped));
        idea.Group = InputRules.Stored(group);
        await db.SaveChangesAsync(cancellationToken);
        await Changes.PublishIdeasAsync(db, userId, partnershipId, item, await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken), cancellationToken);
        return Result.Ok();
    }
}
