using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Goals;

/// <summary>Builds goal summaries with a fixed number of queries, whatever the number of goals.</summary>
internal static class GoalQueries
{
    public static async Task<List<GoalSummary>> SummariesAsync(WorkspaceDbContext db, Guid partnershipId, Guid? onlyGoalId, CancellationToken cancellationToken)
    {
        // Only the columns a summary shows: the description (up to 20,000 characters a goal) stays in the database.
        var goals = await db.Goals.AsNoTracking()
            .Where(g => g.PartnershipId == partnershipId && (onlyGoalId == null || g.Id == onlyGoalId))
            .Select(g => new
            {
                g.Id,
                g.ParentGoalId,
                g.Title,
                g.Status,
                g.LeadOrganisationId,
                g.OwnerUserId,
                g.DueDate,
                g.UpdatedUtc,
                g.Version,
                g.Revision,
            })
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
                contributorsByGoal.GetValueOrDefault(g.Id) ?? [], g.UpdatedUtc, g.Version)
            {
                Revision = g.Revision,
            };
        })];
    }

    /// <summary>The newest check-in of each indicator (by as-of date, then by when it was recorded).</summary>
    public static IQueryable<CheckIn> LatestCheckIns(WorkspaceDbContext db, IQueryable<Guid> indicatorIds) =>
        db.CheckIns.AsNoTracking().Where(c => indicatorIds.Contains(c.IndicatorId)
            && !db.CheckIns.Any(o => o.IndicatorId == c.IndicatorId
                && (o.AsOf > c.AsOf || (o.AsOf == c.AsOf && o.RecordedUtc > c.RecordedUtc))));

    /// <summary>One goal's summary: the goal, then <see cref="SummaryOfAsync"/>. Throws when the goal is not in the partnership.</summary>
    public static async Task<GoalSummary> SummaryAsync(WorkspaceDbContext db, Guid partnershipId, Guid goalId, CancellationToken cancellationToken) =>
        await SummaryOfAsync(db, await GoalById(db, partnershipId, goalId, cancellationToken)
            ?? throw new InvalidOperationException("The goal is not in this partnership."), cancellationToken);

    /// <summary>
    /// The summary of a goal already in hand (e.g. the one just saved), in three precompiled queries:
    /// the lead organisation's and owner's names, the indicators with their newest check-in, and the
    /// contributing organisations. The same figures as <see cref="SummariesAsync"/> gives for the goal.
    /// </summary>
    public static async Task<GoalSummary> SummaryOfAsync(WorkspaceDbContext db, Goal goal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var names = await Names(db, goal.Id, goal.LeadOrganisationId ?? Guid.Empty, goal.OwnerUserId ?? "", cancellationToken);
        var figures = new List<IndicatorFigure>();
        await foreach (var figure in IndicatorFigures(db, goal.PartnershipId, goal.Id).WithCancellation(cancellationToken))
        {
            figures.Add(figure);
        }

        var contributors = new List<Guid>();
        await foreach (var organisationId in ContributorIds(db, goal.Id).WithCancellation(cancellationToken))
        {
            contributors.Add(organisationId);
        }

        var progress = figures.Count == 0
            ? null
            : GoalProgress.OfGoal(figures.Select(f => f.Latest is { } value ? GoalProgress.Of(f.Direction, f.Baseline, f.Target, value) : (double?)null));
        var lead = goal.LeadOrganisationId is null ? null : names;
        return new GoalSummary(
            goal.Id, goal.ParentGoalId, goal.Title, goal.Status, goal.LeadOrganisationId, lead?.LeadName, lead?.LeadSector,
            goal.OwnerUserId, goal.OwnerUserId is null ? null : names?.OwnerName,
            goal.DueDate, progress, figures.Count, contributors, goal.UpdatedUtc, goal.Version)
        {
            Revision = goal.Revision,
        };
    }

    /// <summary>
    /// Moves the goal's revision on (see <see cref="GoalSummary.Revision"/>) and returns it, inside the
    /// caller's transaction: a change and its revision are committed together, each change its own.
    /// </summary>
    public static async Task<long> NextRevisionAsync(WorkspaceDbContext db, Guid goalId, CancellationToken cancellationToken)
    {
        await db.Goals.Where(g => g.Id == goalId).ExecuteUpdateAsync(set => set.SetProperty(g => g.Revision, g => g.Revision + 1), cancellationToken);
        return await RevisionQuery(db, goalId, cancellationToken);
    }

    private static readonly Func<WorkspaceDbContext, Guid, CancellationToken, Task<long>> RevisionQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid goalId, CancellationToken _) => db.Goals.Where(g => g.Id == goalId).Select(g => g.Revision).First());

    /// <summary>
    /// The goal's summary as everyone should now see it, then what <paramref name="alsoRead"/> reads (an
    /// indicator, the contributions), labelled with the change's <paramref name="revision"/>. Read inside
    /// the transaction that moved the revision on, or once it committed: revisions commit in their order,
    /// so a picture holds every change with a lower revision, and one with a later revision is never an
    /// older picture, whatever order the events reach the pages in. (Read after the commit, it may also
    /// show a change committed in that instant, a moment before that change's own picture.)
    /// <paramref name="inHand"/> is the goal just saved, when there is one.
    /// </summary>
    public static async Task<(GoalSummary Summary, T Also)> PictureAsync<T>(
        WorkspaceDbContext db, Guid partnershipId, Guid goalId, long revision, Goal? inHand, Func<Task<T>> alsoRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alsoRead);
        var summary = inHand is null ? await SummaryAsync(db, partnershipId, goalId, cancellationToken) : await SummaryOfAsync(db, inHand, cancellationToken);
        return (summary with { Revision = revision }, await alsoRead());
    }

    /// <inheritdoc cref="PictureAsync{T}(WorkspaceDbContext, Guid, Guid, long, Goal?, Func{Task{T}}, CancellationToken)"/>
    public static async Task<GoalSummary> PictureAsync(WorkspaceDbContext db, Guid partnershipId, Guid goalId, long revision, Goal? inHand, CancellationToken cancellationToken) =>
        (await PictureAsync(db, partnershipId, goalId, revision, inHand, () => Task.FromResult(0), cancellationToken)).Summary;

    /// <summary>The caller's role in the partnership (null when not a member) and the goal, tracked (null when not in the partnership).</summary>
    public sealed record RoleAndGoal(PartnershipRole Role, Goal? Goal);

    /// <summary>
    /// The membership check and the goal in one query: the caller's membership row, joined to the goal
    /// only when the goal belongs to that same partnership. No row: not a member.
    /// </summary>
    public static Task<RoleAndGoal?> RoleAndGoalAsync(WorkspaceDbContext db, Guid partnershipId, string? userId, Guid goalId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(userId) ? Task.FromResult<RoleAndGoal?>(null) : RoleAndGoalQuery(db, partnershipId, userId, goalId, cancellationToken);

    private static readonly Func<WorkspaceDbContext, Guid, string, Guid, CancellationToken, Task<RoleAndGoal?>> RoleAndGoalQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid partnershipId, string userId, Guid goalId, CancellationToken _) =>
            (from m in db.Memberships
             where m.PartnershipId == partnershipId && m.UserId == userId
             from g in db.Goals.Where(g => g.Id == goalId && g.PartnershipId == m.PartnershipId).DefaultIfEmpty()
             select new RoleAndGoal(m.Role, g)).FirstOrDefault());

    private sealed record SummaryNames(string? LeadName, Sector? LeadSector, string? OwnerName);

    private sealed record IndicatorFigure(IndicatorDirection Direction, double Baseline, double Target, double? Latest);

    private static readonly Func<WorkspaceDbContext, Guid, Guid, CancellationToken, Task<Goal?>> GoalById =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid partnershipId, Guid goalId, CancellationToken _) =>
            db.Goals.AsNoTracking().FirstOrDefault(g => g.Id == goalId && g.PartnershipId == partnershipId));

    // The names of the goal's lead organisation and owner as the goal in hand has them (one row, two lookups by key).
    private static readonly Func<WorkspaceDbContext, Guid, Guid, string, CancellationToken, Task<SummaryNames?>> Names =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid goalId, Guid leadId, string ownerId, CancellationToken _) =>
            db.Goals.Where(g => g.Id == goalId).Select(g => new SummaryNames(
                db.Organisations.Where(o => o.Id == leadId).Select(o => o.Name).FirstOrDefault(),
                db.Organisations.Where(o => o.Id == leadId).Select(o => (Sector?)o.Sector).FirstOrDefault(),
                db.Users.Where(u => u.Id == ownerId).Select(u => u.DisplayName).FirstOrDefault())).FirstOrDefault());

    // The newest check-in of each indicator, by as-of date and then by when it was recorded, as in LatestCheckIns.
    private static readonly Func<WorkspaceDbContext, Guid, Guid, IAsyncEnumerable<IndicatorFigure>> IndicatorFigures =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid partnershipId, Guid goalId) =>
            db.Indicators.AsNoTracking().Where(i => i.PartnershipId == partnershipId && i.GoalId == goalId)
                .Select(i => new IndicatorFigure(i.Direction, i.Baseline, i.Target,
                    db.CheckIns.Where(c => c.IndicatorId == i.Id)
                        .OrderByDescending(c => c.AsOf).ThenByDescending(c => c.RecordedUtc)
                        .Select(c => (double?)c.Value).FirstOrDefault())));

    private static readonly Func<WorkspaceDbContext, Guid, IAsyncEnumerable<Guid>> ContributorIds =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid goalId) =>
            db.GoalContributions.Where(c => c.GoalId == goalId).Select(c => c.OrganisationId));
}
