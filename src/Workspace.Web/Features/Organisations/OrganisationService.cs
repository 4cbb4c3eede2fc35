using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Organisations;

public sealed record OrganisationOption(Guid Id, string Name, Sector Sector, Guid? ParentId, string? ParentName, long Version)
{
    public string DisplayName => ParentName is null ? Name : $"{Name} ({ParentName})";
}

public sealed class OrganisationInput
{
    public string Name { get; set; } = "";

    public Sector Sector { get; set; } = Sector.Public;

    public Guid? ParentId { get; set; }

    public long Version { get; set; }
}

/// <summary>The directory of partner organisations: listing, founding and editing them.</summary>
public sealed class OrganisationService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<OrganisationOption>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OptionsAsync(db, cancellationToken);
    }

    /// <summary>Every organisation as a choice, by name.</summary>
    internal static async Task<IReadOnlyList<OrganisationOption>> OptionsAsync(WorkspaceDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Organisations.AsNoTracking()
            .Select(o => new OrganisationOption(o.Id, o.Name, o.Sector, o.ParentId, o.Parent != null ? o.Parent.Name : null, o.Version))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(o => o.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }

    public async Task<OrganisationOption?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Organisations.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new OrganisationOption(o.Id, o.Name, o.Sector, o.ParentId, o.Parent != null ? o.Parent.Name : null, o.Version))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Adds an organisation to the directory. Its founder speaks for it and is its first admin, so only
    /// a person who speaks for no organisation yet may found one.
    /// </summary>
    public async Task<Result<OrganisationOption>> CreateAsync(string userId, OrganisationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var founder = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (founder is null)
        {
            return ServiceError.NotFound;
        }

        if (founder.OrganisationId is not null)
        {
            return ServiceError.Conflict("You already speak for an organisation. Leave it on your profile before you add a new one.");
        }

        var rules = await ValidateAsync(db, input, existingId: null, cancellationToken);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var organisation = new Organisation
        {
            Id = Guid.NewGuid(),
            Name = InputRules.Stored(input.Name),
            Sector = input.Sector,
            ParentId = input.ParentId,
            CreatedUtc = now,
        };
        db.Organisations.Add(organisation);
        founder.OrganisationId = organisation.Id;
        founder.OrganisationJoinedVia = OrganisationJoinedVia.Founded;
        founder.OrganisationJoinedUtc = now;
        founder.IsOrganisationAdmin = true;
        await OrganisationMembershipService.CloseOpenRequestsAsync(db, userId, JoinRequestState.Withdrawn, userId, now, cancellationToken);
        db.Record(OrganisationAudit.DirectoryChain, userId, now, OrganisationAudit.OrganisationEntity, organisation.Id, "Created", null, organisation.Name);
        OrganisationAudit.Record(db, await OrganisationAudit.PartnershipsOfPersonAsync(db, userId, cancellationToken), userId, now,
            OrganisationAudit.SpeaksForEntity, userId, nameof(OrganisationJoinedVia.Founded), null, organisation.Name);
        await db.SaveChangesAsync(cancellationToken);
        return (await FindAsync(organisation.Id, cancellationToken))!;
    }

    /// <summary>Renames, re-sectors or moves an organisation: only its admins may, and every partnership it is in sees the change.</summary>
    public async Task<Result<OrganisationOption>> UpdateAsync(string userId, Guid organisationId, OrganisationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.OrganisationId == organisationId && u.IsOrganisationAdmin, cancellationToken))
        {
            return ServiceError.Forbidden("Only the organisation's admins can change its details.");
        }

        var organisation = await db.Organisations.Include(o => o.Parent).FirstOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (organisation is null)
        {
            return ServiceError.NotFound;
        }

        var rules = await ValidateAsync(db, input, organisationId, cancellationToken);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if (organisation.Version != input.Version)
        {
            return ServiceError.Conflict("Someone else changed this organisation while you were editing. Review the current details and save again.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var partnerships = await OrganisationAudit.PartnershipsOfOrganisationAsync(db, organisationId, cancellationToken);
        var name = InputRules.Stored(input.Name);
        var parentName = input.ParentId is { } parentId ? await db.Organisations.Where(o => o.Id == parentId).Select(o => o.Name).FirstAsync(cancellationToken) : null;
        void Audit(string field, string? from, string? to)
        {
            if (from != to)
            {
                OrganisationAudit.Record(db, partnerships, userId, now, OrganisationAudit.OrganisationEntity, organisationId, field, from, to);
            }
        }

        Audit(nameof(Organisation.Name), organisation.Name, name);
        Audit(nameof(Organisation.Sector), organisation.Sector.ToString(), input.Sector.ToString());
        Audit(nameof(Organisation.Parent), organisation.Parent?.Name, parentName);
        organisation.Name = name;
        organisation.Sector = input.Sector;
        organisation.ParentId = input.ParentId;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("Someone else changed this organisation at the same moment. Review the current details and save again.");
        }

        return (await FindAsync(organisationId, cancellationToken))!;
    }

    private static async Task<InputRules> ValidateAsync(WorkspaceDbContext db, OrganisationInput input, Guid? existingId, CancellationToken cancellationToken)
    {
        var rules = new InputRules()
            .Required(nameof(OrganisationInput.Name), "Organisation name", input.Name, Organisation.NameMaxLength)
            .Defined(nameof(OrganisationInput.Sector), "Sector", input.Sector);
        if (!rules.IsValid)
        {
            return rules;
        }

        if (input.ParentId is { } parentId)
        {
            var parents = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.ParentId }).ToDictionaryAsync(o => o.Id, o => o.ParentId, cancellationToken);
            if (!parents.ContainsKey(parentId))
            {
                rules.Add(nameof(OrganisationInput.ParentId), "Choose a parent organisation from the list.");
            }
            else if (existingId is not null && IsSelfOrDescendant(parents, parentId, existingId.Value))
            {
                rules.Add(nameof(OrganisationInput.ParentId), "An organisation cannot sit inside itself or one of its own units.");
            }
        }

        var name = InputRules.Stored(input.Name);
        var sameName = await db.Organisations.AsNoTracking()
            .Where(o => o.ParentId == input.ParentId && o.Id != existingId)
            .Select(o => o.Name)
            .ToListAsync(cancellationToken);
        if (sameName.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
        {
            rules.Add(nameof(OrganisationInput.Name), $"An organisation called \"{name}\" already exists. Choose it from the list instead.");
        }

        return rules;
    }

    private static bool IsSelfOrDescendant(Dictionary<Guid, Guid?> parents, Guid candidate, Guid organisationId)
    {
        for (Guid? current = candidate; current is not null; current = parents.GetValueOrDefault(current.Value))
        {
            if (current == organisationId)
            {
                return true;
            }
        }

        return false;
    }
}
