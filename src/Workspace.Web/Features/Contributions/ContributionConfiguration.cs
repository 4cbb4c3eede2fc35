using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Contributions;

/// <summary>The contributions register; each row belongs to one partnership and goes with it.</summary>
internal static class ContributionConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Contribution>(c =>
        {
            c.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            c.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            c.Property(x => x.Description).HasMaxLength(Contribution.DescriptionMaxLength);
            c.Property(x => x.Amount).HasPrecision(18, 2);
            c.Property(x => x.Days).HasPrecision(9, 2);
            c.Property(x => x.Currency).HasMaxLength(3);
            c.Property(x => x.CreatedByUserId).HasMaxLength(450);
            c.Property(x => x.UpdatedByUserId).HasMaxLength(450);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            c.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            c.HasMany(x => x.Goals).WithOne().HasForeignKey(g => g.ContributionId).OnDelete(DeleteBehavior.Cascade);
            c.HasIndex(x => x.PartnershipId);
        });

        builder.Entity<ContributionGoal>(g =>
        {
            g.HasKey(x => new { x.ContributionId, x.GoalId });
            // One delete path only (partnership → contribution → link), as SQL Server requires; a goal is never deleted while linked.
            g.HasOne<Goal>().WithMany().HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.Restrict);
            g.HasIndex(x => x.GoalId);
        });
    }
}
