using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Partnerships;

/// <summary>
/// The membership check every partnership-scoped service call starts with, read from the database on
/// each call. A non-member gets the same "not found" whether the partnership exists or not.
/// </summary>
public static class PartnershipAccess
{
    public static async Task<PartnershipRole?> RoleOfAsync(this WorkspaceDbContext db, Guid partnershipId, string? userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        return await RoleQuery(db, partnershipId, userId, cancellationToken);
    }

    // Precompiled: every partnership-scoped call runs it, so it skips EF's per-call expression work.
    private static readonly Func<WorkspaceDbContext, Guid, string, CancellationToken, Task<PartnershipRole?>> RoleQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid partnershipId, string userId, CancellationToken _) =>
            db.Memberships
                .Where(m => m.PartnershipId == partnershipId && m.UserId == userId)
                .Select(m => (PartnershipRole?)m.Role)
                .FirstOrDefault());

    /// <summary>Returns the caller's role when it is at least <paramref name="required"/>, otherwise the error to show.</summary>
    public static async Task<Result<PartnershipRole>> RequireRoleAsync(
        this WorkspaceDbContext db, Guid partnershipId, string? userId, PartnershipRole required, string action, CancellationToken cancellationToken = default)
    {
        return Check(await db.RoleOfAsync(partnershipId, userId, cancellationToken), required, action);
    }

    /// <summary>
    /// The decision of <see cref="RequireRoleAsync"/> for a role already read from the database in the same
    /// operation (e.g. together with the record it guards): none is "not found", too low is "forbidden".
    /// </summary>
    public static Result<PartnershipRole> Check(PartnershipRole? role, PartnershipRole required, string action)
    {
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        if (role < required)
        {
            return ServiceError.Forbidden($"Only {Plural(required)} can {action}. Your role in this partnership is {role}.");
        }

        return role.Value;
    }

    private static string Plural(PartnershipRole role) => role switch
    {
        PartnershipRole.Facilitator => "facilitators",
        PartnershipRole.Contributor => "contributors and facilitators",
        _ => "members",
    };
}
