using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Publication;

/// <summary>One publication per partnership, its slug unique across the site; consents go with it.</summary>
internal static class PublicationConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Publication>(p =>
        {
            p.Property(x => x.Slug).HasMaxLength(Publication.SlugMaxLength);
            p.Property(x => x.Title).HasMaxLength(Publication.TitleMaxLength);
            p.Property(x => x.Summary).HasMaxLength(Publication.SummaryMaxLength);
            p.Property(x => x.GoalIdsJson).HasMaxLength(4000);
            p.Property(x => x.IndicatorIdsJson).HasMaxLength(4000);
            p.Property(x => x.DecisionIdsJson).HasMaxLength(4000);
            p.Property(x => x.ProposedByUserId).HasMaxLength(450);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            p.HasIndex(x => x.PartnershipId).IsUnique();
            p.HasIndex(x => x.Slug).IsUnique();
        });

        builder.Entity<PublicationConsent>(c =>
        {
            c.Property(x => x.ConsentedByUserId).HasMaxLength(450);
            c.Property(x => x.WithdrawnByUserId).HasMaxLength(450);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.HasOne<Publication>().WithMany().HasForeignKey(x => x.PublicationId).OnDelete(DeleteBehavior.Cascade);
            // One delete path only (partnership → publication → consent), as SQL Server requires.
            c.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            c.HasIndex(x => new { x.PublicationId, x.OrganisationId, x.ProposalVersion }).IsUnique();
        });
    }
}
