using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Data;

/// <summary>
/// The one model of the workspace. Each database provider has a derived context that carries its own
/// migrations (<see cref="SqliteWorkspaceDbContext"/>, <see cref="SqlServerWorkspaceDbContext"/>).
/// </summary>
public abstract class WorkspaceDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Partnership> Partnerships => Set<Partnership>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ChangeRecord> ChangeRecords => Set<ChangeRecord>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.Version = 1;
            }
            else if (entry.State == EntityState.Modified)
            {
                // The original value stays what the change started from, so the UPDATE's WHERE clause
                // rejects the save when someone else got there first.
                entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(ApplicationUser.DisplayNameMaxLength);
            user.Property(u => u.JobTitle).HasMaxLength(ApplicationUser.JobTitleMaxLength);
            user.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Organisation>(org =>
        {
            org.Property(o => o.Name).HasMaxLength(Organisation.NameMaxLength);
            org.Property(o => o.Sector).HasConversion<string>().HasMaxLength(32);
            org.Property(o => o.Version).IsConcurrencyToken();
            org.HasOne(o => o.Parent).WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
            org.HasIndex(o => o.Name);
        });

        builder.Entity<Partnership>(p =>
        {
            p.Property(x => x.Name).HasMaxLength(Partnership.NameMaxLength);
            p.Property(x => x.Purpose).HasMaxLength(Partnership.PurposeMaxLength);
            p.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            p.Property(x => x.CreatedByUserId).HasMaxLength(450);
            p.Property(x => x.Version).IsConcurrencyToken();
        });

        builder.Entity<Membership>(m =>
        {
            m.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
            m.Property(x => x.Version).IsConcurrencyToken();
            m.HasOne(x => x.Partnership).WithMany(p => p.Memberships).HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            m.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            m.HasIndex(x => new { x.PartnershipId, x.UserId }).IsUnique();
            m.HasIndex(x => x.UserId);
        });

        builder.Entity<Invitation>(i =>
        {
            i.Property(x => x.Email).HasMaxLength(Invitation.EmailMaxLength);
            i.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
            i.Property(x => x.TokenHash).HasMaxLength(64);
            i.Property(x => x.InvitedByUserId).HasMaxLength(450);
            i.Property(x => x.AcceptedByUserId).HasMaxLength(450);
            i.Property(x => x.RevokedByUserId).HasMaxLength(450);
            i.Property(x => x.Version).IsConcurrencyToken();
            i.HasOne(x => x.Partnership).WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            i.HasIndex(x => x.TokenHash).IsUnique();
            i.HasIndex(x => new { x.PartnershipId, x.Email });
        });

        builder.Entity<ChangeRecord>(c =>
        {
            c.Property(x => x.UserId).HasMaxLength(450);
            c.Property(x => x.EntityType).HasMaxLength(64);
            c.Property(x => x.EntityId).HasMaxLength(64);
            c.Property(x => x.Field).HasMaxLength(64);
            c.Property(x => x.OldValue).HasMaxLength(ChangeRecord.ValueMaxLength);
            c.Property(x => x.NewValue).HasMaxLength(ChangeRecord.ValueMaxLength);
            c.HasIndex(x => new { x.PartnershipId, x.AtUtc });
            c.HasIndex(x => new { x.EntityType, x.EntityId });
        });
    }
}

public sealed class SqliteWorkspaceDbContext(DbContextOptions<SqliteWorkspaceDbContext> options) : WorkspaceDbContext(options);

public sealed class SqlServerWorkspaceDbContext(DbContextOptions<SqlServerWorkspaceDbContext> options) : WorkspaceDbContext(options);
