using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Members;

/// <summary>Loads the members page in one call: membership checked once, invitations read only for a facilitator.</summary>
public sealed class MembersPageService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Result<MembersPageModel>> LoadAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is not { } role)
        {
            return ServiceError.NotFound;
        }

        var name = await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId).Select(p => p.Name).FirstAsync(cancellationToken);
        var members = await MemberQueries.ListAsync(db, partnershipId, cancellationToken);
        var invitations = role == PartnershipRole.Facilitator
            ? await MemberService.InvitationsAsync(db, partnershipId, clock.GetUtcNow().UtcDateTime, cancellationToken)
            : [];
        return new MembersPageModel(name, role, members, invitations);
    }
}
