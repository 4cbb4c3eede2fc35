using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// The workshop tables. Deletes cascade along one path only (partnership → workshop → item → idea /
/// poll → option; workshop → shared notes), as SQL Server requires; votes, ballots and attendance are removed with their workshop by the service.
/// </summary>
internal static class WorkshopConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Workshop>(w =>
        {
            w.Property(x => x.Title).HasMaxLength(Workshop.TitleMaxLength);
            w.Property(x => x.Description).HasMaxLength(Workshop.DescriptionMaxLength);
            w.Property(x => x.Location).HasMaxLength(Workshop.LocationMaxLength);
            w.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            w.Property(x => x.CreatedByUserId).HasMaxLength(450);
            w.Property(x => x.FacilitatorUserId).HasMaxLength(450);
            w.Property(x => x.Version).IsConcurrencyToken();
            w.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            w.HasIndex(x => new { x.PartnershipId, x.StartsUtc });
        });

        builder.Entity<WorkshopItem>(i =>
        {
            i.Property(x => x.Title).HasMaxLength(WorkshopItem.TitleMaxLength);
            i.Property(x => x.Notes).HasMaxLength(WorkshopItem.NotesMaxLength);
            i.Property(x => x.VotingState).HasConversion<string>().HasMaxLength(16);
            i.Property(x => x.Version).IsConcurrencyToken();
            i.HasOne<Workshop>().WithMany().HasForeignKey(x => x.WorkshopId).OnDelete(DeleteBehavior.Cascade);
            i.HasOne<Goal>().WithMany().HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.ClientSetNull);
            i.HasIndex(x => new { x.WorkshopId, x.Position });
        });

        builder.Entity<WorkshopIdea>(i =>
        {
            i.Property(x => x.AuthorUserId).HasMaxLength(450);
            i.Property(x => x.Text).HasMaxLength(WorkshopIdea.TextMaxLength);
            i.Property(x => x.Group).HasMaxLength(WorkshopIdea.GroupMaxLength);
            i.Property(x => x.Version).IsConcurrencyToken();
            i.HasOne<WorkshopItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
            i.HasIndex(x => new { x.WorkshopId, x.ItemId, x.CreatedUtc });
            // The ideas-per-person quota counts one person's ideas on an item.
            i.HasIndex(x => new { x.ItemId, x.AuthorUserId });
        });

        builder.Entity<WorkshopPoll>(p =>
        {
            p.Property(x => x.Question).HasMaxLength(WorkshopPoll.QuestionMaxLength);
            p.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasOne<WorkshopItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
            p.HasIndex(x => x.WorkshopId);
        });

        builder.Entity<WorkshopPollOption>(o =>
        {
            o.Property(x => x.Text).HasMaxLength(WorkshopPoll.OptionMaxLength);
            o.HasOne<WorkshopPoll>().WithMany().HasForeignKey(x => x.PollId).OnDelete(DeleteBehavior.Cascade);
            o.HasIndex(x => new { x.PollId, x.Position });
        });

        builder.Entity<WorkshopVote>(v =>
        {
            v.Property(x => x.UserId).HasMaxLength(450);
            v.HasIndex(x => new { x.WorkshopId, x.BallotTargetId });
            v.HasIndex(x => new { x.BallotTargetId, x.UserId });
        });

        builder.Entity<WorkshopBallot>(b =>
        {
            b.Property(x => x.UserId).HasMaxLength(450);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => new { x.TargetId, x.UserId }).IsUnique();
            b.HasIndex(x => x.WorkshopId);
        });

        builder.Entity<WorkshopNotes>(n =>
        {
            n.HasKey(x => x.WorkshopId);
            n.Property(x => x.Text).HasMaxLength(WorkshopNotes.TextMaxLength);
            n.Property(x => x.UpdatedByUserId).HasMaxLength(450);
            n.Property(x => x.Version).IsConcurrencyToken();
            n.HasOne<Workshop>().WithOne().HasForeignKey<WorkshopNotes>(x => x.WorkshopId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<WorkshopAttendance>(a =>
        {
            a.HasKey(x => new { x.WorkshopId, x.UserId });
            a.Property(x => x.UserId).HasMaxLength(450);
        });
    }
}
