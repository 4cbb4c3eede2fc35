using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Partnerships;

public sealed class PartnershipService(
    IDbContextFactory<WorkspaceDbContext> dbFactory,
    IPartnershipEvents events,
    TimeProvider clock,
    IOptions<QuotaLimits>? quotas = null)
{
    private readonly QuotaLimits _quotas = quotas?.Value ?? new();

    public async Task<IReadOnlyList<PartnershipSummary>> ListMineAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Memberships
            .Where(m => m.UserId == userId)
            .Select(m => new
            {
                m.Partnership!.Id,
                m.Partnership.Name,
                m.Partnership.Purpose,
                m.Partnership.Status,
                m.Role,
                Members = m.Partnership.Memberships.Count,
                Organisations = m.Partnership.Memberships.Select(o => o.User!.OrganisationId).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);

        return rows
            .OrderBy(r => r.Status == PartnershipStatus.Closed)
            .ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(r => new PartnershipSummary(r.Id, r.Name, r.Purpose, r.Status, r.Role, r.Members, r.Organisations))
            .ToList();
    }

    public async Task<Result<Guid>> CreateAsync(string userId, PartnershipInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rules = Validate(input);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (await Quotas.PartnershipsAsync(db, _quotas, userId, now, cancellationToken) is { } refused)
        {
            return refused;
        }

        var partnership = new Partnership
        {
            Id = Guid.NewGuid(),
            Name = InputRules.Stored(input.Name),
            Purpose = InputRules.Stored(input.Purpose),
            Status = input.Status,
            DecisionCounting = input.DecisionCounting,
            CreatedUtc = now,
            CreatedByUserId = userId,
        };
        db.Partnerships.Add(partnership);
        db.Memberships.Add(new Membership
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnership.Id,
            UserId = userId,
            Role = PartnershipRole.Facilitator,
            JoinedUtc = now,
        });
        db.Record(partnership.Id, userId, now, nameof(Partnership), partnership.Id, "Created", null, partnership.Name);
        db.Record(partnership.Id, userId, now, nameof(Membership), userId, "Role", null, nameof(PartnershipRole.Facilitator));
        await db.SaveChangesAsync(cancellationToken);
        return partnership.Id;
    }

    public async Task<Result<PartnershipOverview>> GetOverviewAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        var partnership = await db.Partnerships.AsNoTracking().FirstAsync(p => p.Id == partnershipId, cancellationToken);
        var members = await MemberQueries.ListAsync(db, partnershipId, cancellationToken);
        return new PartnershipOverview(
            partnership.Id, partnership.Name, partnership.Purpose, partnership.Status, partnership.Version,
            partnership.CreatedUtc, role.Value, members)
        {
            DecisionCounting = partnership.DecisionCounting,
        };
    }

    /// <summary>The caller's role, or null when they are not a member (or the partnership does not exist).</summary>
    public async Task<PartnershipRole?> GetRoleAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RoleOfAsync(partnershipId, userId, cancellationToken);
    }

    /// <summary>
    /// Saves name, purpose and status. Only the fields that differ from the current values are written;
    /// a field someone else changed since <see cref="PartnershipInput.Version"/> is reported as a conflict
    /// instead of being overwritten.
    /// </summary>
    public async Task<Result<PartnershipDetailsChanged>> UpdateAsync(string userId, Guid partnershipId, PartnershipInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "change the partnership's details", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rules = Validate(input);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var partnership = await db.Partnerships.FirstAsync(p => p.Id == partnershipId, cancellationToken);
        if (partnership.Version != input.Version)
        {
            return ServiceError.Conflict(
                "Someone else changed this partnership's details while you were editing. Review their version, then save again.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var name = InputRules.Stored(input.Name);
        var purpose = InputRules.Stored(input.Purpose);
        db.Record(partnershipId, userId, now, nameof(Partnership), partnershipId, nameof(Partnership.Name), partnership.Name, name);
        db.Record(partnershipId, userId, now, nameof(Partnership), partnershipId, nameof(Partnership.Purpose), partnership.Purpose, purpose);
        db.Record(partnershipId, userId, now, nameof(Partnership), partnershipId, nameof(Partnership.Status), partnership.Status.ToString(), input.Status.ToString());
        db.Record(partnershipId, userId, now, nameof(Partnership), partnershipId, nameof(Partnership.DecisionCounting),
            partnership.DecisionCounting.ToString(), input.DecisionCounting.ToString());
        partnership.Name = name;
        partnership.Purpose = purpose;
        partnership.Status = input.Status;
        partnership.DecisionCounting = input.DecisionCounting;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict(
                "Someone else changed this partnership's details at the same moment. Review their version, then save again.");
        }

        var changed = new PartnershipDetailsChanged(partnershipId, userId, partnership.Name, partnership.Purpose, partnership.Status, partnership.Version)
        {
            DecisionCounting = partnership.DecisionCounting,
        };
        await events.PublishAsync(changed, cancellationToken);
        return changed;
    }

    private static InputRules Validate(PartnershipInput input) => new InputRules()
        .Required(nameof(PartnershipInput.Name), "Name", input.Name, Partnership.NameMaxLength)
        .Required(nameof(PartnershipInput.Purpose), "Purpose", input.Purpose, Partnership.PurposeMaxLength)
        .Defined(nameof(PartnershipInput.Status), "Status", input.Status)
        .Defined(nameof(PartnershipInput.DecisionCounting), "Majority decisions", input.DecisionCounting);
}
