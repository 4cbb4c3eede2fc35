using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Activity;

/// <summary>One line of a partnership's audit trail, worded for people.</summary>
public sealed record ActivityEntry(long Id, DateTime AtUtc, string ActorName, string Text, string? Detail);

/// <summary>
/// Reads the append-only audit trail of a partnership, for its members. Invitations (an address and a
/// role) are facilitators' business, like the invitation list: only facilitators see their records.
/// </summary>
public sealed class ActivityService(IDbContextFactory<WorkspaceDbContext> dbFactory)
{
    public const int PageSize = 50;

    /// <summary>The newest entries first; <paramref name="beforeId"/> pages back through older ones.</summary>
    public async Task<Result<IReadOnlyList<ActivityEntry>>> ListAsync(string? userId, Guid partnershipId, long? beforeId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        var query = db.ChangeRecords.AsNoTracking().Where(c => c.PartnershipId == partnershipId);
        if (role != PartnershipRole.Facilitator)
        {
            // Filtered in the query, so a page still holds PageSize entries the viewer may see.
            query = query.Where(c => c.EntityType != nameof(Invitation));
        }

        if (beforeId is { } before)
        {
            query = query.Where(c => c.Id < before);
        }

        var records = await query.OrderByDescending(c => c.Id).Take(PageSize).ToListAsync(cancellationToken);
        var userIds = records.Select(r => r.UserId)
            .Concat(records.Where(r => r.EntityType == nameof(Membership)).Select(r => r.EntityId))
            .OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        string NameOf(string? id) => id is not null && names.TryGetValue(id, out var name) ? name : "A former member";
        return Result<IReadOnlyList<ActivityEntry>>.Ok([.. records.Select(r => Describe(r, NameOf))]);
    }

    internal static ActivityEntry Describe(ChangeRecord record, Func<string?, string> nameOf)
    {
        var actor = record.UserId is null ? "The system" : nameOf(record.UserId);
        var (text, detail) = (record.EntityType, record.Field) switch
        {
            (nameof(Partnership), "Created") => ($"created the partnership “{record.NewValue}”", null),
            (nameof(Partnership), nameof(Partnership.Purpose)) => ("changed the purpose", $"{record.OldValue} → {record.NewValue}"),
            (nameof(Partnership), var field) => ($"changed the {field.ToLowerInvariant()} from “{record.OldValue}” to “{record.NewValue}”", null),
            (nameof(Membership), _) => DescribeMembership(record, nameOf),
            (nameof(Invitation), "Invited") => ($"invited {record.NewValue}", null),
            (nameof(Invitation), "Renewed") => ($"renewed the invitation for {record.NewValue}", null),
            (nameof(Invitation), "Revoked") => ($"revoked the invitation for {record.NewValue}", null),
            _ => ($"changed {record.Field} of {record.EntityType}", $"{record.OldValue} → {record.NewValue}"),
        };
        return new ActivityEntry(record.Id, record.AtUtc, actor, text, detail);
    }

    private static (string Text, string? Detail) DescribeMembership(ChangeRecord record, Func<string?, string> nameOf)
    {
        var subject = record.EntityId == record.UserId ? null : nameOf(record.EntityId);
        return (record.OldValue, record.NewValue) switch
        {
            (null, var role) => ($"joined as {role?.ToLowerInvariant()}", null),
            (_, "Left") => ("left the partnership", null),
            (_, "Removed") => ($"removed {subject ?? "themselves"} from the partnership", null),
            (var from, var to) => ($"changed {(subject is null ? "their own" : $"{subject}’s")} role from {from?.ToLowerInvariant()} to {to?.ToLowerInvariant()}", null),
        };
    }
}
