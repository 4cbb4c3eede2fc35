using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Dashboard;

/// <summary>
/// Loads a partnership's dashboard with a fixed number of projected queries, whatever its size, and
/// the portfolio of every partnership a person belongs to. Live changes are applied by
/// <see cref="DashboardState.Apply"/>, not by loading again.
/// </summary>
public sealed partial class DashboardService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock, ILogger<DashboardService> logger)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Whether the person may see the partnership's dashboard, without loading it.</summary>
    public async Task<bool> CanSeeAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RoleOfAsync(partnershipId, userId, cancellationToken) is not null;
    }

    public async Task<Result<DashboardState>> LoadAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        var partnership = await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId)
            .Select(p => new PartnershipSummary(p.Id, p.Name, p.Purpose, p.Status, role.Value, 0, 0))
            .FirstAsync(cancellationToken);
        var goals = await GoalQueries.SummariesAsync(db, partnershipId, null, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking()
            .Select(o => new { o.Id, o.Name, o.Sector })
            .ToDictionaryAsync(o => o.Id, o => (o.Name, o.Sector), cancellationToken);
        var indicators = await IndicatorsAsync(db, partnershipId, cancellationToken);
        var members = await db.Memberships.AsNoTracking().Where(m => m.PartnershipId == partnershipId)
            .Select(m => new { m.UserId, m.User!.OrganisationId })
            .ToListAsync(cancellationToken);
        var entries = await LogService.DashboardEntriesAsync(db, partnershipId, DashboardState.DecisionBuffer, cancellationToken);
        var positions = await (
                from p in db.DecisionPositions.AsNoTracking()
                join e in db.LogEntries on p.EntryId equals e.Id
                where e.PartnershipId == partnershipId && e.RemovedUtc == null && e.Kind == EntryKind.Decision
                select new { p.EntryId, OrganisationId = p.OrganisationId ?? db.Users.Where(u => u.Id == p.UserId).Select(u => u.OrganisationId).FirstOrDefault(), p.Position })
            .ToListAsync(cancellationToken);

        var contributions = await ContributionService.ViewsAsync(db, partnershipId, null, cancellationToken);

        (string Name, Sector? Sector)? OrganisationOf(Guid? id) =>
            id is { } known && organisations.TryGetValue(known, out var found) ? (found.Name, found.Sector) : null;

        var state = new DashboardState(
            partnership,
            goals,
            indicators,
            organisations,
            members.ToDictionary(m => m.UserId, m => OrganisationOf(m.OrganisationId) ?? (DashboardRules.NoOrganisation, null)),
            entries,
            positions.GroupBy(p => p.EntryId).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<PositionFact>)[.. g.Select(p => OrganisationOf(p.OrganisationId) is { } o
                    ? new PositionFact(o.Name, o.Sector, p.Position)
                    : new PositionFact(null, null, p.Position))]),
            contributions,
            await Health.HealthService.LatestClosedAsync(db, partnershipId, cancellationToken));
        LogLoaded(logger, partnershipId, goals.Count, indicators.Count, stopwatch.ElapsedMilliseconds);
        return state;
    }

    /// <summary>Every partnership the person belongs to, each with its status roll-up; a fixed number of grouped queries.</summary>
    public async Task<IReadOnlyList<PortfolioLine>> PortfolioAsync(string? userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { m.PartnershipId, m.Partnership!.Name, m.Partnership.Status, m.Role })
            .ToListAsync(cancellationToken);
        var ids = memberships.Select(m => m.PartnershipId).ToList();
        var statuses = await db.Goals.AsNoTracking().Where(g => ids.Contains(g.PartnershipId))
            .GroupBy(g => new { g.PartnershipId, g.Status })
            .Select(g => new { g.Key.PartnershipId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var overdueGoals = await db.Goals.AsNoTracking()
            .Where(g => ids.Contains(g.PartnershipId) && g.DueDate < today && g.Status != GoalStatus.Achieved && g.Status != GoalStatus.Dropped)
            .GroupBy(g => g.PartnershipId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var overdueActions = await db.LogEntries.AsNoTracking()
            .Where(e => ids.Contains(e.PartnershipId) && e.RemovedUtc == null && e.Kind == EntryKind.Action && e.DueDate < today
                && (e.ActionState == ActionState.Open || e.ActionState == ActionState.InProgress))
            .GroupBy(e => e.PartnershipId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var openRisks = await db.LogEntries.AsNoTracking()
            .Where(e => ids.Contains(e.PartnershipId) && e.RemovedUtc == null && e.Kind == EntryKind.Risk && e.RiskState == RiskState.Open)
            .GroupBy(e => e.PartnershipId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

        return [.. memberships
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(m =>
            {
                var goals = statuses.Where(s => s.PartnershipId == m.PartnershipId).SelectMany(s => Enumerable.Repeat(s.Status, s.Count)).ToList();
                return new PortfolioLine(m.PartnershipId, m.Name, m.Status, m.Role, DashboardRules.RollUp(goals), DashboardRules.CountByStatus(goals),
                    overdueGoals.GetValueOrDefault(m.PartnershipId), overdueActions.GetValueOrDefault(m.PartnershipId), openRisks.GetValueOrDefault(m.PartnershipId));
            })];
    }

    internal static async Task<List<DashboardIndicator>> IndicatorsAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var indicators = await db.Indicators.AsNoTracking().Where(i => i.PartnershipId == partnershipId)
            .Select(i => new { i.Id, i.GoalId, i.Name, i.Unit, i.Baseline, i.Target, i.Direction })
            .ToListAsync(cancellationToken);
        var milestones = (await db.Indicators.AsNoTracking().Where(i => i.PartnershipId == partnershipId)
                .SelectMany(i => i.Milestones.Select(m => new { m.IndicatorId, m.Date, m.TargetValue }))
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.IndicatorId, m => new MilestoneView(m.Date, m.TargetValue));
        var checkIns = (await (
                    from c in db.CheckIns.AsNoTracking()
                    join i in db.Indicators on c.IndicatorId equals i.Id
                    where i.PartnershipId == partnershipId
                    select new { c.IndicatorId, c.AsOf, c.RecordedUtc, c.Value })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.IndicatorId);
        var confidences = (await (
                    from c in db.ConfidenceRecords.AsNoTracking()
                    join i in db.Indicators on c.IndicatorId equals i.Id
                    join o in db.Organisations on c.OrganisationId equals o.Id
                    where i.PartnershipId == partnershipId
                    select new
                    {
                        c.IndicatorId,
                        View = new ConfidenceView(o.Id, o.Name, o.Sector, c.Level, c.Comment,
                            db.Users.Where(u => u.Id == c.RecordedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "A former member",
                            c.RecordedUtc),
                    })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.IndicatorId, c => c.View);

        return [.. indicators.Select(i =>
        {
            var measured = checkIns[i.Id].OrderBy(c => c.AsOf).ThenBy(c => c.RecordedUtc).ToList();
            return new DashboardIndicator(i.Id, i.GoalId, i.Name, i.Unit, i.Baseline, i.Target, i.Direction,
                [.. milestones[i.Id].OrderBy(m => m.Date)],
                [.. measured.TakeLast(DashboardIndicator.TrendLength).Select(c => new TrendPoint(c.AsOf, c.Value))],
                measured.Count,
                ConfidenceView.LatestOfEach(confidences[i.Id]));
        })];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard of {PartnershipId} loaded in {ElapsedMs} ms ({Goals} goals, {Indicators} indicators)")]
    private static partial void LogLoaded(ILogger logger, Guid partnershipId, int goals, int indicators, long elapsedMs);
}
