using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Exports;

public sealed record PartnershipExport(string PartnershipName, IReadOnlyList<ExportTable> Tables);

/// <summary>A partnership's goals, indicators, check-ins, decisions, actions and contributions as tables, for members only.</summary>
public sealed class ExportService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Kinds = ["goals", "indicators", "check-ins", "decisions", "actions", "contributions"];

    /// <summary>The entity type of a download's record: who took which of the partnership's data out of the workspace.</summary>
    public const string ExportEntity = "Export";

    /// <summary>
    /// The tables for a download, recorded on the partnership's trail (<paramref name="download"/> names it,
    /// e.g. "goals (CSV)") before they are handed out: a download nobody could trace does not happen.
    /// </summary>
    public async Task<Result<PartnershipExport>> DownloadAsync(string? userId, Guid partnershipId, IReadOnlyCollection<string>? kinds, string download, CancellationToken cancellationToken = default)
    {
        var result = await ExportAsync(userId, partnershipId, kinds, cancellationToken);
        if (result.Succeeded)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Record(partnershipId, userId, clock.GetUtcNow().UtcDateTime, ExportEntity, partnershipId, "Downloaded", null, download);
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>The tables of <paramref name="kinds"/> (all when null); not found for a non-member or an unknown kind.</summary>
    public async Task<Result<PartnershipExport>> ExportAsync(string? userId, Guid partnershipId, IReadOnlyCollection<string>? kinds = null, CancellationToken cancellationToken = default)
    {
        kinds ??= Kinds;
        if (kinds.Any(k => !Kinds.Contains(k)))
        {
            return ServiceError.NotFound;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        var name = await db.Partnerships.Where(p => p.Id == partnershipId).Select(p => p.Name).FirstAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var goals = await GoalQueries.SummariesAsync(db, partnershipId, null, cancellationToken);
        var titles = goals.ToDictionary(g => g.Id, g => g.Title);
        var tables = new List<ExportTable>();
        foreach (var kind in Kinds.Where(kinds.Contains))
        {
            tables.Add(kind switch
            {
                "goals" => await GoalsAsync(db, goals, today, cancellationToken),
                "indicators" => await IndicatorsAsync(db, partnershipId, titles, today, cancellationToken),
                "check-ins" => await CheckInsAsync(db, partnershipId, cancellationToken),
                "decisions" => await DecisionsAsync(db, partnershipId, cancellationToken),
                "contributions" => await ContributionsAsync(db, partnershipId, titles, cancellationToken),
                _ => await ActionsAsync(db, partnershipId, today, cancellationToken),
            });
        }

        return new PartnershipExport(name, tables);
    }

    private static async Task<ExportTable> GoalsAsync(WorkspaceDbContext db, List<GoalSummary> goals, DateOnly today, CancellationToken cancellationToken)
    {
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var titles = goals.ToDictionary(g => g.Id, g => g.Title);
        return new ExportTable("goals", "Goals",
            ["Goal", "Parent goal", "Status", "Lead organisation", "Lead sector", "Owner", "Due date", "Overdue", "Progress (%)", "Indicators", "Contributing organisations", "Last updated (UTC)"],
            [.. goals.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase).Select(g => new object?[]
            {
                g.Title, g.ParentGoalId is { } parent ? titles.GetValueOrDefault(parent) : null, g.Status.ToText(), g.LeadOrganisationName, g.LeadSector?.ToText(),
                g.OwnerName, g.DueDate, DashboardRules.IsOverdue(g, today), Percent(g.Progress), g.IndicatorCount,
                string.Join("; ", g.ContributorIds.Select(id => organisations.GetValueOrDefault(id)).OfType<string>().Order(StringComparer.CurrentCultureIgnoreCase)),
                g.UpdatedUtc,
            })]);
    }

    private static async Task<ExportTable> IndicatorsAsync(WorkspaceDbContext db, Guid partnershipId, Dictionary<Guid, string> titles, DateOnly today, CancellationToken cancellationToken)
    {
        var indicators = await DashboardService.IndicatorsAsync(db, partnershipId, cancellationToken);
        return new ExportTable("indicators", "Indicators",
            ["Goal", "Indicator", "Unit", "Direction", "Baseline", "Target", "Latest value", "Latest as of", "Progress (%)", "Check-ins", "Next milestone", "Next milestone target", "Partners disagree"],
            [.. indicators.OrderBy(i => titles.GetValueOrDefault(i.GoalId), StringComparer.CurrentCultureIgnoreCase).ThenBy(i => i.Name, StringComparer.CurrentCultureIgnoreCase)
                .Select(i =>
                {
                    var next = i.NextMilestone(today);
                    return new object?[]
                    {
                        titles.GetValueOrDefault(i.GoalId), i.Name, i.Unit, i.Direction.ToText(), i.Baseline, i.Target, i.Latest?.Value, i.Latest?.AsOf,
                        Percent(i.Progress), i.CheckInCount, next?.Date, next?.TargetValue, i.Disagreement,
                    };
                })]);
    }

    private static async Task<ExportTable> CheckInsAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var rows = await (
                from c in db.CheckIns.AsNoTracking()
                join i in db.Indicators on c.IndicatorId equals i.Id
                join g in db.Goals on i.GoalId equals g.Id
                where i.PartnershipId == partnershipId
                orderby g.Title, i.Name, c.AsOf, c.RecordedUtc
                select new
                {
                    Goal = g.Title,
                    Indicator = i.Name,
                    i.Unit,
                    c.AsOf,
                    c.Value,
                    c.Comment,
                    By = db.Users.Where(u => u.Id == c.RecordedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    Organisation = db.Users.Where(u => u.Id == c.RecordedByUserId).Select(u => u.Organisation!.Name).FirstOrDefault(),
                    c.RecordedUtc,
                })
            .ToListAsync(cancellationToken);
        return new ExportTable("check-ins", "Check-ins",
            ["Goal", "Indicator", "Unit", "As of", "Value", "Comment", "Recorded by", "Organisation", "Recorded (UTC)"],
            [.. rows.Select(r => new object?[] { r.Goal, r.Indicator, r.Unit, r.AsOf, r.Value, r.Comment, r.By ?? "A former member", r.Organisation, r.RecordedUtc })]);
    }

    private static async Task<ExportTable> DecisionsAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var rows = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.Kind == EntryKind.Decision && e.RemovedUtc == null)
            .OrderBy(e => e.CreatedUtc)
            .Select(e => new
            {
                e.Title,
                e.DecisionRule,
                e.CreatedUtc,
                e.DeadlineUtc,
                e.ClosedUtc,
                e.Outcome,
                e.RuleAtClose,
                e.RuleOverrideReason,
                Author = db.Users.Where(u => u.Id == e.AuthorUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Goal = db.Goals.Where(g => g.Id == e.GoalId).Select(g => g.Title).FirstOrDefault(),
                Positions = db.DecisionPositions.Where(p => p.EntryId == e.Id).Select(p => p.Position).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new ExportTable("decisions", "Decisions",
            ["Proposal", "Decision rule", "State", "Proposed (UTC)", "Deadline (UTC)", "Closed (UTC)", "Outcome", "Agree", "Concerns", "Object", "Abstain", "Proposed by", "Goal", "Rule at closing", "Rule overridden because"],
            [.. rows.Select(r =>
            {
                var tally = Tally.Of(r.Positions);
                return new object?[]
                {
                    r.Title, r.DecisionRule?.ToText(), r.ClosedUtc is null ? "Open" : "Closed", r.CreatedUtc, r.DeadlineUtc, r.ClosedUtc, r.Outcome,
                    tally.Agree, tally.Concerns, tally.Objects, tally.Abstain, r.Author ?? "A former member", r.Goal, r.RuleAtClose, r.RuleOverrideReason,
                };
            })]);
    }

    private static async Task<ExportTable> ActionsAsync(WorkspaceDbContext db, Guid partnershipId, DateOnly today, CancellationToken cancellationToken)
    {
        var rows = await db.LogEntries.AsNoTracking()
            .Where(e => e.PartnershipId == partnershipId && e.Kind == EntryKind.Action && e.RemovedUtc == null)
            .OrderBy(e => e.DueDate == null).ThenBy(e => e.DueDate).ThenBy(e => e.CreatedUtc)
            .Select(e => new
            {
                e.Title,
                Assignee = db.Users.Where(u => u.Id == e.AssigneeUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Organisation = db.Users.Where(u => u.Id == e.AssigneeUserId).Select(u => u.Organisation!.Name).FirstOrDefault(),
                e.DueDate,
                e.ActionState,
                e.CreatedUtc,
                Goal = db.Goals.Where(g => g.Id == e.GoalId).Select(g => g.Title).FirstOrDefault(),
                Decision = db.LogEntries.Where(d => d.Id == e.SourceDecisionId).Select(d => d.Title).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return new ExportTable("actions", "Actions",
            ["Action", "Assignee", "Organisation", "Due date", "State", "Overdue", "Created (UTC)", "Goal", "From decision"],
            [.. rows.Select(r => new object?[]
            {
                r.Title, r.Assignee, r.Organisation, r.DueDate, r.ActionState?.ToText(),
                r.DueDate < today && r.ActionState is ActionState.Open or ActionState.InProgress, r.CreatedUtc, r.Goal, r.Decision,
            })]);
    }

    /// <summary>Every contribution in the register, one row each: money with its own currency, staff time in days, the other kinds counted as rows.</summary>
    private static async Task<ExportTable> ContributionsAsync(WorkspaceDbContext db, Guid partnershipId, Dictionary<Guid, string> titles, CancellationToken cancellationToken)
    {
        var rows = await ContributionService.ViewsAsync(db, partnershipId, null, cancellationToken);
        return new ExportTable("contributions", "Contributions",
            ["Organisation", "Sector", "Kind", "Description", "Amount", "Currency", "Staff days", "From", "To", "Status", "Delivered on", "Goals", "Last changed by", "Last changed (UTC)"],
            [.. rows.OrderBy(c => c.OrganisationName, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Kind).ThenBy(c => c.PeriodStart).Select(c => new object?[]
            {
                c.OrganisationName, c.Sector.ToText(), c.Kind.ToText(), c.Description, c.Amount, c.Currency, c.Days, c.PeriodStart, c.PeriodEnd,
                c.Status.ToText(), c.DeliveredOn,
                string.Join("; ", c.GoalIds.Select(id => titles.GetValueOrDefault(id)).OfType<string>().Order(StringComparer.CurrentCultureIgnoreCase)),
                c.UpdatedBy, c.UpdatedUtc,
            })]);
    }

    private static double? Percent(double? progress) => progress is { } p ? Math.Round(p * 100, 1) : null;
}
