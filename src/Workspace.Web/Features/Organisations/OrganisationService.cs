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

/// <summary>The directory of partner organisations people choose from.</summary>
public sealed class OrganisationService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<OrganisationOption>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
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

    /// <summary>Adds an organisation to the directory (at registration, or by a signed-in person).</summary>
    public async Task<Result<OrganisationOption>> CreateAsync(OrganisationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await ValidateAsync(db, input, existingId: null, cancellationToken);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var organisation = new Organisation
        {
            Id = Guid.NewGuid(),
            Name = InputRules.Stored(input.Name),
            Sector = input.Sector,
            ParentId = input.ParentId,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        return (await FindAsync(organisation.Id, cancellationToken))!;
    }

    /// <summary>Renames or re-sectors an organisation; only people who belong to it may.</summary>
    public async Task<Result<OrganisationOption>> UpdateAsync(string userId, Guid organisationId, OrganisationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.OrganisationId == organisationId, cancellationToken))
        {
            return ServiceError.Forbidden("Only people who belong to an organisation can change its details.");
        }

        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
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

        organisation.Name = InputRules.Stored(input.Name);
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
