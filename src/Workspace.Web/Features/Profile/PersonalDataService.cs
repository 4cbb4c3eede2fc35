using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Profile;

/// <summary>
/// A person's right to their data: a copy of everything stored about them, and erasure. Erasing
/// replaces their name with a pseudonym wherever the record shows them and removes what was only
/// theirs (drafts, unrevealed private ideas, read marks), but changes no audit record, so the
/// partnership's record stays complete and its chain verifiable.
/// </summary>
public sealed class PersonalDataService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task<byte[]?> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Include(u => u.Organisation).FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var export = new
        {
            ExportedUtc = clock.GetUtcNow().UtcDateTime,
            Profile = new
            {
                user.DisplayName,
                user.Email,
                user.EmailConfirmed,
                user.JobTitle,
                user.CreatedUtc,
                user.TwoFactorEnabled,
                Organisation = user.Organisation?.Name,
                user.OrganisationJoinedVia,
                user.OrganisationJoinedUtc,
                user.IsOrganisationAdmin,
            },
            Partnerships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
                .Select(m => new { Partnership = m.Partnership!.Name, m.Role, m.JoinedUtc }).ToListAsync(cancellationToken),
            OrganisationRequests = await db.OrganisationJoinRequests.AsNoTracking().Where(r => r.UserId == userId)
                .Select(r => new { Organisation = r.Organisation!.Name, r.State, r.RequestedUtc, r.DecidedUtc }).ToListAsync(cancellationToken),
            LogEntries = await db.LogEntries.AsNoTracking().Where(e => e.AuthorUserId == userId)
                .Select(e => new { e.Id, e.Kind, e.Title, e.Body, e.CreatedUtc, e.RemovedUtc }).ToListAsync(cancellationToken),
            Replies = await db.LogReplies.AsNoTracking().Where(r => r.AuthorUserId == userId)
                .Select(r => new { r.Id, r.EntryId, r.Body, r.CreatedUtc, r.RemovedUtc }).ToListAsync(cancellationToken),
            Positions = await db.DecisionPositions.AsNoTracking().Where(p => p.UserId == userId)
                .Select(p => new { p.EntryId, p.Position, p.Reason }).ToListAsync(cancellationToken),
            Reactions = await db.LogReactions.AsNoTracking().Where(r => r.UserId == userId)
                .Select(r => new { r.EntryId, r.Emoji }).ToListAsync(cancellationToken),
            CheckIns = await db.CheckIns.AsNoTracking().Where(c => c.RecordedByUserId == userId)
                .Select(c => new { c.IndicatorId, c.Value, c.AsOf, c.Comment, c.RecordedUtc }).ToListAsync(cancellationToken),
            Confidence = await db.ConfidenceRecords.AsNoTracking().Where(c => c.RecordedByUserId == userId)
                .Select(c => new { c.IndicatorId, c.Level, c.Comment, c.RecordedUtc }).ToListAsync(cancellationToken),
            Drafts = await db.GoalDrafts.AsNoTracking().Where(d => d.UserId == userId)
                .Select(d => new { d.GoalId, d.Field, d.Text, d.SavedUtc }).ToListAsync(cancellationToken),
            Ideas = await db.WorkshopIdeas.AsNoTracking().Where(i => i.AuthorUserId == userId)
                .Select(i => new { i.WorkshopId, i.ItemId, i.Text, i.CreatedUtc, i.RemovedUtc }).ToListAsync(cancellationToken),
            Votes = await db.WorkshopVotes.AsNoTracking().Where(v => v.UserId == userId)
                .Select(v => new { v.WorkshopId, v.IdeaId, v.OptionId, v.CreatedUtc }).ToListAsync(cancellationToken),
            WorkshopsAttended = await db.WorkshopAttendances.AsNoTracking().Where(a => a.UserId == userId)
                .Select(a => new { a.WorkshopId, a.FirstSeenUtc }).ToListAsync(cancellationToken),
            AgreementSignatures = await db.AgreementSignatures.AsNoTracking().Where(a => a.UserId == userId)
                .Select(a => new { a.PartnershipId, a.VersionId, a.OrganisationId, a.SignerName, a.SignerRole, a.SignedUtc }).ToListAsync(cancellationToken),
            // Who recorded a contribution is kept by id, so after erasure the register shows the pseudonym.
            ContributionsRecorded = await db.Contributions.AsNoTracking().Where(c => c.CreatedByUserId == userId || c.UpdatedByUserId == userId)
                .Select(c => new { c.PartnershipId, c.Id, c.Kind, c.Description, RecordedByYou = c.CreatedByUserId == userId, c.CreatedUtc, LastChangedByYou = c.UpdatedByUserId == userId, c.UpdatedUtc })
                .ToListAsync(cancellationToken),
            HealthCheckAnswers = await db.HealthAnswers.AsNoTracking().Where(a => a.UserId == userId)
                .Join(db.HealthRounds, a => a.RoundId, r => r.Id, (a, r) => new { a.PartnershipId, Round = r.Number, a.Principle, a.Score, a.Comment, a.AnsweredUtc, a.UpdatedUtc })
                .ToListAsync(cancellationToken),
            ChangesMade = await db.ChangeRecords.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id)
                .Select(c => new { c.AtUtc, c.EntityType, c.EntityId, c.Field, c.OldValue, c.NewValue }).ToListAsync(cancellationToken),
        };
        return JsonSerializer.SerializeToUtf8Bytes(export, Json);
    }

    /// <summary>The name an erased person is shown under from then on: stable, and telling nothing about them.</summary>
    public static string Pseudonym(string userId) =>
        $"Former member {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(userId)))[..6]}";

    public async Task<Result> EraseAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return ServiceError.NotFound;
        }

        var soleFacilitatorOf = await db.Memberships.Where(m => m.UserId == userId && m.Role == PartnershipRole.Facilitator)
            .Where(m => !db.Memberships.Any(o => o.PartnershipId == m.PartnershipId && o.UserId != userId && o.Role == PartnershipRole.Facilitator))
            .Where(m => db.Memberships.Any(o => o.PartnershipId == m.PartnershipId && o.UserId != userId))
            .Select(m => m.Partnership!.Name).ToListAsync(cancellationToken);
        if (soleFacilitatorOf.Count > 0)
        {
            return ServiceError.Conflict($"You are the only facilitator of {string.Join(", ", soleFacilitatorOf)}. Make someone else a facilitator there first.");
        }

        if (user.IsOrganisationAdmin && user.OrganisationId is { } organisationId
            && await db.Users.AnyAsync(u => u.OrganisationId == organisationId && u.Id != userId, cancellationToken)
            && !await db.Users.AnyAsync(u => u.OrganisationId == organisationId && u.Id != userId && u.IsOrganisationAdmin, cancellationToken))
        {
            return ServiceError.Conflict(OrganisationMembershipService.LastAdminMessage);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var membership in await db.Memberships.Where(m => m.UserId == userId).ToListAsync(cancellationToken))
        {
            db.Memberships.Remove(membership);
            db.Record(membership.PartnershipId, userId, now, nameof(Membership), userId, nameof(Membership.Role), membership.Role.ToString(), "Left");
        }

        // What was only theirs goes; what they contributed to the shared record stays, under the pseudonym.
        db.GoalDrafts.RemoveRange(db.GoalDrafts.Where(d => d.UserId == userId));
        db.LogReadStates.RemoveRange(db.LogReadStates.Where(r => r.UserId == userId));
        // Notifications name whoever acted in their titles: those the erased person caused go too.
        db.Notifications.RemoveRange(db.Notifications.Where(n => n.RecipientUserId == userId || n.ActorUserId == userId));
        db.NotificationPreferences.RemoveRange(db.NotificationPreferences.Where(p => p.UserId == userId));
        db.DigestDispatches.RemoveRange(db.DigestDispatches.Where(d => d.UserId == userId));
        db.ChangesSeen.RemoveRange(db.ChangesSeen.Where(s => s.UserId == userId));
        db.OrganisationJoinRequests.RemoveRange(db.OrganisationJoinRequests.Where(r => r.UserId == userId));
        db.WorkshopIdeas.RemoveRange(db.WorkshopIdeas.Where(i => i.AuthorUserId == userId
            && db.WorkshopItems.Any(item => item.Id == i.ItemId && item.IdeasPrivate && item.IdeasRevealedUtc == null)));
        db.UserLogins.RemoveRange(db.UserLogins.Where(l => l.UserId == userId));
        db.UserTokens.RemoveRange(db.UserTokens.Where(t => t.UserId == userId));
        db.UserClaims.RemoveRange(db.UserClaims.Where(c => c.UserId == userId));

        // Health check answers stay in the rounds' results; the name with a named round's comments becomes the pseudonym with the account's.

        // A signature was the organisation's act and stays; the name under it becomes the pseudonym.
        foreach (var signature in await db.AgreementSignatures.Where(a => a.UserId == userId).ToListAsync(cancellationToken))
        {
            signature.SignerName = Pseudonym(userId);
            signature.SignerRole = "";
        }

        var erasedAddress = $"erased-{userId}@erased.invalid";
        user.DisplayName = Pseudonym(userId);
        user.JobTitle = null;
        user.Email = user.UserName = erasedAddress;
        user.NormalizedEmail = user.NormalizedUserName = erasedAddress.ToUpperInvariant();
        user.EmailConfirmed = false;
        user.PhoneNumber = null;
        user.PasswordHash = null;
        user.TwoFactorEnabled = false;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.OrganisationId = null;
        user.OrganisationJoinedVia = null;
        user.OrganisationJoinedUtc = null;
        user.IsOrganisationAdmin = false;
        user.SecurityStamp = Guid.NewGuid().ToString();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.Record(OrganisationAudit.DirectoryChain, userId, now, "Account", userId, "Erased", "Active", "Erased");
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}
