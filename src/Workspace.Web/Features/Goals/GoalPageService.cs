using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Goals;

/// <summary>Everything the goal page shows when it opens, read together (see <see cref="GoalPageService"/>).</summary>
public sealed record GoalPageModel(
    GoalDetail Detail,
    PartnershipRole Role,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<OrganisationOption> Organisations,
    IReadOnlyList<GoalSummary> Goals,
    IReadOnlyList<DraftView> Drafts);

/// <summary>
/// Loads the goal page (and the goals list) in one call: membership is checked once, and the goal, the people, the
/// organisations, the partnership's goals and the viewer's drafts come from one database context.
/// After that, <see cref="GoalPageState"/> keeps the page current from live events alone.
/// </summary>
public sealed class GoalPageService(IDbContextFactory<WorkspaceDbContext> dbFactory)
{
    public async Task<Result<GoalPageModel>> LoadAsync(string? userId, Guid partnershipId, Guid goalId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is not { } role
            || !await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        var detail = await GoalService.DetailAsync(db, partnershipId, goalId, cancellationToken);
        var members = await MemberQueries.ListAsync(db, partnershipId, cancellationToken);
        var organisations = await OrganisationService.OptionsAsync(db, cancellationToken);
        var goals = await GoalQueries.SummariesAsync(db, partnershipId, null, cancellationToken);
        var drafts = role >= PartnershipRole.Contributor ? await DraftService.OfAsync(db, userId!, goalId, cancellationToken) : [];
        return new GoalPageModel(detail, role, members, organisations, goals, drafts);
    }

    public async Task<Result<GoalsListModel>> LoadListAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is not { } role)
        {
            return ServiceError.NotFound;
        }

        return new GoalsListModel(await GoalQueries.SummariesAsync(db, partnershipId, null, cancellationToken), role,
            await OrganisationService.OptionsAsync(db, cancellationToken));
    }
}
