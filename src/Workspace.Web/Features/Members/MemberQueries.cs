using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Members;

internal static class MemberQueries
{
    public static IQueryable<MemberView> Project(IQueryable<Membership> memberships) => memberships.Select(m => new MemberView(
        m.UserId,
        m.User!.DisplayName,
        m.User.Email ?? "",
        m.User.JobTitle,
        m.User.OrganisationId,
        m.User.Organisation != null ? m.User.Organisation.Name : "No organisation",
        m.User.Organisation != null && m.User.Organisation.Parent != null ? m.User.Organisation.Parent.Name : null,
        m.User.Organisation != null ? m.User.Organisation.Sector : null,
        m.Role,
        m.JoinedUtc));

    public static async Task<IReadOnlyList<MemberView>> ListAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var members = await Project(db.Memberships.AsNoTracking().Where(m => m.PartnershipId == partnershipId))
            .ToListAsync(cancellationToken);
        return [.. members.OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }

    public static Task<MemberView?> FindAsync(WorkspaceDbContext db, Guid partnershipId, string userId, CancellationToken cancellationToken) =>
        Project(db.Memberships.AsNoTracking().Where(m => m.PartnershipId == partnershipId && m.UserId == userId))
            .FirstOrDefaultAsync(cancellationToken);
}

public static class MemberGrouping
{
    /// <summary>Members grouped by their organisation's sector (in sector order), then by organisation name.</summary>
    public static IReadOnlyList<SectorGroup> BySector(IEnumerable<MemberView> members) => [.. members
        .GroupBy(m => m.Sector)
        .OrderBy(g => g.Key is null ? int.MaxValue : (int)g.Key)
        .Select(sector => new SectorGroup(sector.Key, [.. sector
            .GroupBy(m => (m.OrganisationId, m.OrganisationName, m.ParentOrganisationName))
            .OrderBy(o => o.Key.OrganisationName, StringComparer.CurrentCultureIgnoreCase)
            .Select(o => new OrganisationGroup(o.Key.OrganisationId, o.Key.OrganisationName, o.Key.ParentOrganisationName, [.. o
                .OrderByDescending(m => m.Role)
                .ThenBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)]))]))];

    public static IEnumerable<Sector> AllSectors => Enum.GetValues<Sector>();
}
