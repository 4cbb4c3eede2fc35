using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Web.Features.CoTyping;

/// <summary>
/// What a co-typed text belongs to: where its stored value lives, who may type into it, how long it may be, and
/// how a finished run enters the owner's own history. <see cref="CoTypingService"/> knows nothing else of owners.
/// </summary>
internal interface ICoTextOwner
{
    /// <summary>True for the <see cref="CoText.OwnerKind"/> values this owner handles.</summary>
    bool Handles(string ownerKind);

    /// <summary>The owner of a text of this partnership, tracked so a write joins the caller's unit of work; null when there is none.</summary>
    Task<CoTextTarget?> FindAsync(WorkspaceDbContext db, Guid partnershipId, string ownerKind, Guid ownerId, CancellationToken cancellationToken);
}

/// <summary>One owner's column, found in a context: read it, check typing, write it back against its version token.</summary>
internal abstract class CoTextTarget(Guid partnershipId)
{
    public Guid PartnershipId { get; } = partnershipId;

    /// <summary>The owner's stored (Markdown) value; a difference from the co-text is a field save to adopt.</summary>
    public abstract string Stored { get; }

    public abstract int MaxLength { get; }

    /// <summary>The refusal when an operation would make the text longer than <see cref="MaxLength"/>.</summary>
    public abstract string TooLong { get; }

    /// <summary>Null when the person may type here now; otherwise why not (not found, forbidden, or closed for now).</summary>
    public abstract Task<ServiceError?> RefuseTypingAsync(WorkspaceDbContext db, string? userId, CancellationToken cancellationToken);

    /// <summary>Sets the column on the tracked row, so the row's version token moves and a field save meanwhile makes the save fail.</summary>
    public abstract void Write(WorkspaceDbContext db, string stored, string userId, DateTime now);

    /// <summary>Writes a finished run into the owner's history, as the owner's field path records a save.</summary>
    public abstract void RecordRun(WorkspaceDbContext db, string? userId, DateTime atUtc, string before, string after);

    protected static async Task<ServiceError?> RequireAsync(WorkspaceDbContext db, Guid partnershipId, string? userId, string action, CancellationToken cancellationToken)
    {
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, action, cancellationToken);
        return access.Succeeded ? null : access.Error;
    }
}

/// <summary>The owners there are; a kind no owner handles is treated as not found.</summary>
internal static class CoTextOwners
{
    private static readonly ICoTextOwner[] All = [new GoalDescriptionOwner(), new AgreementSectionOwner(), new WorkshopNotesOwner()];

    public static ICoTextOwner? For(string ownerKind) => All.FirstOrDefault(o => o.Handles(ownerKind));
}

/// <summary>A goal's description: contributors edit it, and a run is one <see cref="ChangeRecord"/> of the goal, restorable from its history.</summary>
internal sealed class GoalDescriptionOwner : ICoTextOwner
{
    // Precompiled and tracked: every batch of keystrokes reads the goal, and writes its description back.
    private static readonly Func<WorkspaceDbContext, Guid, Guid, CancellationToken, Task<Goal?>> GoalQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid goalId, Guid partnershipId, CancellationToken _) =>
            db.Goals.FirstOrDefault(g => g.Id == goalId && g.PartnershipId == partnershipId));

    public bool Handles(string ownerKind) => ownerKind == CoText.GoalDescription;

    public async Task<CoTextTarget?> FindAsync(WorkspaceDbContext db, Guid partnershipId, string ownerKind, Guid ownerId, CancellationToken cancellationToken)
    {
        var goal = await GoalQuery(db, ownerId, partnershipId, cancellationToken);
        return goal is null ? null : new Target(goal);
    }

    private sealed class Target(Goal goal) : CoTextTarget(goal.PartnershipId)
    {
        public override string Stored => goal.Description;

        public override int MaxLength => Goal.DescriptionMaxLength;

        public override string TooLong => $"The description must be {Goal.DescriptionMaxLength} characters or fewer.";

        public override Task<ServiceError?> RefuseTypingAsync(WorkspaceDbContext db, string? userId, CancellationToken cancellationToken) =>
            RequireAsync(db, PartnershipId, userId, "edit goals", cancellationToken);

        public override void Write(WorkspaceDbContext db, string stored, string userId, DateTime now)
        {
            goal.Description = stored;
            goal.UpdatedUtc = now;
        }

        public override void RecordRun(WorkspaceDbContext db, string? userId, DateTime atUtc, string before, string after) =>
            db.Record(PartnershipId, userId, atUtc, nameof(Goal), goal.Id, nameof(GoalField.Description), before, after, goal.Id);
    }
}

/// <summary>
/// A section of the partnering agreement. The section row is created lazily, as <see cref="AgreementService.SaveSectionAsync"/>
/// does, so the text is owned by the partnership and the section's kind. Issuing and signing lock nothing: they take a copy.
/// </summary>
internal sealed class AgreementSectionOwner : ICoTextOwner
{
    private static readonly Func<WorkspaceDbContext, Guid, AgreementSectionKind, CancellationToken, Task<AgreementSection?>> SectionQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid partnershipId, AgreementSectionKind kind, CancellationToken _) =>
            db.AgreementSections.FirstOrDefault(s => s.PartnershipId == partnershipId && s.Kind == kind));

    public bool Handles(string ownerKind) => CoText.AgreementSectionKindOf(ownerKind) is not null;

    public async Task<CoTextTarget?> FindAsync(WorkspaceDbContext db, Guid partnershipId, string ownerKind, Guid ownerId, CancellationToken cancellationToken)
    {
        if (CoText.AgreementSectionKindOf(ownerKind) is not { } kind || ownerId != partnershipId)
        {
            return null;
        }

        var section = await SectionQuery(db, partnershipId, kind, cancellationToken);
        return new Target(partnershipId, kind, section);
    }

    private sealed class Target(Guid partnershipId, AgreementSectionKind kind, AgreementSection? section) : CoTextTarget(partnershipId)
    {
        public override string Stored => section?.Text ?? "";

        public override int MaxLength => AgreementSection.TextMaxLength;

        public override string TooLong => $"The section “{kind.ToText()}” must be {AgreementSection.TextMaxLength} characters or fewer.";

        public override Task<ServiceError?> RefuseTypingAsync(WorkspaceDbContext db, string? userId, CancellationToken cancellationToken) =>
            RequireAsync(db, PartnershipId, userId, "edit the agreement", cancellationToken);

        public override void Write(WorkspaceDbContext db, string stored, string userId, DateTime now)
        {
            if (section is null)
            {
                // The section's first text: the unique (partnership, kind) index settles a race with a field save.
                section = new AgreementSection { Id = Guid.NewGuid(), PartnershipId = PartnershipId, Kind = kind };
                db.AgreementSections.Add(section);
            }

            section.Text = stored;
            section.UpdatedUtc = now;
            section.UpdatedByUserId = userId;
        }

        public override void RecordRun(WorkspaceDbContext db, string? userId, DateTime atUtc, string before, string after) =>
            db.Record(PartnershipId, userId, atUtc, AgreementService.SectionEntity, kind, nameof(AgreementSection.Text), before, after);
    }
}

/// <summary>
/// A workshop's shared notes, which feed its minutes. Contributors and facilitators type into them while the workshop
/// runs and after it ended (to finish the record); observers watch. The row is created with the first text.
/// </summary>
internal sealed class WorkshopNotesOwner : ICoTextOwner
{
    public const string Field = "SharedNotes";

    private static readonly Func<WorkspaceDbContext, Guid, Guid, CancellationToken, Task<WorkshopState?>> StateQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid workshopId, Guid partnershipId, CancellationToken _) =>
            db.Workshops.Where(w => w.Id == workshopId && w.PartnershipId == partnershipId).Select(w => (WorkshopState?)w.State).FirstOrDefault());

    private static readonly Func<WorkspaceDbContext, Guid, CancellationToken, Task<WorkshopNotes?>> NotesQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid workshopId, CancellationToken _) => db.WorkshopNotes.FirstOrDefault(n => n.WorkshopId == workshopId));

    public bool Handles(string ownerKind) => ownerKind == CoText.WorkshopNotes;

    public async Task<CoTextTarget?> FindAsync(WorkspaceDbContext db, Guid partnershipId, string ownerKind, Guid ownerId, CancellationToken cancellationToken)
    {
        if (await StateQuery(db, ownerId, partnershipId, cancellationToken) is not { } state)
        {
            return null;
        }

        var notes = await NotesQuery(db, ownerId, cancellationToken);
        return new Target(partnershipId, ownerId, state, notes);
    }

    private sealed class Target(Guid partnershipId, Guid workshopId, WorkshopState state, WorkshopNotes? notes) : CoTextTarget(partnershipId)
    {
        public override string Stored => notes?.Text ?? "";

        public override int MaxLength => WorkshopNotes.TextMaxLength;

        public override string TooLong => $"The shared notes must be {WorkshopNotes.TextMaxLength} characters or fewer.";

        public override async Task<ServiceError?> RefuseTypingAsync(WorkspaceDbContext db, string? userId, CancellationToken cancellationToken)
        {
            var role = await db.RoleOfAsync(PartnershipId, userId, cancellationToken);
            if (role is null)
            {
                return ServiceError.NotFound;
            }

            if (role < PartnershipRole.Contributor)
            {
                return ServiceError.Forbidden("Observers watch the workshop; only contributors and facilitators can type in the shared notes.");
            }

            return state == WorkshopState.Planned ? ServiceError.Conflict("The shared notes open when the workshop starts.") : null;
        }

        public override void Write(WorkspaceDbContext db, string stored, string userId, DateTime now)
        {
            if (notes is null)
            {
                notes = new WorkshopNotes { WorkshopId = workshopId };
                db.WorkshopNotes.Add(notes);
            }

            notes.Text = stored;
            notes.UpdatedUtc = now;
            notes.UpdatedByUserId = userId;
        }

        public override void RecordRun(WorkspaceDbContext db, string? userId, DateTime atUtc, string before, string after) =>
            db.Record(PartnershipId, userId, atUtc, nameof(Workshop), workshopId, Field, before, after);
    }
}
