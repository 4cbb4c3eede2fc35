using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Publication;

/// <summary>Each partner organisation's consent to the current proposal, shared by the proposal page and the public loader.</summary>
internal static class ConsentQueries
{
    /// <summary>The partner organisations (those of the members) with their consent to the publication's current version, by name.</summary>
    public static async Task<List<PartnerConsent>> PartnersAsync(WorkspaceDbContext db, Guid partnershipId, Publication? publication, CancellationToken cancellationToken)
    {
        var organisations = await db.Memberships.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId && m.User!.OrganisationId != null)
            .GroupBy(m => new { m.User!.Organisation!.Id, m.User.Organisation.Name, m.User.Organisation.Sector })
            .Select(g => new { g.Key.Id, g.Key.Name, g.Key.Sector, FirstJoinedUtc = g.Min(m => m.JoinedUtc) })
            .ToListAsync(cancellationToken);
        var consents = publication is null
            ? []
            : await db.PublicationConsents.AsNoTracking()
                .Where(c => c.PublicationId == publication.Id && c.ProposalVersion == publication.ProposalVersion)
                .Select(c => new
                {
                    Consent = c,
                    ConsentedBy = db.Users.Where(u => u.Id == c.ConsentedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    WithdrawnBy = db.Users.Where(u => u.Id == c.WithdrawnByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken);
        return [.. organisations
            .Select(o =>
            {
                var row = consents.FirstOrDefault(c => c.Consent.OrganisationId == o.Id);
                var state = PublicationRules.StateOf(row?.Consent);
                return new PartnerConsent(o.Id, o.Name, o.Sector, state,
                    state switch { ConsentState.Consented => row!.ConsentedBy, ConsentState.Withdrawn => row!.WithdrawnBy, _ => null },
                    state switch { ConsentState.Consented => row!.Consent.ConsentedUtc, ConsentState.Withdrawn => row!.Consent.WithdrawnUtc, _ => null },
                    publication is not null && o.FirstJoinedUtc > publication.ProposedUtc);
            })
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)];
    }
}
