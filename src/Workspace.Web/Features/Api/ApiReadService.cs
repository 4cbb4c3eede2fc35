using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;

namespace Workspace.Web.Features.Api;

/// <summary>
/// What a token may read of its own partnership: goals, indicators with check-ins, and decisions. The
/// caller comes from <see cref="ApiTokenService.AuthenticateAsync"/>; any other partnership is not found.
/// </summary>
public sealed class ApiReadService(IDbContextFactory<WorkspaceDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ApiGoal>?> GoalsAsync(ApiCaller caller, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        if (caller.PartnershipId != partnershipId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var goals = await db.Goals.AsNoTracking().Where(g => g.PartnershipId == partnershipId)
            .Select(g => new { Goal = g, Lead = db.Organisations.Where(o => o.Id == g.LeadOrganisationId).Select(o => o.Name).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var indicators = await IndicatorsAsync(db, partnershipId, cancellationToken);
        return [.. goals.OrderBy(g => g.Goal.CreatedUtc).Select(g => new ApiGoal(
            g.Goal.Id, g.Goal.ParentGoalId, g.Goal.Title, g.Goal.Status.ToString(),
            GoalProgress.OfGoal(indicators.Where(i => i.GoalId == g.Goal.Id).Select(i => i.Progress)),
            g.Goal.DueDate, g.Lead, g.Goal.UpdatedUtc))];
    }

    public async Task<IReadOnlyList<ApiIndicator>?> IndicatorsAsync(ApiCaller caller, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        if (caller.PartnershipId != partnershipId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await IndicatorsAsync(db, partnershipId, cancellationToken);
    }

    public async Task<ApiIndicator?> IndicatorAsync(ApiCaller caller, Guid partnershipId, Guid indicatorId, CancellationToken cancellationToken = default)
    {
        if (caller.PartnershipId != partnershipId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await IndicatorsAsync(db, partnershipId, cancellationToken, indicatorId)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<ApiDecision>?> DecisionsAsync(ApiCaller caller, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        if (caller.PartnershipId != partnershipId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var decisions = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.Kind == EntryKind.Decision && e.RemovedUtc == null)
            .OrderByDescending(e => e.CreatedUtc)
            .ToListAsync(cancellationToken);
        var ids = decisions.Select(d => d.Id).ToList();
        var positions = await db.DecisionPositions.AsNoTracking().Where(p => ids.Contains(p.EntryId))
            .Select(p => new { p.EntryId, p.Position, Organisation = db.Organisations.Where(o => o.Id == p.OrganisationId).Select(o => o.Name).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return [.. decisions.Select(d => new ApiDecision(
            d.Id, d.Title, d.DecisionRule?.ToString(), d.CreatedUtc, d.DeadlineUtc, d.ClosedUtc, d.Outcome,
            [.. positions.Where(p => p.EntryId == d.Id).GroupBy(p => p.Organisation ?? "No organisation given")
                .OrderBy(g => g.Key, StringComparer.CurrentCultureIgnoreCase)
                .Select(g => new ApiOrganisationPositions(g.Key,
                    g.Count(p => p.Position == Position.Agree), g.Count(p => p.Position == Position.Concerns),
                    g.Count(p => p.Position == Position.Objects), g.Count(p => p.Position == Position.Abstain)))]))];
    }

    private static async Task<List<ApiIndicator>> IndicatorsAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken, Guid? only = null)
    {
        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => i.PartnershipId == partnershipId && (only == null || i.Id == only))
            .OrderBy(i => i.CreatedUtc).ToListAsync(cancellationToken);
        var ids = indicators.Select(i => i.Id).ToList();
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => ids.Contains(c.IndicatorId))
            .Select(c => new
            {
                c.IndicatorId,
                View = new ApiCheckIn(c.Id, c.Value, c.AsOf, c.Comment,
                    c.Source ?? db.Users.Where(u => u.Id == c.RecordedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "A former member",
                    c.RecordedUtc),
            })
            .ToListAsync(cancellationToken);
        return [.. indicators.Select(i =>
        {
            List<ApiCheckIn> own = [.. checkIns.Where(c => c.IndicatorId == i.Id).Select(c => c.View).OrderBy(c => c.AsOf).ThenBy(c => c.RecordedUtc)];
            var latest = own.LastOrDefault();
            return new ApiIndicator(i.Id, i.GoalId, i.Name, i.Unit, i.Baseline, i.Target, i.Direction.ToString(), i.Cadence.ToString(),
                latest, latest is null ? null : GoalProgress.Of(i.Direction, i.Baseline, i.Target, latest.Value), own);
        })];
    }
}
