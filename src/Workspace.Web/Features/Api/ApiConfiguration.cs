using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Api;

/// <summary>API tokens belong to a partnership and go with it; idempotency records go with their token.</summary>
internal static class ApiConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ApiToken>(t =>
        {
            t.Property(x => x.Name).HasMaxLength(ApiToken.NameMaxLength);
            t.Property(x => x.Scope).HasConversion<string>().HasMaxLength(32);
            t.Property(x => x.WritableIndicatorIds).HasMaxLength(8_000);
            t.Property(x => x.SecretHash).HasMaxLength(64);
            t.Property(x => x.CreatedByUserId).HasMaxLength(450);
            t.Property(x => x.RevokedByUserId).HasMaxLength(450);
            t.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            t.HasIndex(x => new { x.PartnershipId, x.Name }).IsUnique();
        });

        builder.Entity<IdempotencyRecord>(r =>
        {
            r.HasKey(x => new { x.TokenId, x.Key });
            r.Property(x => x.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
            r.Property(x => x.RequestHash).HasMaxLength(64);
            r.Property(x => x.ResponseBody).HasMaxLength(64_000);
            r.Property(x => x.Location).HasMaxLength(500);
            r.HasOne<ApiToken>().WithMany().HasForeignKey(x => x.TokenId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => x.CreatedUtc);
        });
    }
}
