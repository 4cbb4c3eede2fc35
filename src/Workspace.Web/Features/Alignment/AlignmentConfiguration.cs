using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Alignment;

/// <summary>EF configuration of organisations' own goals and their links to shared goals.</summary>
internal static class AlignmentConfiguration
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<OrganisationGoal>(g =>
        {
            g.Property(x => x.Title).HasMaxLength(OrganisationGoal.TitleMaxLength);
            g.Property(x => x.Description).HasMaxLength(OrganisationGoal.DescriptionMaxLength);
            g.Property(x => x.CreatedByUserId).HasMaxLength(450);
            g.Property(x => x.Version).IsConcurrencyToken();
            g.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            g.HasIndex(x => x.OrganisationId);
        });

        builder.Entity<GoalAlignment>(a =>
        {
            a.Property(x => x.Note).HasMaxLength(GoalAlignment.NoteMaxLength);
            a.Property(x => x.CreatedByUserId).HasMaxLength(450);
            a.HasOne<OrganisationGoal>().WithMany().HasForeignKey(x => x.OrganisationGoalId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<Goal>().WithMany().HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.Cascade);
            // One link per pair: linking again edits the note.
            a.HasIndex(x => new { x.OrganisationGoalId, x.GoalId }).IsUnique();
            a.HasIndex(x => new { x.PartnershipId, x.GoalId });
        });
    }
}
