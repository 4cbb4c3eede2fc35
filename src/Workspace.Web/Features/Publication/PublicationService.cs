using Microsoft.EntityFrameworkCore;
using Workspace.Web.Components.Common;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Publication;

/// <summary>
/// The proposal of a partnership's public results page and each partner organisation's consent to it.
/// Facilitators propose; one person who speaks for each partner organisation consents for it, or
/// withdraws. The page is public only while every partner consents to the current proposal version
/// (ADR 018). Every change is audited and published after it commits.
/// </summary>
public sealed class PublicationService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, PublicResultsCache? cache = null)
{
    public const string Entity = nameof(Publication);
    public const string ConsentEntity = nameof(PublicationConsent);

    public async Task<Result<PublicationView>> GetAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        return await LoadAsync(db, userId!, role.Value, partnershipId, cancellationToken);
    }

    /// <summary>
    /// Saves what to publish. When anything changes, the proposal gets a new version: consents given to the
    /// previous one no longer count, so the page is not public until every partner consents again.
    /// </summary>
    public async Task<Result<PublicationView>> ProposeAsync(string userId, Guid partnershipId, ProposalInput input, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "propose what to publish", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var slug = (input.Slug ?? "").Trim();
        var rules = new InputRules()
            .Required(nameof(ProposalInput.Title), "Title", input.Title, Publication.TitleMaxLength)
            .Required(nameof(ProposalInput.Summary), "Summary", input.Summary, Publication.SummaryMaxLength)
            .Check(input.GoalIds.Count + input.IndicatorIds.Count + input.DecisionIds.Count <= Publication.MaxItems * 3, "Items",
                $"Choose at most {Publication.MaxItems} goals, indicators and decisions each.");
        if (PublicationRules.SlugProblem(slug) is { } slugProblem)
        {
            rules.Add(nameof(ProposalInput.Slug), slugProblem);
        }

        // Ids from another partnership (or made up) are refused, not silently dropped: the proposal would not be what was reviewed.
        var goals = await db.Goals.Where(g => g.PartnershipId == partnershipId && input.GoalIds.Contains(g.Id)).CountAsync(cancellationToken);
        var indicators = await db.Indicators.Where(i => i.PartnershipId == partnershipId && input.IndicatorIds.Contains(i.Id)).CountAsync(cancellationToken);
        var decisions = await db.LogEntries.Where(e => e.PartnershipId == partnershipId && e.Kind == EntryKind.Decision && e.RemovedUtc == null
            && input.DecisionIds.Contains(e.Id)).CountAsync(cancellationToken);
        rules.Check(goals == input.GoalIds.Count, nameof(ProposalInput.GoalIds), "One of the chosen goals is not in this partnership.")
            .Check(indicators == input.IndicatorIds.Count, nameof(ProposalInput.IndicatorIds), "One of the chosen indicators is not in this partnership.")
            .Check(decisions == input.DecisionIds.Count, nameof(ProposalInput.DecisionIds), "One of the chosen decisions is not in this partnership's log.");
        var publication = await db.Publications.FirstOrDefaultAsync(p => p.PartnershipId == partnershipId, cancellationToken);
        if (rules.IsValid && await db.Publications.AnyAsync(p => p.Slug == slug && p.PartnershipId != partnershipId, cancellationToken))
        {
            rules.Add(nameof(ProposalInput.Slug), $"Another partnership's page already uses \"{slug}\". Choose another address.");
        }

        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if ((publication?.Version ?? 0) != expectedVersion)
        {
            return ServiceError.Conflict("Someone changed the proposal while you were editing it. Your changes are kept below; check theirs, then save again.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (title, summary) = (InputRules.Stored(input.Title), InputRules.Stored(input.Summary));
        var (goalIds, indicatorIds, decisionIds) = (PublicationRules.IdsJson(input.GoalIds), PublicationRules.IdsJson(input.IndicatorIds), PublicationRules.IdsJson(input.DecisionIds));
        string? before = null;
        if (publication is null)
        {
            publication = new Publication { Id = Guid.NewGuid(), PartnershipId = partnershipId };
            db.Publications.Add(publication);
        }
        else if (publication.Slug == slug && publication.Title == title && publication.Summary == summary
            && publication.GoalIdsJson == goalIds && publication.IndicatorIdsJson == indicatorIds && publication.DecisionIdsJson == decisionIds)
        {
            return await LoadAsync(db, userId, access.Value, partnershipId, cancellationToken);
        }
        else
        {
            before = Describe(publication.Slug, publication.Title, PublicationRules.Ids(publication.GoalIdsJson).Count,
                PublicationRules.Ids(publication.IndicatorIdsJson).Count, PublicationRules.Ids(publication.DecisionIdsJson).Count);
        }

        publication.Slug = slug;
        publication.Title = title;
        publication.Summary = summary;
        publication.GoalIdsJson = goalIds;
        publication.IndicatorIdsJson = indicatorIds;
        publication.DecisionIdsJson = decisionIds;
        publication.ProposalVersion++;
        publication.ProposedByUserId = userId;
        publication.ProposedUtc = now;
        db.Record(partnershipId, userId, now, Entity, publication.Id, before is null ? "Proposed" : "Changed", before,
            AuditTrail.Join($"Version {publication.ProposalVersion}",
                Describe(slug, title, input.GoalIds.Count, input.IndicatorIds.Count, input.DecisionIds.Count)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("Someone changed the proposal while you were editing it. Your changes are kept below; check theirs, then save again.");
        }
        catch (DbUpdateException)
        {
            // Two partnerships taking the same slug at once: the unique index lets one through.
            if (!await SlugTakenAsync(partnershipId, slug, cancellationToken))
            {
                throw;
            }

            return ServiceError.Invalid(nameof(ProposalInput.Slug), $"Another partnership's page already uses \"{slug}\". Choose another address.");
        }

        await AnnounceAsync(partnershipId, userId, cancellationToken);
        return await LoadAsync(db, userId, access.Value, partnershipId, cancellationToken);
    }

    /// <summary>
    /// Gives <paramref name="organisationId"/>'s consent to proposal version <paramref name="proposalVersion"/>.
    /// Only a member whose account speaks for that organisation may, and only for it.
    /// </summary>
    public Task<Result<PublicationView>> ConsentAsync(string userId, Guid partnershipId, Guid organisationId, int proposalVersion, CancellationToken cancellationToken = default) =>
        ChangeConsentAsync(userId, partnershipId, organisationId, proposalVersion, consent: true, cancellationToken);

    /// <summary>Withdraws the organisation's consent: the page stops being public at once.</summary>
    public Task<Result<PublicationView>> WithdrawAsync(string userId, Guid partnershipId, Guid organisationId, int proposalVersion, CancellationToken cancellationToken = default) =>
        ChangeConsentAsync(userId, partnershipId, organisationId, proposalVersion, consent: false, cancellationToken);

    private async Task<Result<PublicationView>> ChangeConsentAsync(string userId, Guid partnershipId, Guid organisationId, int proposalVersion, bool consent, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        var publication = await db.Publications.FirstOrDefaultAsync(p => p.PartnershipId == partnershipId, cancellationToken);
        if (publication is null)
        {
            return ServiceError.Conflict("Nothing has been proposed yet, so there is nothing to consent to.");
        }

        var view = await LoadAsync(db, userId, role.Value, partnershipId, cancellationToken);
        if (view.Can.ConsentFor != organisationId)
        {
            return ServiceError.Forbidden(view.Can.ConsentFor is null
                ? view.Can.WhyNotConsent ?? "You cannot consent for an organisation here."
                : $"You can consent only for {view.Can.ConsentForName}, the organisation your account speaks for.");
        }

        if (publication.ProposalVersion != proposalVersion)
        {
            return ServiceError.Conflict($"The proposal changed (it is now version {publication.ProposalVersion}) since you opened it. Read it again before you decide.");
        }

        var row = await db.PublicationConsents.FirstOrDefaultAsync(c => c.PublicationId == publication.Id
            && c.OrganisationId == organisationId && c.ProposalVersion == proposalVersion, cancellationToken);
        var state = PublicationRules.StateOf(row);
        if (consent ? state == ConsentState.Consented : state != ConsentState.Consented)
        {
            return ServiceError.Conflict(consent
                ? $"{view.Can.ConsentForName} has already consented to this version."
                : $"{view.Can.ConsentForName} has not consented to this version, so there is nothing to withdraw.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (row is null)
        {
            row = new PublicationConsent
            {
                Id = Guid.NewGuid(),
                PublicationId = publication.Id,
                PartnershipId = partnershipId,
                OrganisationId = organisationId,
                ProposalVersion = proposalVersion,
            };
            db.PublicationConsents.Add(row);
        }

        if (consent)
        {
            (row.ConsentedByUserId, row.ConsentedUtc, row.WithdrawnByUserId, row.WithdrawnUtc) = (userId, now, null, null);
        }
        else
        {
            (row.WithdrawnByUserId, row.WithdrawnUtc) = (userId, now);
        }

        db.Record(partnershipId, userId, now, ConsentEntity, organisationId, consent ? "Consented" : "Withdrawn", null,
            AuditTrail.Join($"Version {proposalVersion}", view.Can.ConsentForName));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two people of the same organisation deciding at once: the first one counts.
            return ServiceError.Conflict($"Someone else from {view.Can.ConsentForName} decided at the same moment. Look at the list again.");
        }

        await AnnounceAsync(partnershipId, userId, cancellationToken);
        return await LoadAsync(db, userId, role.Value, partnershipId, cancellationToken);
    }

    // This node's cached page goes at once, before the event reaches other nodes' caches and open pages.
    private async Task AnnounceAsync(Guid partnershipId, string userId, CancellationToken cancellationToken)
    {
        if (cache is not null)
        {
            await cache.EvictAsync(partnershipId, cancellationToken);
        }

        await events.PublishAsync(new PublicationChanged(partnershipId, userId), cancellationToken);
    }

    private async Task<bool> SlugTakenAsync(Guid partnershipId, string slug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Publications.AnyAsync(p => p.Slug == slug && p.PartnershipId != partnershipId, cancellationToken);
    }

    private static string Describe(string slug, string title, int goals, int indicators, int decisions) =>
        $"“{title}” at /public/{slug}: {goals} goals, {indicators} indicators, {decisions} decisions";

    private static async Task<PublicationView> LoadAsync(WorkspaceDbContext db, string userId, PartnershipRole role, Guid partnershipId, CancellationToken cancellationToken)
    {
        var name = await db.Partnerships.Where(p => p.Id == partnershipId).Select(p => p.Name).SingleAsync(cancellationToken);
        var publication = await db.Publications.AsNoTracking().FirstOrDefaultAsync(p => p.PartnershipId == partnershipId, cancellationToken);
        var partners = await ConsentQueries.PartnersAsync(db, partnershipId, publication, cancellationToken);
        var goals = await db.Goals.AsNoTracking().Where(g => g.PartnershipId == partnershipId)
            .Select(g => new { g.Id, g.Title, g.Status }).ToListAsync(cancellationToken);
        var indicators = await db.Indicators.AsNoTracking().Where(i => i.PartnershipId == partnershipId)
            .Join(db.Goals, i => i.GoalId, g => g.Id, (i, g) => new { i.Id, i.Name, Goal = g.Title }).ToListAsync(cancellationToken);
        var decisions = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.Kind == EntryKind.Decision && e.RemovedUtc == null)
            .Select(e => new { e.Id, e.Title, e.ClosedUtc }).ToListAsync(cancellationToken);
        var me = await db.Users.Where(u => u.Id == userId).Select(u => new { u.OrganisationId }).SingleAsync(cancellationToken);

        ProposalView? proposal = null;
        if (publication is not null)
        {
            var by = await db.Users.Where(u => u.Id == publication.ProposedByUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
            proposal = new ProposalView(publication.Slug, publication.Title, publication.Summary,
                ValueList<Guid>.Of(PublicationRules.Ids(publication.GoalIdsJson)), ValueList<Guid>.Of(PublicationRules.Ids(publication.IndicatorIdsJson)),
                ValueList<Guid>.Of(PublicationRules.Ids(publication.DecisionIdsJson)), publication.ProposalVersion, by ?? "A former member",
                publication.ProposedUtc, publication.Version);
        }

        var byTitle = StringComparer.CurrentCultureIgnoreCase;
        return new PublicationView(partnershipId, name, proposal, ValueList<PartnerConsent>.Of(partners),
            ValueList<PublishOption>.Of(goals.OrderBy(g => g.Title, byTitle).Select(g => new PublishOption(g.Id, g.Title, EnumText.ToText(g.Status)))),
            ValueList<PublishOption>.Of(indicators.OrderBy(i => i.Name, byTitle).Select(i => new PublishOption(i.Id, i.Name, i.Goal))),
            ValueList<PublishOption>.Of(decisions.OrderBy(d => d.Title, byTitle).Select(d => new PublishOption(d.Id, d.Title, d.ClosedUtc is null ? "Open" : "Decided"))),
            Permissions(role, me.OrganisationId, partners));
    }

    /// <summary>Who may do what. Consent is the organisation's, so any member who speaks for a partner gives it (observers too), only for that partner.</summary>
    internal static PublicationPermissions Permissions(PartnershipRole role, Guid? organisationId, IReadOnlyList<PartnerConsent> partners)
    {
        var propose = role == PartnershipRole.Facilitator;
        if (organisationId is not { } mine)
        {
            return new(propose, null, null, "Your account does not speak for an organisation yet, so you cannot consent for one. Join your organisation from your profile.");
        }

        return partners.FirstOrDefault(p => p.OrganisationId == mine) is { } partner
            ? new(propose, mine, partner.Name, null)
            : new(propose, null, null, "Your organisation is not a partner here.");
    }
}
