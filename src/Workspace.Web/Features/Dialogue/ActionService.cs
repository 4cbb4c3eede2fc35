using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Dialogue.DialogueAccess;
using static Workspace.Web.Features.Dialogue.EntryViews;

namespace Workspace.Web.Features.Dialogue;

/// <summary>Actions in the log: moving one along its states by any contributor, not only its author.</summary>
public sealed class ActionService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    /// <summary>Moves an action along (open, in progress, done, cancelled).</summary>
    public async Task<Result<LogEntryView>> SetActionStateAsync(string userId, Guid partnershipId, Guid entryId, ActionState state, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "update actions", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var entry = await db.LogEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.PartnershipId == partnershipId && e.Kind == EntryKind.Action && e.RemovedUtc == null, cancellationToken);
        if (entry is null)
        {
            return ServiceError.NotFound;
        }

        if (!Enum.IsDefined(state))
        {
            return ServiceError.Invalid("ActionState", "Choose a state from the list.");
        }

        if (entry.ActionState == state)
        {
            return (await ViewsAsync(db, partnershipId, [entry], cancellationToken))[0];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Record(partnershipId, userId, now, nameof(LogEntry), entryId, nameof(LogEntry.ActionState), entry.ActionState?.ToString(), state.ToString());
        entry.ActionState = state;
        entry.UpdatedUtc = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("This action changed at the same moment. Look at its new state and try again.");
        }

        return await PublishSavedAsync(events, db, userId, partnershipId, entryId, cancellationToken);
    }
}
