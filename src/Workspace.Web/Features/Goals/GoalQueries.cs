using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Goals;

/// <summary>Builds goal summaries with a fixed number of queries, whatever the number of goals.</summary>
internal static class GoalQueries
{
    public static async Task<List<GoalSummary>> SummariesAsync(WorkspaceDbContext db, Guid partnershipId, Guid? onlyGoalId, CancellationToken cancellationToken)
    {
        var goals = await db.Goals.AsNoTracking()
            .Where(g => g.PartnershipId == partnershipId && (onlyGoalId == null || g.Id == onlyGoalId))
            .ToListAsync(cancellationToken);
        if (goals.Count == 0)
        {
            return [];
        }

        var organisations = await db.Organisations.AsNoTracking()
            .Select(o => new { o.Id, o.Name, o.Sector })
            .ToDictionaryAsync(o => o.Id, cancellationToken);
        var ownerIds = goals.Select(g => g.OwnerUserId).OfType<string>().Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        // The partnership's indicators and goals as subqueries, not as lists of ids: a thousand goals
        // would otherwise send thousands of parameters with each statement.
        var indicatorQuery = db.Indicators.AsNoTracking()
            .Where(i => i.PartnershipId == partnershipId && (onlyGoalId == null || i.GoalId == onlyGoalId));
        var indicators = await indicatorQuery
            .Select(i => new { i.Id, i.GoalId, i.Direction, i.Baseline, i.Target })
            .ToListAsync(cancellationToken);
        var latestRows = await LatestCheckIns(db, indicatorQuery.Select(i => i.Id))
            .Select(c => new { c.IndicatorId, c.Value })
            .ToListAsync(cancellationToken);
        var latest = latestRows.GroupBy(c => c.IndicatorId).ToDictionary(g => g.Key, g => g.First().Value);
        var contributors = await db.GoalContributions.AsNoTracking()
            .Where(c => db.Goals.Any(g => g.Id == c.GoalId && g.PartnershipId == partnershipId && (onlyGoalId == null || g.Id == onlyGoalId)))
            .Select(c => new { c.GoalId, c.OrganisationId })
            .ToListAsync(cancellationToken);

        var progressByGoal = indicators.GroupBy(i => i.GoalId).ToDictionary(
            g => g.Key,
            g => (Count: g.Count(), Progress: GoalProgress.OfGoal(g.Select(i =>
                latest.TryGetValue(i.Id, out var value) ? GoalProgress.Of(i.Direction, i.Baseline, i.Target, value) : (double?)null))));
        var contributorsByGoal = contributors.GroupBy(c => c.GoalId).ToDictionary(g => g.Key, g => g.Select(c => c.OrganisationId).ToList());

        return [.. goals.Select(g =>
        {
            var lead = g.LeadOrganisationId is { } leadId && organisations.TryGetValue(leadId, out var found) ? found : null;
            var progress = progressByGoal.GetValueOrDefault(g.Id);
            return new GoalSummary(
                g.Id, g.ParentGoalId, g.Title, g.Status, g.LeadOrganisationId, lead?.Name, lead?.Sector,
                g.OwnerUserId, g.OwnerUserId is null ? null : owners.GetValueOrDefault(g.OwnerUserId),
                g.DueDate, progress.Progress, progress.Count,
                contributorsByGoal.GetValueOrDefault(g.Id) ?? [], g.UpdatedUtc, g.Version);
        })];
    }

    /// <summary>The newest check-in of each indicator (by as-of date, then by when it was recorded).</summary>
    public static IQueryable<CheckIn> LatestCheckIns(WorkspaceDbContext db, IQueryable<Guid> indicatorIds) =>
        db.CheckIns.AsNoTracking().Where(c => indicatorIds.Contains(c.IndicatorId)
            && !db.CheckIns.Any(o => o.IndicatorId == c.IndicatorId
                && (o.AsOf > c.AsOf || (o.AsOf == c.AsOf && o.RecordedUtc > c.RecordedUtc))));

    public static async Task<GoalSummary> SummaryAsync(WorkspaceDbContext db, Guid partnershipId, Guid goalId, CancellationToken cancellationToken) =>
        (await SummariesAsync(db, partnershipId, goalId, cancellationToken)).Single();
}
