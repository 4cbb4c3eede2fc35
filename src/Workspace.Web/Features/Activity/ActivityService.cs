using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Activity;

/// <summary>One line of a partnership's audit trail, worded for people.</summary>
public sealed record ActivityEntry(long Id, DateTime AtUtc, string ActorName, string Text, string? Detail);

/// <summary>The first page of the trail and whether the viewer may verify its hash chain (facilitators).</summary>
public sealed record ActivityOverview(IReadOnlyList<ActivityEntry> Entries, bool CanVerify);

/// <summary>Reads the append-only audit trail of a partnership, for its members.</summary>
public sealed class ActivityService(IDbContextFactory<WorkspaceDbContext> dbFactory)
{
    public const int PageSize = 50;

    /// <summary>The page's first load: the newest entries and what the viewer may do.</summary>
    public async Task<Result<ActivityOverview>> OpenAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is not { } role)
        {
            return ServiceError.NotFound;
        }

        return new ActivityOverview(await PageAsync(db, partnershipId, null, cancellationToken), role == PartnershipRole.Facilitator);
    }

    /// <summary>The newest entries first; <paramref name="beforeId"/> pages back through older ones.</summary>
    public async Task<Result<IReadOnlyList<ActivityEntry>>> ListAsync(string? userId, Guid partnershipId, long? beforeId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        return Result<IReadOnlyList<ActivityEntry>>.Ok(await PageAsync(db, partnershipId, beforeId, cancellationToken));
    }

    /// <summary>
    /// Checks the partnership's audit chain from its first record to its head (facilitators): intact, or
    /// the first record that was changed, removed or moved since it was written.
    /// </summary>
    public async Task<Result<ChainCheck>> VerifyAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "verify the record", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        return await AuditVerifier.VerifyAsync(db, partnershipId, cancellationToken);
    }

    private static async Task<IReadOnlyList<ActivityEntry>> PageAsync(WorkspaceDbContext db, Guid partnershipId, long? beforeId, CancellationToken cancellationToken)
    {
        var query = db.ChangeRecords.AsNoTracking().Where(c => c.PartnershipId == partnershipId);
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
        return [.. records.Select(r => Describe(r, NameOf))];
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
