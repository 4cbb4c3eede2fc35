using Microsoft.EntityFrameworkCore;
using Workspace.Web.Components.Common;
using Workspace.Web.Data;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;

namespace Workspace.Web.Features.Publication;

/// <summary>
/// Loads a public results page in one call. Null for an unknown slug, a proposal not every partner has
/// consented to, and a withdrawn consent alike, so a stranger cannot tell whether a partnership exists.
/// </summary>
public sealed class PublicResultsView(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>What a member without an organisation is called where dissent is listed by organisation.</summary>
    public const string NoOrganisation = "A member speaking for no organisation";

    /// <summary>
    /// Whether the page is public now, by the same rule as <see cref="LoadAsync"/> without reading what it
    /// shows: asked for every watcher joining it live (decision 018).
    /// </summary>
    public async Task<bool> IsLiveAsync(string? slug, CancellationToken cancellationToken = default)
    {
        if (PublicationRules.SlugProblem(slug) is not null)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var publication = await db.Publications.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        return publication is not null
            && PublicationRules.IsLive(await ConsentQueries.PartnersAsync(db, publication.PartnershipId, publication, cancellationToken));
    }

    public async Task<PublicResults?> LoadAsync(string? slug, CancellationToken cancellationToken = default)
    {
        // Garbage never reaches the database.
        if (PublicationRules.SlugProblem(slug) is not null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var publication = await db.Publications.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (publication is null)
        {
            return null;
        }

        var partnershipId = publication.PartnershipId;
        var partners = await ConsentQueries.PartnersAsync(db, partnershipId, publication, cancellationToken);
        if (!PublicationRules.IsLive(partners))
        {
            return null;
        }

        var named = await NamedPeopleAsync(db, partnershipId, publication, cancellationToken);
        var name = await db.Partnerships.Where(p => p.Id == partnershipId).Select(p => p.Name).SingleAsync(cancellationToken);
        return new PublicResults(
            partnershipId,
            publication.Slug,
            new PublicHeader(publication.Title, publication.Summary, name, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)),
            await GoalsAsync(db, partnershipId, PublicationRules.Ids(publication.GoalIdsJson), PublicationRules.Ids(publication.IndicatorIdsJson), named, cancellationToken),
            await IndicatorsAsync(db, partnershipId, PublicationRules.Ids(publication.IndicatorIdsJson), cancellationToken),
            await DecisionsAsync(db, partnershipId, PublicationRules.Ids(publication.DecisionIdsJson), cancellationToken),
            await PartnersAsync(db, publication, [.. partners.Select(p => p.OrganisationId)], named, cancellationToken));
    }

    /// <summary>The names of the people this page could name (goal owners, consenting people) who opted in; everyone else stays unnamed.</summary>
    private static async Task<Dictionary<string, string>> NamedPeopleAsync(WorkspaceDbContext db, Guid partnershipId, Publication publication, CancellationToken cancellationToken)
    {
        var goalIds = PublicationRules.Ids(publication.GoalIdsJson);
        var owners = db.Goals.Where(g => g.PartnershipId == partnershipId && goalIds.Contains(g.Id) && g.OwnerUserId != null).Select(g => g.OwnerUserId!);
        var consenters = db.PublicationConsents.Where(c => c.PublicationId == publication.Id && c.ProposalVersion == publication.ProposalVersion)
            .Select(c => c.ConsentedByUserId);
        return await db.Users.AsNoTracking()
            .Where(u => u.ShowNameOnPublicPages && (owners.Contains(u.Id) || consenters.Contains(u.Id)))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    /// <summary>
    /// The chosen goals, each with its progress over its published indicators only: an unpublished
    /// indicator's value could otherwise be worked out from the goal's figure.
    /// </summary>
    private static async Task<PublicGoals> GoalsAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyList<Guid> ids, IReadOnlyList<Guid> indicatorIds, Dictionary<string, string> named, CancellationToken cancellationToken)
    {
        var goals = await db.Goals.AsNoTracking().Where(g => g.PartnershipId == partnershipId && ids.Contains(g.Id))
            .Select(g => new
            {
                g.Id,
                g.Title,
                g.Status,
                g.DueDate,
                g.OwnerUserId,
                Lead = db.Organisations.Where(o => o.Id == g.LeadOrganisationId).Select(o => o.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var goalIds = goals.Select(g => g.Id).ToList();
        var indicators = await db.Indicators.AsNoTracking().Where(i => goalIds.Contains(i.GoalId) && indicatorIds.Contains(i.Id))
            .Select(i => new
            {
                i.GoalId,
                i.Direction,
                i.Baseline,
                i.Target,
                Latest = db.CheckIns.Where(c => c.IndicatorId == i.Id).OrderByDescending(c => c.AsOf).ThenByDescending(c => c.RecordedUtc)
                    .Select(c => (double?)c.Value).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var progress = indicators.ToLookup(i => i.GoalId, i => i.Latest is { } value ? GoalProgress.Of(i.Direction, i.Baseline, i.Target, value) : (double?)null);
        return new PublicGoals(ValueList<PublicGoal>.Of(goals
            .OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase)
            .Select(g => new PublicGoal(g.Id, g.Title, g.Status, GoalProgress.OfGoal(progress[g.Id]), g.Lead,
                g.OwnerUserId is { } owner ? named.GetValueOrDefault(owner) : null, g.DueDate))));
    }

    private static async Task<ValueList<PublicIndicator>> IndicatorsAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var indicators = await db.Indicators.AsNoTracking().Where(i => i.PartnershipId == partnershipId && ids.Contains(i.Id))
            .Join(db.Goals, i => i.GoalId, g => g.Id, (i, g) => new { i.Id, i.Name, i.Unit, Goal = g.Title, i.Baseline, i.Target, i.Direction })
            .ToListAsync(cancellationToken);
        var indicatorIds = indicators.Select(i => i.Id).ToList();
        var checkIns = (await db.CheckIns.AsNoTracking().Where(c => indicatorIds.Contains(c.IndicatorId))
                .Select(c => new { c.IndicatorId, c.AsOf, c.RecordedUtc, c.Value }).ToListAsync(cancellationToken))
            .ToLookup(c => c.IndicatorId);
        return ValueList<PublicIndicator>.Of(indicators
            .OrderBy(i => i.Goal, StringComparer.CurrentCultureIgnoreCase).ThenBy(i => i.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(i => new PublicIndicator(i.Id, i.Name, i.Unit, i.Goal, i.Baseline, i.Target, i.Direction,
                ValueList<TrendPoint>.Of(checkIns[i.Id].OrderBy(c => c.AsOf).ThenBy(c => c.RecordedUtc).TakeLast(DashboardIndicator.TrendLength)
                    .Select(c => new TrendPoint(c.AsOf, c.Value))))));
    }

    private static async Task<PublicDecisions> DecisionsAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var decisions = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.Kind == EntryKind.Decision && e.RemovedUtc == null && ids.Contains(e.Id))
            .Select(e => new { e.Id, e.Title, e.ClosedUtc, e.Outcome, e.CreatedUtc })
            .ToListAsync(cancellationToken);
        var decisionIds = decisions.Select(d => d.Id).ToList();
        var dissent = (await db.DecisionPositions.AsNoTracking()
                .Where(p => decisionIds.Contains(p.EntryId) && (p.Position == Position.Concerns || p.Position == Position.Objects))
                .Select(p => new { p.EntryId, p.Position, Organisation = db.Organisations.Where(o => o.Id == p.OrganisationId).Select(o => o.Name).FirstOrDefault() })
                .ToListAsync(cancellationToken))
            .ToLookup(p => p.EntryId);
        return new PublicDecisions(ValueList<PublicDecision>.Of(decisions
            .OrderByDescending(d => d.ClosedUtc ?? d.CreatedUtc)
            .Select(d => new PublicDecision(d.Id, d.Title, d.ClosedUtc, d.ClosedUtc is null ? null : d.Outcome,
                ValueList<PublicDissent>.Of(dissent[d.Id]
                    .Select(p => new PublicDissent(p.Organisation ?? NoOrganisation, p.Position))
                    .Distinct()
                    .OrderByDescending(p => p.Position).ThenBy(p => p.Organisation, StringComparer.CurrentCultureIgnoreCase))))));
    }

    private static async Task<PublicPartners> PartnersAsync(WorkspaceDbContext db, Publication publication, List<Guid> partnerIds, Dictionary<string, string> named, CancellationToken cancellationToken)
    {
        var consents = await db.PublicationConsents.AsNoTracking()
            .Where(c => c.PublicationId == publication.Id && c.ProposalVersion == publication.ProposalVersion && c.WithdrawnUtc == null
                && partnerIds.Contains(c.OrganisationId))
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new { o.Name, o.Sector, c.ConsentedByUserId, c.ConsentedUtc })
            .ToListAsync(cancellationToken);
        return new PublicPartners(ValueList<PublicPartner>.Of(consents
            .OrderBy(c => c.Sector).ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(c => new PublicPartner(c.Name, c.Sector, named.GetValueOrDefault(c.ConsentedByUserId), c.ConsentedUtc))));
    }
}
