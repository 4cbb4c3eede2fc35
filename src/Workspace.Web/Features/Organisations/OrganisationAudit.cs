using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Organisations;

/// <summary>
/// Writes organisation changes to the audit trail: once in the directory's own chain (records that
/// belong to no partnership) and once in every partnership the change is visible in, so partners see
/// it on their Activity page.
/// </summary>
internal static class OrganisationAudit
{
    /// <summary>The chain of records that belong to no partnership: the organisation directory and accounts.</summary>
    public static readonly Guid DirectoryChain = Guid.Empty;

    public const string OrganisationEntity = nameof(Organisation);

    /// <summary>Who speaks for an organisation; the record's entity id is the person, its field how it changed.</summary>
    public const string SpeaksForEntity = "OrganisationMember";

    public static void Record(WorkspaceDbContext db, IEnumerable<Guid> partnershipIds, string? userId, DateTime now,
        string entityType, object entityId, string field, string? oldValue, string? newValue)
    {
        db.Record(DirectoryChain, userId, now, entityType, entityId, field, oldValue, newValue);
        foreach (var partnershipId in partnershipIds)
        {
            db.Record(partnershipId, userId, now, entityType, entityId, field, oldValue, newValue);
        }
    }

    /// <summary>Partnerships in which someone who speaks for the organisation is a member.</summary>
    public static async Task<List<Guid>> PartnershipsOfOrganisationAsync(WorkspaceDbContext db, Guid organisationId, CancellationToken cancellationToken) =>
        await db.Memberships.Where(m => m.User!.OrganisationId == organisationId).Select(m => m.PartnershipId).Distinct().ToListAsync(cancellationToken);

    /// <summary>Partnerships the person is a member of.</summary>
    public static async Task<List<Guid>> PartnershipsOfPersonAsync(WorkspaceDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.Memberships.Where(m => m.UserId == userId).Select(m => m.PartnershipId).ToListAsync(cancellationToken);
}
