using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Publication;

namespace Workspace.Web.Data;

/// <summary>
/// The demo partnership's public results page, consented to by every partner organisation, so a newcomer
/// sees an example at <c>/public/safer-streets-results</c>.
/// </summary>
public static class DemoPublication
{
    public const string Slug = "safer-streets-results";

    public static async Task SeedAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyDictionary<string, ApplicationUser> peopleByEmail, DateTime nowUtc, CancellationToken ct)
    {
        if (await db.Publications.AnyAsync(p => p.PartnershipId == partnershipId || p.Slug == Slug, ct))
        {
            return;
        }

        var facilitator = peopleByEmail["facilitator@demo.local"];
        var goals = await db.Goals.Where(g => g.PartnershipId == partnershipId && g.ParentGoalId == null)
            .OrderBy(g => g.CreatedUtc).Select(g => g.Id).Take(4).ToListAsync(ct);
        var indicators = await db.Indicators.Where(i => i.PartnershipId == partnershipId && goals.Contains(i.GoalId))
            .OrderBy(i => i.CreatedUtc).Select(i => i.Id).Take(3).ToListAsync(ct);
        var decisions = await db.LogEntries.Where(e => e.PartnershipId == partnershipId && e.Kind == EntryKind.Decision && e.ClosedUtc != null && e.RemovedUtc == null)
            .OrderByDescending(e => e.ClosedUtc).Select(e => e.Id).Take(3).ToListAsync(ct);
        var proposedUtc = nowUtc.AddDays(-6);
        var publication = new Publication
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Slug = Slug,
            Title = "Safer Streets Partnership: results so far",
            Summary = "What the council, police, business and community partners set out to do together, how far they have come, and what they decided along the way.",
            GoalIdsJson = PublicationRules.IdsJson(goals),
            IndicatorIdsJson = PublicationRules.IdsJson(indicators),
            DecisionIdsJson = PublicationRules.IdsJson(decisions),
            ProposalVersion = 1,
            ProposedByUserId = facilitator.Id,
            ProposedUtc = proposedUtc,
        };
        db.Publications.Add(publication);
        db.Record(partnershipId, facilitator.Id, proposedUtc, PublicationService.Entity, publication.Id, "Proposed", null,
            AuditTrail.Join("Version 1", $"“{publication.Title}” at /public/{Slug}: {goals.Count} goals, {indicators.Count} indicators, {decisions.Count} decisions"));

        // One person of each partner organisation consents for it.
        var speakers = await db.Memberships.Where(m => m.PartnershipId == partnershipId && m.User!.OrganisationId != null)
            .OrderBy(m => m.Role == Features.Partnerships.PartnershipRole.Facilitator ? 0 : 1).ThenBy(m => m.JoinedUtc)
            .Select(m => new { m.UserId, OrganisationId = m.User!.OrganisationId!.Value, Organisation = m.User.Organisation!.Name })
            .ToListAsync(ct);
        var day = 0;
        foreach (var speaker in speakers.GroupBy(s => s.OrganisationId).Select(g => g.First()))
        {
            var at = proposedUtc.AddDays(++day).AddHours(2);
            db.PublicationConsents.Add(new PublicationConsent
            {
                Id = Guid.NewGuid(),
                PublicationId = publication.Id,
                PartnershipId = partnershipId,
                OrganisationId = speaker.OrganisationId,
                ProposalVersion = 1,
                ConsentedByUserId = speaker.UserId,
                ConsentedUtc = at,
            });
            db.Record(partnershipId, speaker.UserId, at, PublicationService.ConsentEntity, speaker.OrganisationId, "Consented", null,
                AuditTrail.Join("Version 1", speaker.Organisation));
        }

        await db.SaveChangesAsync(ct);
    }
}
