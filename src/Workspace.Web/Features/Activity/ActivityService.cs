using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Web.Features.Activity;

/// <summary>One line of a partnership's audit trail, worded for people.</summary>
public sealed record ActivityEntry(long Id, DateTime AtUtc, string ActorName, string Text, string? Detail);

/// <summary>The first page of the trail and whether the viewer may verify its hash chain (facilitators).</summary>
public sealed record ActivityOverview(IReadOnlyList<ActivityEntry> Entries, bool CanVerify);

/// <summary>
/// Reads the append-only audit trail of a partnership, for its members. Invitations (an address and a
/// role) are facilitators' business, like the invitation list: only facilitators see their records.
/// </summary>
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

        return new ActivityOverview(await PageAsync(db, partnershipId, role, null, cancellationToken), role == PartnershipRole.Facilitator);
    }

    /// <summary>The newest entries first; <paramref name="beforeId"/> pages back through older ones.</summary>
    public async Task<Result<IReadOnlyList<ActivityEntry>>> ListAsync(string? userId, Guid partnershipId, long? beforeId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        return Result<IReadOnlyList<ActivityEntry>>.Ok(await PageAsync(db, partnershipId, role.Value, beforeId, cancellationToken));
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

    private static async Task<IReadOnlyList<ActivityEntry>> PageAsync(WorkspaceDbContext db, Guid partnershipId, PartnershipRole role, long? beforeId, CancellationToken cancellationToken)
    {
        var query = db.ChangeRecords.AsNoTracking().Where(c => c.PartnershipId == partnershipId);
        if (role != PartnershipRole.Facilitator)
        {
            // Filtered in the query, so a page still holds PageSize entries the viewer may see.
            query = query.Where(c => c.EntityType != nameof(Invitation));

            // Who voted for what is seen, like the counts, by facilitators until the vote or poll is revealed.
            var revealed = await db.WorkshopItems.Where(i => i.VotesRevealed && db.Workshops.Any(w => w.Id == i.WorkshopId && w.PartnershipId == partnershipId)).Select(i => i.Id)
                .Concat(db.WorkshopPolls.Where(p => p.ResultsRevealed && db.Workshops.Any(w => w.Id == p.WorkshopId && w.PartnershipId == partnershipId)).Select(p => p.Id))
                .ToListAsync(cancellationToken);
            var revealedIds = revealed.Select(id => id.ToString()).ToList();
            query = query.Where(c => c.EntityType != nameof(WorkshopVote) || revealedIds.Contains(c.EntityId));
        }

        if (beforeId is { } before)
        {
            query = query.Where(c => c.Id < before);
        }

        var records = await query.OrderByDescending(c => c.Id).Take(PageSize).ToListAsync(cancellationToken);
        var userIds = records.Select(r => r.UserId)
            .Concat(records.Where(r => r.EntityType is nameof(Membership) or OrganisationAudit.SpeaksForEntity).Select(r => r.EntityId))
            .OfType<string>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, Organisation = u.Organisation != null ? u.Organisation.Name : null })
            .ToDictionaryAsync(u => u.Id, cancellationToken);

        string NameOf(string? id) => id is not null && people.TryGetValue(id, out var person) ? person.DisplayName : "A former member";

        // A change to an organisation names whom the actor speaks for: partners see who changed it for whom.
        ActivityEntry WithOrganisation(ChangeRecord record, ActivityEntry entry) =>
            record.EntityType is OrganisationAudit.OrganisationEntity or OrganisationAudit.SpeaksForEntity
                && record.UserId is not null && people.TryGetValue(record.UserId, out var actor) && actor.Organisation is not null
                ? entry with { ActorName = $"{actor.DisplayName} ({actor.Organisation})" }
                : entry;
        return [.. records.Select(r => WithOrganisation(r, Describe(r, NameOf)))];
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
            (OrganisationAudit.OrganisationEntity, _) => DescribeOrganisation(record),
            (OrganisationAudit.SpeaksForEntity, _) => DescribeSpeaksFor(record, nameOf),
            _ => ActivityWording.Describe(record, nameOf) ?? ($"changed {record.Field} of {record.EntityType}", $"{record.OldValue} → {record.NewValue}"),
        };
        return new ActivityEntry(record.Id, record.AtUtc, actor, text, detail);
    }

    private static (string Text, string? Detail) DescribeOrganisation(ChangeRecord record) => record.Field switch
    {
        "Created" => ($"added the organisation “{record.NewValue}” to the directory", null),
        nameof(Organisations.Organisation.Name) => ($"renamed the organisation “{record.OldValue}” to “{record.NewValue}”", null),
        nameof(Organisations.Organisation.Sector) => ($"changed an organisation’s sector from {SectorText(record.OldValue)} to {SectorText(record.NewValue)}", null),
        nameof(Organisations.Organisation.Parent) => ($"moved an organisation {(record.NewValue is null ? "out of" : "under")} “{record.NewValue ?? record.OldValue}”", null),
        "Domain" when record.NewValue is not null => ($"registered the email domain {record.NewValue} for their organisation", null),
        "Domain" => ($"removed the email domain {record.OldValue} from their organisation", null),
        _ => ($"changed an organisation’s {record.Field.ToLowerInvariant()}", $"{record.OldValue} → {record.NewValue}"),
    };

    private static (string Text, string? Detail) DescribeSpeaksFor(ChangeRecord record, Func<string?, string> nameOf)
    {
        var person = record.EntityId == record.UserId ? null : nameOf(record.EntityId);
        return record.Field switch
        {
            "Left" => ($"stopped speaking for “{record.OldValue}”", null),
            "Removed" => ($"said {person} no longer speaks for “{record.OldValue}”", null),
            "Admin" => ($"{(record.NewValue == bool.TrueString ? "made" : "removed")} {person ?? "themselves"} {(record.NewValue == bool.TrueString ? "an organisation admin" : "as an organisation admin")}", null),
            nameof(OrganisationJoinedVia.Founded) => ($"added “{record.NewValue}” to the directory and speaks for it", null),
            nameof(OrganisationJoinedVia.EmailDomain) => ($"now speaks for “{record.NewValue}” (verified email domain)", null),
            nameof(OrganisationJoinedVia.AdminApproval) => ($"approved {person} to speak for “{record.NewValue}”", null),
            nameof(OrganisationJoinedVia.Invitation) => ($"vouched for {person} as a colleague at “{record.NewValue}”", null),
            _ => ($"changed who speaks for “{record.NewValue ?? record.OldValue}”", null),
        };
    }

    private static string SectorText(string? sector) =>
        Enum.TryParse<Organisations.Sector>(sector, out var value) ? value.ToText() : sector ?? "none";

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
