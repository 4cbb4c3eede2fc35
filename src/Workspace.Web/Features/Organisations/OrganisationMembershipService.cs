using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Organisations;

/// <summary>
/// Who speaks for an organisation. A person joins one by a verified email domain, by an invitation
/// from a colleague who speaks for it, by founding it, or by the approval of one of its admins; until
/// then they speak for none, and nothing they record carries an organisation.
/// </summary>
public sealed class OrganisationMembershipService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    public const string LastAdminMessage = "You are the organisation's only admin. Make someone else an admin first.";

    public async Task<MyOrganisationView?> GetMineAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.OrganisationId, u.OrganisationJoinedVia, u.OrganisationJoinedUtc, u.IsOrganisationAdmin, u.EmailConfirmed })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var organisation = user.OrganisationId is { } id
            ? await db.Organisations.AsNoTracking().Where(o => o.Id == id)
                .Select(o => new OrganisationOption(o.Id, o.Name, o.Sector, o.ParentId, o.Parent != null ? o.Parent.Name : null, o.Version))
                .FirstOrDefaultAsync(cancellationToken)
            : null;
        var pending = await db.OrganisationJoinRequests.AsNoTracking()
            .Where(r => r.UserId == userId && r.State == JoinRequestState.Pending)
            .Select(r => new PendingJoinRequest(r.Id, r.OrganisationId, r.Organisation!.Name, r.RequestedUtc))
            .FirstOrDefaultAsync(cancellationToken);
        var isAdmin = organisation is not null && user.IsOrganisationAdmin;
        var waiting = isAdmin
            ? await db.OrganisationJoinRequests.CountAsync(r => r.OrganisationId == organisation!.Id && r.State == JoinRequestState.Pending, cancellationToken)
            : 0;
        return new MyOrganisationView(organisation, user.OrganisationJoinedVia, user.OrganisationJoinedUtc, isAdmin, pending, user.EmailConfirmed, waiting);
    }

    /// <summary>
    /// The person says which organisation they work for: they join at once when their confirmed email
    /// is in one of its registered domains, otherwise their request waits for one of its admins.
    /// </summary>
    public async Task<Result<MyOrganisationView>> ChooseAsync(string userId, Guid organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return ServiceError.NotFound;
        }

        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (organisation is null)
        {
            return ServiceError.Invalid("OrganisationId", "Choose your organisation from the list.");
        }

        if (user.OrganisationId != organisationId)
        {
            if (await LastAdminErrorAsync(db, user, cancellationToken) is { } error)
            {
                return error;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            await CloseOpenRequestsAsync(db, userId, JoinRequestState.Withdrawn, userId, now, cancellationToken);
            if (user.EmailConfirmed && await DomainOfAsync(db, user.Email) == organisationId)
            {
                await JoinAsync(db, user, organisation, OrganisationJoinedVia.EmailDomain, actorUserId: userId, now, cancellationToken);
            }
            else
            {
                db.OrganisationJoinRequests.Add(new OrganisationJoinRequest
                {
                    Id = Guid.NewGuid(),
                    OrganisationId = organisationId,
                    UserId = userId,
                    RequestedUtc = now,
                    State = JoinRequestState.Pending,
                });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return (await GetMineAsync(userId, cancellationToken))!;
    }

    public async Task<Result> WithdrawRequestAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await CloseOpenRequestsAsync(db, userId, JoinRequestState.Withdrawn, userId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }

    /// <summary>The person stops speaking for their organisation (its last admin must hand over first).</summary>
    public async Task<Result> LeaveAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.Include(u => u.Organisation).FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user?.Organisation is null)
        {
            return ServiceError.NotFound;
        }

        if (await LastAdminErrorAsync(db, user, cancellationToken) is { } error)
        {
            return error;
        }

        await ClearAsync(db, user, userId, "Left", cancellationToken);
        return await SaveKeepingAnAdminAsync(db, user.Organisation.Id, cancellationToken);
    }

    /// <summary>After an email address is confirmed: joins the organisation that registered its domain, if any.</summary>
    public async Task<bool> JoinByVerifiedDomainAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || user.OrganisationId is not null || !user.EmailConfirmed || await DomainOfAsync(db, user.Email) is not { } organisationId)
        {
            return false;
        }

        var organisation = await db.Organisations.FirstAsync(o => o.Id == organisationId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await CloseOpenRequestsAsync(db, userId, JoinRequestState.Withdrawn, userId, now, cancellationToken);
        await JoinAsync(db, user, organisation, OrganisationJoinedVia.EmailDomain, actorUserId: null, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<Result<OrganisationAdminView>> GetAdminViewAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var admin = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.OrganisationId, u.IsOrganisationAdmin, u.Email, u.EmailConfirmed })
            .FirstOrDefaultAsync(cancellationToken);
        if (admin?.OrganisationId is not { } organisationId || !admin.IsOrganisationAdmin)
        {
            return ServiceError.Forbidden("Only an organisation's admins can manage it.");
        }

        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId)
            .Select(o => new OrganisationOption(o.Id, o.Name, o.Sector, o.ParentId, o.Parent != null ? o.Parent.Name : null, o.Version))
            .FirstAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .Select(u => new OrganisationPerson(u.Id, u.DisplayName, u.Email ?? "", u.JobTitle, u.IsOrganisationAdmin, u.OrganisationJoinedVia, u.OrganisationJoinedUtc))
            .ToListAsync(cancellationToken);
        var requests = await (from r in db.OrganisationJoinRequests.AsNoTracking()
                              where r.OrganisationId == organisationId && r.State == JoinRequestState.Pending
                              join u in db.Users on r.UserId equals u.Id
                              orderby r.RequestedUtc
                              select new JoinRequestView(r.Id, u.Id, u.DisplayName, u.Email ?? "", u.JobTitle, r.RequestedUtc, r.Version))
            .ToListAsync(cancellationToken);
        var domains = await (from d in db.OrganisationDomains.AsNoTracking()
                             where d.OrganisationId == organisationId
                             join u in db.Users on d.AddedByUserId equals u.Id into addedBy
                             from u in addedBy.DefaultIfEmpty()
                             orderby d.Domain
                             select new DomainView(d.Id, d.Domain, u != null ? u.DisplayName : "A former admin", d.AddedUtc))
            .ToListAsync(cancellationToken);
        return new OrganisationAdminView(organisation, [.. people.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)], requests, domains,
            admin.EmailConfirmed ? EmailDomains.Of(admin.Email) : null);
    }

    /// <summary>An admin approves or declines a request to speak for their organisation.</summary>
    public async Task<Result> DecideAsync(string userId, Guid requestId, bool approve, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = await db.OrganisationJoinRequests.Include(r => r.Organisation).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null || !await IsAdminOfAsync(db, userId, request.OrganisationId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        if (request.State != JoinRequestState.Pending)
        {
            return ServiceError.Conflict($"This request was already {request.State.ToString().ToLowerInvariant()}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        request.State = approve ? JoinRequestState.Approved : JoinRequestState.Declined;
        request.DecidedByUserId = userId;
        request.DecidedUtc = now;
        if (approve)
        {
            var person = await db.Users.FirstAsync(u => u.Id == request.UserId, cancellationToken);
            if (await LastAdminErrorAsync(db, person, cancellationToken) is not null)
            {
                return ServiceError.Conflict($"{person.DisplayName} is the only admin of their current organisation and must hand that over before they move.");
            }

            await JoinAsync(db, person, request.Organisation!, OrganisationJoinedVia.AdminApproval, userId, now, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("Another admin decided this request at the same moment. Reload the list.");
        }

        return Result.Ok();
    }

    public async Task<Result> SetAdminAsync(string userId, string personUserId, bool isAdmin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await db.Users.FirstOrDefaultAsync(u => u.Id == personUserId, cancellationToken);
        if (person?.OrganisationId is not { } organisationId || !await IsAdminOfAsync(db, userId, organisationId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        if (person.IsOrganisationAdmin == isAdmin)
        {
            return Result.Ok();
        }

        person.IsOrganisationAdmin = isAdmin;
        person.ConcurrencyStamp = Guid.NewGuid().ToString();
        OrganisationAudit.Record(db, [], userId, clock.GetUtcNow().UtcDateTime, OrganisationAudit.SpeaksForEntity, personUserId,
            "Admin", (!isAdmin).ToString(), isAdmin.ToString());
        return await SaveKeepingAnAdminAsync(db, organisationId, cancellationToken);
    }

    /// <summary>An admin says a person no longer speaks for their organisation.</summary>
    public async Task<Result> RemovePersonAsync(string userId, string personUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await db.Users.Include(u => u.Organisation).FirstOrDefaultAsync(u => u.Id == personUserId, cancellationToken);
        if (person?.Organisation is null || !await IsAdminOfAsync(db, userId, person.Organisation.Id, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        if (personUserId == userId)
        {
            return ServiceError.Conflict("To stop speaking for the organisation yourself, leave it on your profile.");
        }

        var organisationId = person.Organisation.Id;
        await ClearAsync(db, person, userId, "Removed", cancellationToken);
        return await SaveKeepingAnAdminAsync(db, organisationId, cancellationToken);
    }

    /// <summary>
    /// Registers an email domain: only the domain of the admin's own confirmed address, which proves
    /// they receive mail there, and never a public mail service anyone can sign up to.
    /// </summary>
    public async Task<Result<DomainView>> AddDomainAsync(string userId, string? domain, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var admin = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (admin?.OrganisationId is not { } organisationId || !admin.IsOrganisationAdmin)
        {
            return ServiceError.Forbidden("Only an organisation's admins can register its email domains.");
        }

        const string Field = "Domain";
        var normalised = EmailDomains.Normalise(domain);
        if (normalised is null)
        {
            return ServiceError.Invalid(Field, "Enter a domain like justice.gov.example, without the part before the @.");
        }

        if (EmailDomains.IsPublicMailService(normalised))
        {
            return ServiceError.Invalid(Field, $"{normalised} is a public mail service: anyone can have an address there, so it cannot verify who works for you.");
        }

        if (!admin.EmailConfirmed || EmailDomains.Of(admin.Email) != normalised)
        {
            return ServiceError.Invalid(Field, $"You can register only the domain of your own confirmed email address ({EmailDomains.Of(admin.Email) ?? "none"}). An admin with an address in {normalised} can register it.");
        }

        if (await db.OrganisationDomains.AnyAsync(d => d.Domain == normalised, cancellationToken))
        {
            return ServiceError.Invalid(Field, $"{normalised} is already registered by an organisation.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var added = new OrganisationDomain { Id = Guid.NewGuid(), OrganisationId = organisationId, Domain = normalised, AddedByUserId = userId, AddedUtc = now };
        db.OrganisationDomains.Add(added);
        OrganisationAudit.Record(db, [], userId, now, OrganisationAudit.OrganisationEntity, organisationId, Field, null, normalised);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
        {
            return ServiceError.Invalid(Field, $"{normalised} is already registered by an organisation.");
        }

        return new DomainView(added.Id, added.Domain, admin.DisplayName, now);
    }

    public async Task<Result> RemoveDomainAsync(string userId, Guid domainId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var domain = await db.OrganisationDomains.FirstOrDefaultAsync(d => d.Id == domainId, cancellationToken);
        if (domain is null || !await IsAdminOfAsync(db, userId, domain.OrganisationId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        db.OrganisationDomains.Remove(domain);
        OrganisationAudit.Record(db, [], userId, clock.GetUtcNow().UtcDateTime, OrganisationAudit.OrganisationEntity, domain.OrganisationId, "Domain", domain.Domain, null);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }

    /// <summary>Makes the person speak for the organisation and writes it to the record of every partnership they are in.</summary>
    internal static async Task JoinAsync(WorkspaceDbContext db, ApplicationUser user, Organisation organisation, OrganisationJoinedVia via,
        string? actorUserId, DateTime now, CancellationToken cancellationToken)
    {
        var previous = user.OrganisationId is { } previousId
            ? await db.Organisations.Where(o => o.Id == previousId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        user.OrganisationId = organisation.Id;
        user.OrganisationJoinedVia = via;
        user.OrganisationJoinedUtc = now;
        user.IsOrganisationAdmin = false;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        OrganisationAudit.Record(db, await OrganisationAudit.PartnershipsOfPersonAsync(db, user.Id, cancellationToken), actorUserId ?? user.Id, now,
            OrganisationAudit.SpeaksForEntity, user.Id, via.ToString(), previous, organisation.Name);
    }

    internal static async Task CloseOpenRequestsAsync(WorkspaceDbContext db, string userId, JoinRequestState state, string byUserId, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var open in await db.OrganisationJoinRequests.Where(r => r.UserId == userId && r.State == JoinRequestState.Pending).ToListAsync(cancellationToken))
        {
            open.State = state;
            open.DecidedByUserId = byUserId;
            open.DecidedUtc = now;
        }
    }

    private async Task ClearAsync(WorkspaceDbContext db, ApplicationUser user, string actorUserId, string how, CancellationToken cancellationToken)
    {
        var name = user.Organisation?.Name ?? await db.Organisations.Where(o => o.Id == user.OrganisationId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
        OrganisationAudit.Record(db, await OrganisationAudit.PartnershipsOfPersonAsync(db, user.Id, cancellationToken), actorUserId, clock.GetUtcNow().UtcDateTime,
            OrganisationAudit.SpeaksForEntity, user.Id, how, name, null);
        user.OrganisationId = null;
        user.OrganisationJoinedVia = null;
        user.OrganisationJoinedUtc = null;
        user.IsOrganisationAdmin = false;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    private static Task<bool> IsAdminOfAsync(WorkspaceDbContext db, string userId, Guid organisationId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId && u.OrganisationId == organisationId && u.IsOrganisationAdmin, cancellationToken);

    /// <summary>The organisation whose registered domain the address is in, if any.</summary>
    private static async Task<Guid?> DomainOfAsync(WorkspaceDbContext db, string? email)
    {
        var domain = EmailDomains.Of(email);
        return domain is null ? null
            : await db.OrganisationDomains.Where(d => d.Domain == domain).Select(d => (Guid?)d.OrganisationId).FirstOrDefaultAsync();
    }

    /// <summary>An organisation's only admin may not leave people behind without one.</summary>
    private static async Task<ServiceError?> LastAdminErrorAsync(WorkspaceDbContext db, ApplicationUser user, CancellationToken cancellationToken)
    {
        if (user.OrganisationId is not { } organisationId || !user.IsOrganisationAdmin)
        {
            return null;
        }

        var othersLeft = await db.Users.AnyAsync(u => u.OrganisationId == organisationId && u.Id != user.Id, cancellationToken);
        var otherAdmin = await db.Users.AnyAsync(u => u.OrganisationId == organisationId && u.Id != user.Id && u.IsOrganisationAdmin, cancellationToken);
        return othersLeft && !otherAdmin ? ServiceError.Conflict(LastAdminMessage) : null;
    }

    /// <summary>Saves and re-counts admins in one transaction, so two admins demoting each other at once leave one.</summary>
    private static async Task<Result> SaveKeepingAnAdminAsync(WorkspaceDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("This person changed at the same moment. Reload the list and try again.");
        }

        var people = await db.Users.Where(u => u.OrganisationId == organisationId).Select(u => u.IsOrganisationAdmin).ToListAsync(cancellationToken);
        if (people.Count > 0 && !people.Contains(true))
        {
            await transaction.RollbackAsync(cancellationToken);
            return ServiceError.Conflict("An organisation keeps at least one admin. Make someone else an admin first.");
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Ok();
    }
}
