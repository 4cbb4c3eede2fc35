using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Email;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Hosting;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Members;

/// <summary>Members of a partnership and the invitations that admit new ones.</summary>
public sealed class MemberService(
    IDbContextFactory<WorkspaceDbContext> dbFactory,
    IPartnershipEvents events,
    IAppEmailSender email,
    IOptions<InvitationOptions> invitationOptions,
    PublicOrigin origin,
    TimeProvider clock,
    IOptions<QuotaLimits>? quotas = null)
{
    private readonly QuotaLimits _quotas = quotas?.Value ?? new();

    private const string LastFacilitatorMessage =
        "A partnership always needs at least one facilitator. Make someone else a facilitator first.";

    public async Task<Result<IReadOnlyList<MemberView>>> ListAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        return Result<IReadOnlyList<MemberView>>.Ok(await MemberQueries.ListAsync(db, partnershipId, cancellationToken));
    }

    /// <summary>Pending and recently closed invitations; facilitators only.</summary>
    public async Task<Result<IReadOnlyList<InvitationView>>> ListInvitationsAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "see invitations", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        return Result<IReadOnlyList<InvitationView>>.Ok(await InvitationsAsync(db, partnershipId, clock.GetUtcNow().UtcDateTime, cancellationToken));
    }

    /// <summary>The partnership's open invitations, pending first; for a caller that checked the viewer is a facilitator.</summary>
    internal static async Task<IReadOnlyList<InvitationView>> InvitationsAsync(WorkspaceDbContext db, Guid partnershipId, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.Invitations.AsNoTracking()
            .Where(i => i.PartnershipId == partnershipId && i.AcceptedUtc == null)
            .Join(db.Users, i => i.InvitedByUserId, u => u.Id, (i, u) => new { Invitation = i, InvitedBy = u.DisplayName })
            .ToListAsync(cancellationToken);

        return [.. rows
            .Select(r => ToView(r.Invitation, r.InvitedBy, now))
            .OrderBy(v => v.State)
            .ThenByDescending(v => v.CreatedUtc)];
    }

    public async Task<Result<IssuedInvitation>> InviteAsync(string userId, Guid partnershipId, InviteInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "invite people", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rules = new InputRules()
            .Email(nameof(InviteInput.Email), input.Email, Invitation.EmailMaxLength)
            .Defined(nameof(InviteInput.Role), "Role", input.Role);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var address = InputRules.NormaliseEmail(input.Email);
        var normalised = address.ToUpperInvariant();
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.Memberships.AnyAsync(m => m.PartnershipId == partnershipId && m.User!.NormalizedEmail == normalised, cancellationToken))
        {
            return ServiceError.Invalid(nameof(InviteInput.Email), $"{address} is already a member of this partnership.");
        }

        if (await db.Invitations.AnyAsync(i => i.PartnershipId == partnershipId && i.Email == address
                && i.AcceptedUtc == null && i.RevokedUtc == null && i.ExpiresUtc > now, cancellationToken))
        {
            return ServiceError.Invalid(nameof(InviteInput.Email),
                $"{address} already has a pending invitation. Renew or revoke it in the list of invitations.");
        }

        if (await Quotas.InvitationsAsync(db, _quotas, userId, partnershipId, now, cancellationToken) is { } refused)
        {
            return refused;
        }

        var token = InvitationTokens.NewToken();
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Email = address,
            Role = input.Role,
            OrganisationId = input.AsColleague ? await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken) : null,
            TokenHash = InvitationTokens.Hash(token),
            InvitedByUserId = userId,
            CreatedUtc = now,
            ExpiresUtc = now + invitationOptions.Value.Lifetime,
        };
        db.Invitations.Add(invitation);
        db.Record(partnershipId, userId, now, nameof(Invitation), invitation.Id, "Invited", null, $"{address} as {input.Role}");
        await db.SaveChangesAsync(cancellationToken);

        var issued = await IssueAsync(db, invitation, token, now, cancellationToken);
        await events.PublishAsync(new InvitationChanged(partnershipId, userId, invitation.Id), cancellationToken);
        return issued;
    }

    /// <summary>Replaces the link of a pending or expired invitation with a new one and restarts its expiry.</summary>
    public async Task<Result<IssuedInvitation>> RenewInvitationAsync(string userId, Guid partnershipId, Guid invitationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "renew invitations", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.PartnershipId == partnershipId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (invitation is null)
        {
            return ServiceError.NotFound;
        }

        if (invitation.StateAt(now) is InvitationState.Accepted or InvitationState.Revoked)
        {
            return ServiceError.Conflict($"This invitation was already {invitation.StateAt(now).ToString().ToLowerInvariant()}; it cannot be renewed.");
        }

        if (await Quotas.InvitationsAsync(db, _quotas, userId, partnershipId, now, cancellationToken) is { } refused)
        {
            return refused;
        }

        var token = InvitationTokens.NewToken();
        invitation.TokenHash = InvitationTokens.Hash(token);
        invitation.ExpiresUtc = now + invitationOptions.Value.Lifetime;
        db.Record(partnershipId, userId, now, nameof(Invitation), invitation.Id, "Renewed", null, invitation.Email);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("This invitation changed at the same moment. Reload the list and try again.");
        }

        var issued = await IssueAsync(db, invitation, token, now, cancellationToken);
        await events.PublishAsync(new InvitationChanged(partnershipId, userId, invitation.Id), cancellationToken);
        return issued;
    }

    public async Task<Result> RevokeInvitationAsync(string userId, Guid partnershipId, Guid invitationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "revoke invitations", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.PartnershipId == partnershipId, cancellationToken);
        if (invitation is null)
        {
            return ServiceError.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (invitation.AcceptedUtc is not null)
        {
            return ServiceError.Conflict("This invitation has already been accepted. Remove the member instead.");
        }

        if (invitation.RevokedUtc is not null)
        {
            return Result.Ok();
        }

        invitation.RevokedUtc = now;
        invitation.RevokedByUserId = userId;
        db.Record(partnershipId, userId, now, nameof(Invitation), invitation.Id, "Revoked", null, invitation.Email);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("This invitation changed at the same moment (it may just have been accepted). Reload the list.");
        }

        await events.PublishAsync(new InvitationChanged(partnershipId, userId, invitation.Id), cancellationToken);
        return Result.Ok();
    }

    public async Task<Result> ChangeRoleAsync(string userId, Guid partnershipId, string memberUserId, PartnershipRole role, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "change roles", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (!Enum.IsDefined(role))
        {
            return ServiceError.Invalid("Role", "Choose a valid role.");
        }

        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.PartnershipId == partnershipId && m.UserId == memberUserId, cancellationToken);
        if (membership is null)
        {
            return ServiceError.NotFound;
        }

        if (membership.Role == role)
        {
            return Result.Ok();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var oldRole = membership.Role;
        membership.Role = role;
        db.Record(partnershipId, userId, now, nameof(Membership), memberUserId, nameof(Membership.Role), oldRole.ToString(), role.ToString());
        var saved = await SaveKeepingAFacilitatorAsync(db, partnershipId, cancellationToken);
        if (!saved.Succeeded)
        {
            return saved;
        }

        await events.PublishAsync(new MemberRoleChanged(partnershipId, userId, memberUserId, role), cancellationToken);
        return Result.Ok();
    }

    /// <summary>Removes a member (facilitators), or lets members remove themselves (leave).</summary>
    public async Task<Result> RemoveAsync(string userId, Guid partnershipId, string memberUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var leaving = memberUserId == userId;
        var access = leaving
            ? await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Observer, "leave", cancellationToken)
            : await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "remove members", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var membership = await db.Memberships.Include(m => m.User)
            .FirstOrDefaultAsync(m => m.PartnershipId == partnershipId && m.UserId == memberUserId, cancellationToken);
        if (membership is null)
        {
            return ServiceError.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Memberships.Remove(membership);
        db.Record(partnershipId, userId, now, nameof(Membership), memberUserId, nameof(Membership.Role),
            membership.Role.ToString(), leaving ? "Left" : "Removed");
        var saved = await SaveKeepingAFacilitatorAsync(db, partnershipId, cancellationToken);
        if (!saved.Succeeded)
        {
            return saved;
        }

        await events.PublishAsync(new MemberRemoved(partnershipId, userId, memberUserId, membership.User?.DisplayName ?? ""), cancellationToken);
        return Result.Ok();
    }

    /// <summary>What a person opening an invitation link sees; needs no sign-in.</summary>
    public async Task<InvitationPreview?> PreviewInvitationAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 128)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = InvitationTokens.Hash(token);
        var row = await db.Invitations.AsNoTracking()
            .Where(i => i.TokenHash == hash)
            .Select(i => new
            {
                Invitation = i,
                PartnershipName = i.Partnership!.Name,
                InvitedBy = db.Users.Where(u => u.Id == i.InvitedByUserId)
                    .Select(u => new { u.DisplayName, u.OrganisationId, Organisation = u.Organisation != null ? u.Organisation.Name : null })
                    .FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return new InvitationPreview(row.Invitation.PartnershipId, row.PartnershipName, row.Invitation.Email, row.Invitation.Role,
            row.InvitedBy?.DisplayName ?? "A facilitator", row.InvitedBy?.Organisation, row.Invitation.StateAt(now), row.Invitation.ExpiresUtc,
            row.Invitation.OrganisationId is not null && row.Invitation.OrganisationId == row.InvitedBy?.OrganisationId ? row.InvitedBy.Organisation : null);
    }

    /// <summary>
    /// Admits the signed-in person to the invitation's partnership. The link works once, until it expires
    /// or is revoked, and only for the account with the invited email address.
    /// </summary>
    public async Task<Result<Guid>> AcceptInvitationAsync(string userId, string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 128)
        {
            return InvalidLink;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = InvitationTokens.Hash(token);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (invitation is null || user is null)
        {
            return InvalidLink;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        switch (invitation.StateAt(now))
        {
            case InvitationState.Accepted:
                return ServiceError.Conflict("This invitation link has already been used. Ask a facilitator for a new one if you need it.");
            case InvitationState.Revoked:
                return ServiceError.Conflict("This invitation was withdrawn by a facilitator. Ask them for a new one if you need it.");
            case InvitationState.Expired:
                return ServiceError.Conflict("This invitation has expired. Ask a facilitator to renew it.");
        }

        if (!string.Equals(user.NormalizedEmail, invitation.Email.ToUpperInvariant(), StringComparison.Ordinal))
        {
            return ServiceError.Forbidden(
                $"This invitation was sent to {invitation.Email}, but you are signed in as {user.Email}. Sign out, then open the link again and use the invited address.");
        }

        if (await db.Memberships.AnyAsync(m => m.PartnershipId == invitation.PartnershipId && m.UserId == userId, cancellationToken))
        {
            return ServiceError.Conflict("You are already a member of this partnership.");
        }

        invitation.AcceptedUtc = now;
        invitation.AcceptedByUserId = userId;
        db.Memberships.Add(new Membership
        {
            Id = Guid.NewGuid(),
            PartnershipId = invitation.PartnershipId,
            UserId = userId,
            Role = invitation.Role,
            JoinedUtc = now,
        });
        db.Record(invitation.PartnershipId, userId, now, nameof(Membership), userId, nameof(Membership.Role), null, invitation.Role.ToString());
        await JoinInvitersOrganisationAsync(db, invitation, user, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
        {
            // Another request used the same link (version check) or joined the same person (unique index) first.
            return ServiceError.Conflict("This invitation link has already been used.");
        }

        var member = await MemberQueries.FindAsync(db, invitation.PartnershipId, userId, cancellationToken);
        await events.PublishAsync(new MemberJoined(invitation.PartnershipId, userId, member!), cancellationToken);
        await events.PublishAsync(new InvitationChanged(invitation.PartnershipId, userId, invitation.Id), cancellationToken);
        return invitation.PartnershipId;
    }

    /// <summary>
    /// An invitation to a colleague names the inviter's organisation: the accepted link proves the
    /// address, and the inviter (who must still speak for it) vouches for the person.
    /// </summary>
    private static async Task JoinInvitersOrganisationAsync(WorkspaceDbContext db, Invitation invitation, ApplicationUser user, DateTime now, CancellationToken cancellationToken)
    {
        if (invitation.OrganisationId is not { } organisationId || user.OrganisationId is not null
            || !await db.Users.AnyAsync(u => u.Id == invitation.InvitedByUserId && u.OrganisationId == organisationId, cancellationToken))
        {
            return;
        }

        var organisation = await db.Organisations.FirstAsync(o => o.Id == organisationId, cancellationToken);
        await OrganisationMembershipService.CloseOpenRequestsAsync(db, user.Id, JoinRequestState.Withdrawn, user.Id, now, cancellationToken);
        await OrganisationMembershipService.JoinAsync(db, user, organisation, OrganisationJoinedVia.Invitation, invitation.InvitedByUserId, now, cancellationToken);
        // The membership being added is not in the database yet: its partnership sees the change too.
        db.Record(invitation.PartnershipId, invitation.InvitedByUserId, now, OrganisationAudit.SpeaksForEntity, user.Id,
            nameof(OrganisationJoinedVia.Invitation), null, organisation.Name);
    }

    private static ServiceError InvalidLink =>
        new(ErrorKind.NotFound, "This invitation link is not valid. Check that you copied all of it, or ask a facilitator for a new one.");

    /// <summary>
    /// Saves a membership change and re-counts facilitators inside the same transaction, so two
    /// facilitators demoting each other at once cannot leave the partnership without one.
    /// </summary>
    private static async Task<Result> SaveKeepingAFacilitatorAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("This member changed at the same moment. Reload the list and try again.");
        }

        if (!await db.Memberships.AnyAsync(m => m.PartnershipId == partnershipId && m.Role == PartnershipRole.Facilitator, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return ServiceError.Conflict(LastFacilitatorMessage);
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Ok();
    }

    private async Task<IssuedInvitation> IssueAsync(WorkspaceDbContext db, Invitation invitation, string token, DateTime now, CancellationToken cancellationToken)
    {
        var inviter = await db.Users.Where(u => u.Id == invitation.InvitedByUserId)
            .Select(u => new { u.DisplayName, Organisation = u.Organisation != null ? u.Organisation.Name : null })
            .FirstAsync(cancellationToken);
        var partnershipName = await db.Partnerships.Where(p => p.Id == invitation.PartnershipId).Select(p => p.Name).FirstAsync(cancellationToken);
        var view = ToView(invitation, inviter.DisplayName, now);

        // Under the public origin, never the inviting circuit's address: the link goes to someone else.
        var link = origin.Link(InvitationTokens.LinkPath(token)).AbsoluteUri;
        var emailed = false;
        if (email.SendsMail)
        {
            var from = inviter.Organisation is null ? inviter.DisplayName : $"{inviter.DisplayName} ({inviter.Organisation})";
            try
            {
                await email.SendAsync(invitation.Email, $"Invitation to join {partnershipName}",
                    $"<p>{WebUtility.HtmlEncode(from)} invites you to join <strong>{WebUtility.HtmlEncode(partnershipName)}</strong> " +
                    $"as {invitation.Role.ToString().ToLowerInvariant()} in Partnership Workspace.</p>" +
                    $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Accept the invitation</a> (the link works once and expires on {invitation.ExpiresUtc:d MMMM yyyy} UTC).</p>",
                    cancellationToken);
                emailed = true;
            }
#pragma warning disable CA1031 // The invitation stands without the email: the facilitator still gets the link to copy.
            catch (Exception)
#pragma warning restore CA1031
            {
                emailed = false;
            }
        }

        return new IssuedInvitation(view, token, link, emailed);
    }

    private static InvitationView ToView(Invitation invitation, string invitedBy, DateTime now) =>
        new(invitation.Id, invitation.Email, invitation.Role, invitation.StateAt(now), invitation.CreatedUtc, invitation.ExpiresUtc, invitedBy);
}

public sealed record InvitationPreview(
    Guid PartnershipId, string PartnershipName, string Email, PartnershipRole Role, string InvitedByName, string? InvitedByOrganisation,
    InvitationState State, DateTime ExpiresUtc, string? Organisation = null);
