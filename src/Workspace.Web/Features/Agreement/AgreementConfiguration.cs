using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Agreement;

/// <summary>The agreement tables; each row belongs to one partnership and goes with it.</summary>
internal static class AgreementConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AgreementSection>(s =>
        {
            s.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            s.Property(x => x.Text).HasMaxLength(AgreementSection.TextMaxLength);
            s.Property(x => x.UpdatedByUserId).HasMaxLength(450);
            s.Property(x => x.Version).IsConcurrencyToken();
            s.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            s.HasIndex(x => new { x.PartnershipId, x.Kind }).IsUnique();
        });

        builder.Entity<AgreementVersion>(v =>
        {
            v.Property(x => x.IssuedByUserId).HasMaxLength(450);
            v.Property(x => x.Note).HasMaxLength(AgreementVersion.NoteMaxLength);
            v.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            v.HasIndex(x => new { x.PartnershipId, x.Number }).IsUnique();
        });

        builder.Entity<AgreementSignature>(s =>
        {
            s.Property(x => x.UserId).HasMaxLength(450);
            s.Property(x => x.SignerName).HasMaxLength(ApplicationUser.DisplayNameMaxLength);
            s.Property(x => x.SignerRole).HasMaxLength(AgreementSignature.RoleMaxLength);
            // One delete path only (partnership → version → signature), as SQL Server requires.
            s.HasOne<AgreementVersion>().WithMany().HasForeignKey(x => x.VersionId).OnDelete(DeleteBehavior.Cascade);
            s.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            s.HasIndex(x => new { x.VersionId, x.OrganisationId, x.SignedUtc });
            s.HasIndex(x => x.PartnershipId);
        });
    }
}
