using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Health;

/// <summary>The health check tables; each row belongs to one partnership and goes with it.</summary>
internal static class HealthConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<HealthSettings>(s =>
        {
            s.HasKey(x => x.PartnershipId);
            s.Property(x => x.PartnershipId).ValueGeneratedNever();
            s.Property(x => x.Cadence).HasConversion<string>().HasMaxLength(16);
            s.Property(x => x.UpdatedByUserId).HasMaxLength(450);
            s.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<HealthRound>(r =>
        {
            r.Property(x => x.OpenedByUserId).HasMaxLength(450);
            r.Property(x => x.ClosedByUserId).HasMaxLength(450);
            r.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.PartnershipId, x.Number }).IsUnique();
        });

        builder.Entity<HealthAnswer>(a =>
        {
            a.Property(x => x.UserId).HasMaxLength(450);
            a.Property(x => x.Principle).HasConversion<string>().HasMaxLength(32);
            a.Property(x => x.Comment).HasMaxLength(HealthAnswer.CommentMaxLength);
            // One delete path only (partnership → round → answer), as SQL Server requires.
            a.HasOne<HealthRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            a.HasIndex(x => new { x.RoundId, x.UserId, x.Principle }).IsUnique();
            a.HasIndex(x => x.PartnershipId);
            a.HasIndex(x => x.UserId);
        });

        builder.Entity<HealthFinding>(f =>
        {
            f.Property(x => x.Principle).HasConversion<string>().HasMaxLength(32);
            f.Property(x => x.CreatedByUserId).HasMaxLength(450);
            f.HasOne<HealthRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
            // No foreign key to the log entry: it goes with the partnership by its own path, and is only ever soft-removed.
            f.HasIndex(x => x.LogEntryId);
            f.HasIndex(x => x.PartnershipId);
        });
    }
}
