using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;

namespace Workspace.Web.Features.Workshops;

/// <summary>Names and organisations of a partnership's people, read once per call.</summary>
internal sealed class WorkshopPeople(Dictionary<string, (string Name, Guid? OrganisationId)> users, Dictionary<Guid, Organisations.Organisation> organisations)
{
    public static async Task<WorkshopPeople> LoadAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Where(u => db.Memberships.Any(m => m.PartnershipId == partnershipId && m.UserId == u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.OrganisationId })
            .ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.OrganisationId), cancellationToken);
        return new WorkshopPeople(users, organisations);
    }

    public Organisations.Organisation? Organisation(Guid? id) => id is { } value ? organisations.GetValueOrDefault(value) : null;

    /// <summary>The organisation a member belongs to now, if any.</summary>
    public Guid? OrganisationOf(string? userId) => userId is not null && users.TryGetValue(userId, out var user) ? user.OrganisationId : null;

    public PersonRef Ref(string userId, Guid? organisationId = null)
    {
        var (name, current) = users.TryGetValue(userId, out var user) ? user : ("A former member", null);
        var organisation = Organisation(organisationId ?? current);
        return new PersonRef(userId, name, organisation?.Name, organisation?.Sector);
    }
}
