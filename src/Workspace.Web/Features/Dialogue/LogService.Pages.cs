using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using static Workspace.Web.Features.Dialogue.EntryViews;

namespace Workspace.Web.Features.Dialogue;

/// <summary>What the log and entry pages show when they open, each read with one membership check.</summary>
public sealed partial class LogService
{
    /// <summary>The log page: the first page of entries under <paramref name="filter"/>, the side lists, the members and goals to filter by, and the read state.</summary>
    public async Task<Result<LogPageData>> GetLogPageAsync(string? userId, Guid partnershipId, LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null || userId is null)
        {
            return ServiceError.NotFound;
        }

        var results = await ListAsync(db, userId, partnershipId, filter, 0, PageSize, cancellationToken);
        var unread = await ReadStateService.UnreadCountAsync(db, userId, partnershipId, cancellationToken);
        var members = await MemberQueries.ListAsync(db, partnershipId, cancellationToken);
        var goals = (await GoalQueries.SummariesAsync(db, partnershipId, null, cancellationToken))
            .OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
        var forMe = await ForMeAsync(db, userId, partnershipId, cancellationToken);
        var risks = await ListAsync(db, userId, partnershipId, new LogFilter { Kinds = [EntryKind.Risk], State = "open" }, 0, MaxPageSize, cancellationToken);
        return new LogPageData(results, unread, role.Value, members, goals, forMe, risks.Entries, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>An entry's page: the entry with its positions, replies, amendments and reactions, and the members who may be mentioned.</summary>
    public async Task<Result<EntryPageData>> GetEntryPageAsync(string? userId, Guid partnershipId, Guid entryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null || await DetailAsync(db, userId, partnershipId, entryId, cancellationToken) is not { } detail)
        {
            return ServiceError.NotFound;
        }

        var members = await MemberQueries.ListAsync(db, partnershipId, cancellationToken);
        return new EntryPageData(detail, role.Value, members, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
    }
}
