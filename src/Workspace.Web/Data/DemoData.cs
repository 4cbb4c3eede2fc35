using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Data;

/// <summary>
/// The Development demo partnership. Idempotent: running it again adds only what is missing.
/// The shared password is for local demonstration only.
/// </summary>
public static class DemoData
{
    public const string Password = "Demo-Partner-2026!";
    public const string PartnershipName = "Safer Streets Partnership";
    public const string SeedSetting = "DemoData:Seed";

    private static readonly (string Name, Sector Sector, string? Parent)[] Organisations =
    [
        ("Ministry of Justice", Sector.Public, null),
        ("Youth Justice Unit", Sector.Public, "Ministry of Justice"),
        ("Probation Service", Sector.Public, "Ministry of Justice"),
        ("Riverside City Council", Sector.Public, null),
        ("SafeRoute Technologies Ltd", Sector.Private, null),
        ("Streetlight Trust", Sector.CivilSociety, null),
        ("University of Riverside", Sector.Academic, null),
    ];

    public static readonly (string Email, string Name, string JobTitle, string Organisation, PartnershipRole Role)[] People =
    [
        ("facilitator@demo.local", "Ana Costa", "Partnership lead", "Youth Justice Unit", PartnershipRole.Facilitator),
        ("contributor@demo.local", "Ben Carter", "Senior probation officer", "Probation Service", PartnershipRole.Contributor),
        ("partner@demo.local", "Priya Shah", "Head of public sector", "SafeRoute Technologies Ltd", PartnershipRole.Contributor),
        ("ngo@demo.local", "Grace Mensah", "Director of programmes", "Streetlight Trust", PartnershipRole.Contributor),
        ("observer@demo.local", "Tom Reid", "Head of Community Safety", "Riverside City Council", PartnershipRole.Observer),
    ];

    /// <summary>
    /// Whether to seed: <c>DemoData:Seed</c>, on by default in Development. Anywhere else it is refused, because
    /// the demo accounts share a published password.
    /// </summary>
    public static bool IsSwitchedOn(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var seed = configuration.GetValue(SeedSetting, environment.IsDevelopment());
        return !seed || environment.IsDevelopment()
            ? seed
            : throw new InvalidOperationException(
                $"{SeedSetting} is true in the {environment.EnvironmentName} environment. The demo data creates accounts whose password is " +
                $"published, so it is refused outside Development: remove {SeedSetting} (environment variable DemoData__Seed).");
    }

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var db = services.GetRequiredService<WorkspaceDbContext>();
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        var organisations = await db.Organisations.ToDictionaryAsync(o => o.Name, cancellationToken);
        foreach (var (name, sector, parent) in Organisations)
        {
            if (!organisations.ContainsKey(name))
            {
                var organisation = new Organisation
                {
                    Id = Guid.NewGuid(),
                    Name = name,
                    Sector = sector,
                    ParentId = parent is null ? null : organisations[parent].Id,
                    CreatedUtc = now,
                };
                db.Organisations.Add(organisation);
                organisations[name] = organisation;
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        var partnership = await db.Partnerships.FirstOrDefaultAsync(p => p.Name == PartnershipName, cancellationToken);
        if (partnership is null)
        {
            partnership = new Partnership
            {
                Id = Guid.NewGuid(),
                Name = PartnershipName,
                Purpose = "Cut repeat youth offending in Riverside by a third within three years, by joining up justice, "
                    + "council, business and community work around the young people most at risk — and by showing each other "
                    + "openly what works.",
                Status = PartnershipStatus.Active,
                CreatedUtc = now.AddMonths(-12),
            };
            db.Partnerships.Add(partnership);
            await db.SaveChangesAsync(cancellationToken);
        }

        var people = new Dictionary<string, ApplicationUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in People)
        {
            var user = await users.FindByEmailAsync(person.Email);
            if (user is null)
            {
                user = new ApplicationUser
                {
                    UserName = person.Email,
                    Email = person.Email,
                    EmailConfirmed = true,
                    DisplayName = person.Name,
                    JobTitle = person.JobTitle,
                    OrganisationId = organisations[person.Organisation].Id,
                    // Each demo person founded their organisation's entry, so each is its admin.
                    OrganisationJoinedVia = OrganisationJoinedVia.Founded,
                    OrganisationJoinedUtc = now,
                    IsOrganisationAdmin = true,
                    CreatedUtc = now,
                };
                var created = await users.CreateAsync(user, Password);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create demo user {person.Email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
                }
            }

            people[person.Email] = user;
            if (!await db.Memberships.AnyAsync(m => m.PartnershipId == partnership.Id && m.UserId == user.Id, cancellationToken))
            {
                db.Memberships.Add(new Membership
                {
                    Id = Guid.NewGuid(),
                    PartnershipId = partnership.Id,
                    UserId = user.Id,
                    Role = person.Role,
                    JoinedUtc = partnership.CreatedUtc,
                });
                if (person.Role == PartnershipRole.Facilitator && partnership.CreatedByUserId is null)
                {
                    partnership.CreatedByUserId = user.Id;
                    db.Record(partnership.Id, user.Id, partnership.CreatedUtc, nameof(Partnership), partnership.Id, "Created", null, partnership.Name);
                }

                db.Record(partnership.Id, user.Id, partnership.CreatedUtc.AddMinutes(People.ToList().IndexOf(person)),
                    nameof(Membership), user.Id, nameof(Membership.Role), null, person.Role.ToString());
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        await DemoGoals.SeedAsync(db, partnership.Id, people, organisations, now, cancellationToken);
        await DemoDialogue.SeedAsync(db, partnership.Id, people, now, cancellationToken);
        await DemoWorkshops.SeedAsync(db, partnership.Id, people, now, cancellationToken);
        await DemoAgreement.SeedAsync(db, partnership.Id, people, now, cancellationToken);
        await DemoContributions.SeedAsync(db, partnership.Id, people, now, cancellationToken);
        await DemoHealth.SeedAsync(db, partnership.Id, people, now, cancellationToken);
        await DemoAlignment.SeedAsync(db, partnership.Id, people, now, cancellationToken);
        await DemoPublication.SeedAsync(db, partnership.Id, people, now, cancellationToken);
    }
}
