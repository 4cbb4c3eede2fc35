using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Goals;

public sealed record DraftView(GoalField Field, string Text, string? OriginalText, DateTime SavedUtc);

/// <summary>
/// Keeps what a person is typing into a goal's text fields on the server, so that a refresh, a
/// lost connection or a server restart does not lose it. Drafts are private to their author.
/// </summary>
public sealed class DraftService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Result> SaveAsync(string userId, Guid partnershipId, Guid goalId, GoalField field, string text, string? originalText, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "edit goals", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (!await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        if (text.Length > Goal.DescriptionMaxLength || originalText?.Length > Goal.DescriptionMaxLength)
        {
            return ServiceError.Invalid(field.ToString(), $"The text is longer than {Goal.DescriptionMaxLength:N0} characters.");
        }

        var key = field.ToString();
        var draft = await db.GoalDrafts.FirstOrDefaultAsync(d => d.GoalId == goalId && d.UserId == userId && d.Field == key, cancellationToken);
        if (draft is null)
        {
            draft = new GoalDraft { Id = Guid.NewGuid(), GoalId = goalId, UserId = userId, Field = key, OriginalText = originalText };
            db.GoalDrafts.Add(draft);
        }

        draft.Text = text;
        draft.SavedUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
        {
            // Two saves of the same draft raced (two tabs); the next autosave writes it again.
            return ServiceError.Conflict("The draft was saved from another tab at the same moment.");
        }

        return Result.Ok();
    }

    /// <summary>The person's unsaved drafts on a goal.</summary>
    public async Task<IReadOnlyList<DraftView>> ListAsync(string userId, Guid partnershipId, Guid goalId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return [];
        }

        if (!await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            return [];
        }

        return await OfAsync(db, userId, goalId, cancellationToken);
    }

    /// <summary>The person's drafts of one goal, for a caller that has checked the goal is theirs to see.</summary>
    internal static async Task<IReadOnlyList<DraftView>> OfAsync(WorkspaceDbContext db, string userId, Guid goalId, CancellationToken cancellationToken)
    {
        var drafts = await db.GoalDrafts.AsNoTracking().Where(d => d.GoalId == goalId && d.UserId == userId).ToListAsync(cancellationToken);
        return [.. drafts.Where(d => Enum.TryParse<GoalField>(d.Field, out _))
            .Select(d => new DraftView(Enum.Parse<GoalField>(d.Field), d.Text, d.OriginalText, d.SavedUtc))];
    }

    public async Task DiscardAsync(string userId, Guid goalId, GoalField field, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = field.ToString();
        await db.GoalDrafts.Where(d => d.GoalId == goalId && d.UserId == userId && d.Field == key).ExecuteDeleteAsync(cancellationToken);
    }
}
