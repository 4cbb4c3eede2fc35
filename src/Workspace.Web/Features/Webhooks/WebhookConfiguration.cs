using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Webhooks;

/// <summary>The webhook tables: hooks go with their partnership, deliveries and attempts with their hook.</summary>
internal static class WebhookConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Webhook>(w =>
        {
            w.Property(x => x.Name).HasMaxLength(Webhook.NameMaxLength);
            w.Property(x => x.Url).HasMaxLength(Webhook.UrlMaxLength);
            w.Property(x => x.ProtectedSecret).HasMaxLength(1000);
            w.Property(x => x.DisabledReason).HasMaxLength(Webhook.ReasonMaxLength);
            w.Property(x => x.CreatedByUserId).HasMaxLength(450);
            w.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            w.HasIndex(x => new { x.PartnershipId, x.Name }).IsUnique();
        });

        builder.Entity<WebhookDelivery>(d =>
        {
            d.Property(x => x.EventKind).HasConversion<string>().HasMaxLength(24);
            d.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            d.Property(x => x.EventId).HasMaxLength(WebhookDelivery.EventIdMaxLength);
            d.Property(x => x.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);
            d.HasOne<Webhook>().WithMany().HasForeignKey(x => x.WebhookId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => new { x.WebhookId, x.EventId }).IsUnique();
            d.HasIndex(x => new { x.Status, x.NextAttemptUtc });
        });

        builder.Entity<WebhookAttempt>(a =>
        {
            a.Property(x => x.Error).HasMaxLength(WebhookDelivery.ErrorMaxLength);
            // The attempts go with their delivery; the hook's id is kept for its log's query.
            a.HasOne<WebhookDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            a.HasIndex(x => new { x.WebhookId, x.AtUtc });
        });
    }
}
