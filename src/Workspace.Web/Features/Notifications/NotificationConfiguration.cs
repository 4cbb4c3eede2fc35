using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Notifications;

/// <summary>The notification tables: a person's notifications go with the person and with the partnership.</summary>
internal static class NotificationConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Notification>(n =>
        {
            n.Property(x => x.RecipientUserId).HasMaxLength(450);
            n.Property(x => x.ActorUserId).HasMaxLength(450);
            n.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            n.Property(x => x.Key).HasMaxLength(Notification.KeyMaxLength);
            n.Property(x => x.Title).HasMaxLength(Notification.TitleMaxLength);
            n.Property(x => x.Link).HasMaxLength(300);
            n.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
            n.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            n.HasIndex(x => x.Key).IsUnique();
            n.HasIndex(x => new { x.RecipientUserId, x.ReadUtc, x.CreatedUtc });
        });

        builder.Entity<NotificationPreferences>(p =>
        {
            p.HasKey(x => x.UserId);
            p.Property(x => x.UserId).HasMaxLength(450);
            p.Property(x => x.Digest).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DigestDispatch>(d =>
        {
            d.Property(x => x.UserId).HasMaxLength(450);
            d.Property(x => x.Period).HasMaxLength(32);
            d.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => new { x.UserId, x.Period }).IsUnique();
        });

        builder.Entity<ChangesSeen>(s =>
        {
            s.HasKey(x => new { x.PartnershipId, x.UserId });
            s.Property(x => x.UserId).HasMaxLength(450);
            s.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
