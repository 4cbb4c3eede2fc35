using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Alignment;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Health;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Web.Data;

/// <summary>
/// The one model of the workspace. Each database provider has a derived context that carries its own
/// migrations (<see cref="SqliteWorkspaceDbContext"/>, <see cref="SqlServerWorkspaceDbContext"/>).
/// </summary>
public abstract class WorkspaceDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrganisationDomain> OrganisationDomains => Set<OrganisationDomain>();

    public DbSet<OrganisationJoinRequest> OrganisationJoinRequests => Set<OrganisationJoinRequest>();

    public DbSet<Partnership> Partnerships => Set<Partnership>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ChangeRecord> ChangeRecords => Set<ChangeRecord>();

    public DbSet<Goal> Goals => Set<Goal>();

    public DbSet<GoalContribution> GoalContributions => Set<GoalContribution>();

    public DbSet<Indicator> Indicators => Set<Indicator>();

    public DbSet<IndicatorMilestone> IndicatorMilestones => Set<IndicatorMilestone>();

    public DbSet<CheckIn> CheckIns => Set<CheckIn>();

    public DbSet<ConfidenceRecord> ConfidenceRecords => Set<ConfidenceRecord>();

    public DbSet<Features.Api.ApiToken> ApiTokens => Set<Features.Api.ApiToken>();

    public DbSet<Features.Api.IdempotencyRecord> IdempotencyRecords => Set<Features.Api.IdempotencyRecord>();

    public DbSet<GoalDraft> GoalDrafts => Set<GoalDraft>();

    public DbSet<CoText> CoTexts => Set<CoText>();

    public DbSet<CoTextOperation> CoTextOperations => Set<CoTextOperation>();

    public DbSet<LogEntry> LogEntries => Set<LogEntry>();

    public DbSet<DecisionPosition> DecisionPositions => Set<DecisionPosition>();

    public DbSet<DecisionAmendment> DecisionAmendments => Set<DecisionAmendment>();

    public DbSet<LogReply> LogReplies => Set<LogReply>();

    public DbSet<LogMention> LogMentions => Set<LogMention>();

    public DbSet<LogReaction> LogReactions => Set<LogReaction>();

    public DbSet<LogReadState> LogReadStates => Set<LogReadState>();

    public DbSet<Workshop> Workshops => Set<Workshop>();

    public DbSet<AgreementSection> AgreementSections => Set<AgreementSection>();

    public DbSet<OrganisationGoal> OrganisationGoals => Set<OrganisationGoal>();

    public DbSet<GoalAlignment> GoalAlignments => Set<GoalAlignment>();

    public DbSet<AgreementVersion> AgreementVersions => Set<AgreementVersion>();

    public DbSet<AgreementSignature> AgreementSignatures => Set<AgreementSignature>();

    public DbSet<Contribution> Contributions => Set<Contribution>();

    public DbSet<ContributionGoal> ContributionGoals => Set<ContributionGoal>();
    public DbSet<HealthSettings> HealthSettings => Set<HealthSettings>();

    public DbSet<HealthRound> HealthRounds => Set<HealthRound>();

    public DbSet<HealthAnswer> HealthAnswers => Set<HealthAnswer>();

    public DbSet<HealthFinding> HealthFindings => Set<HealthFinding>();

    public DbSet<WorkshopItem> WorkshopItems => Set<WorkshopItem>();

    public DbSet<WorkshopIdea> WorkshopIdeas => Set<WorkshopIdea>();

    public DbSet<WorkshopPoll> WorkshopPolls => Set<WorkshopPoll>();

    public DbSet<WorkshopPollOption> WorkshopPollOptions => Set<WorkshopPollOption>();

    public DbSet<WorkshopVote> WorkshopVotes => Set<WorkshopVote>();

    public DbSet<WorkshopBallot> WorkshopBallots => Set<WorkshopBallot>();

    public DbSet<WorkshopAttendance> WorkshopAttendances => Set<WorkshopAttendance>();

    public DbSet<WorkshopNotes> WorkshopNotes => Set<WorkshopNotes>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationPreferences> NotificationPreferences => Set<NotificationPreferences>();

    public DbSet<DigestDispatch> DigestDispatches => Set<DigestDispatch>();

    public DbSet<ChangesSeen> ChangesSeen => Set<ChangesSeen>();

    public DbSet<Features.Publication.Publication> Publications => Set<Features.Publication.Publication>();

    public DbSet<Features.Publication.PublicationConsent> PublicationConsents => Set<Features.Publication.PublicationConsent>();

    public DbSet<Features.Webhooks.Webhook> Webhooks => Set<Features.Webhooks.Webhook>();

    public DbSet<Features.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Features.Webhooks.WebhookDelivery>();

    public DbSet<Features.Webhooks.WebhookAttempt> WebhookAttempts => Set<Features.Webhooks.WebhookAttempt>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveAsync(acceptAllChangesOnSuccess, async: false, CancellationToken.None).GetAwaiter().GetResult();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        SaveAsync(acceptAllChangesOnSuccess, async: true, cancellationToken);

    /// <summary>
    /// Stamps versions, refuses any change to the audit trail but appending, and links new change records
    /// into their partnership's chain (<see cref="AuditChain"/>) inside the save's transaction: the chain
    /// head is locked and read before the records are written and moved on after, two commands per
    /// partnership. A save without change records costs nothing extra.
    /// </summary>
    private async Task<int> SaveAsync(bool acceptAllChangesOnSuccess, bool async, CancellationToken cancellationToken)
    {
        var appended = StampAndGuard();
        if (appended is null)
        {
            return async
                ? await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
                : base.SaveChanges(acceptAllChangesOnSuccess);
        }

        // A service's own transaction carries the chain too; otherwise the save gets one.
        var ownTransaction = Database.CurrentTransaction is null
            ? async ? await Database.BeginTransactionAsync(cancellationToken) : Database.BeginTransaction()
            : null;
        try
        {
            var heads = await AuditChain.StampAsync(this, appended, async, cancellationToken);
            var saved = async
                ? await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
                : base.SaveChanges(acceptAllChangesOnSuccess);
            await AuditChain.AdvanceHeadsAsync(this, heads, async, cancellationToken);
            if (ownTransaction is not null)
            {
                if (async)
                {
                    await ownTransaction.CommitAsync(cancellationToken);
                }
                else
                {
                    ownTransaction.Commit();
                }
            }

            return saved;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                if (async)
                {
                    await ownTransaction.DisposeAsync();
                }
                else
                {
                    ownTransaction.Dispose();
                }
            }
        }
    }

    /// <summary>One pass over the tracked entries: version stamps, the audit trail's rule, new change records.</summary>
    private List<ChangeRecord>? StampAndGuard()
    {
        List<ChangeRecord>? appended = null;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is IVersioned versioned)
            {
                if (entry.State == EntityState.Added)
                {
                    versioned.Version = 1;
                }
                else if (entry.State == EntityState.Modified)
                {
                    // The original value stays what the change started from, so the UPDATE's WHERE clause
                    // rejects the save when someone else got there first.
                    versioned.Version = (long)entry.Property(nameof(IVersioned.Version)).OriginalValue! + 1;
                }
            }
            else if (entry.Entity is ChangeRecord record)
            {
                if (entry.State == EntityState.Added)
                {
                    (appended ??= []).Add(record);
                }
                else if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    AuditChain.RefuseChange(Entry(record));
                }
            }
        }

        return appended;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(ApplicationUser.DisplayNameMaxLength);
            user.Property(u => u.JobTitle).HasMaxLength(ApplicationUser.JobTitleMaxLength);
            user.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            user.Property(u => u.OrganisationJoinedVia).HasConversion<string>().HasMaxLength(32);
        });

        builder.Entity<OrganisationDomain>(d =>
        {
            d.Property(x => x.Domain).HasMaxLength(OrganisationDomain.DomainMaxLength);
            d.Property(x => x.AddedByUserId).HasMaxLength(450);
            d.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => x.Domain).IsUnique();
        });

        builder.Entity<OrganisationJoinRequest>(r =>
        {
            r.Property(x => x.UserId).HasMaxLength(450);
            r.Property(x => x.DecidedByUserId).HasMaxLength(450);
            r.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
            r.Property(x => x.Version).IsConcurrencyToken();
            r.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.OrganisationId, x.State });
            r.HasIndex(x => x.UserId);
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
            p.Property(x => x.DecisionCounting).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.CreatedByUserId).HasMaxLength(450);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasIndex(x => new { x.CreatedByUserId, x.CreatedUtc });
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
            // A person's own records: the invitation quota and their personal data export.
            c.HasIndex(x => new { x.UserId, x.AtUtc });
            c.Property(x => x.PreviousHash).HasMaxLength(64);
            c.Property(x => x.Hash).HasMaxLength(64);
            c.HasIndex(x => x.GoalId);
            // One record per place in a partnership's chain, whatever happens to the locking.
            c.HasIndex(x => new { x.PartnershipId, x.Sequence }).IsUnique();
            c.ToTable(t =>
            {
                t.HasTrigger(AuditTrailSql.ChangeRecordsTrigger);
                t.HasTrigger(AuditTrailSql.ChangeRecordsDeleteTrigger);
            });
        });

        builder.Entity<AuditChainHead>(h =>
        {
            h.HasKey(x => x.PartnershipId);
            h.Property(x => x.PartnershipId).ValueGeneratedNever();
            h.Property(x => x.LastHash).HasMaxLength(64);
            h.ToTable(t =>
            {
                t.HasTrigger(AuditTrailSql.ChainHeadsTrigger);
                t.HasTrigger(AuditTrailSql.ChainHeadsDeleteTrigger);
            });
        });

        ConfigureGoals(builder);
        ConfigureDialogue(builder);
        WorkshopConfiguration.Configure(builder);
        AgreementConfiguration.Configure(builder);
        ContributionConfiguration.Configure(builder);
        HealthConfiguration.Configure(builder);
        AlignmentConfiguration.Configure(builder);
        Features.Api.ApiConfiguration.Configure(builder);
        NotificationConfiguration.Configure(builder);
        Features.Publication.PublicationConfiguration.Configure(builder);
        Features.Webhooks.WebhookConfiguration.Configure(builder);
    }

    private static void ConfigureDialogue(ModelBuilder builder)
    {
        builder.Entity<LogEntry>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Title).HasMaxLength(LogEntry.TitleMaxLength);
            e.Property(x => x.Body).HasMaxLength(LogEntry.BodyMaxLength);
            e.Property(x => x.AuthorUserId).HasMaxLength(450);
            e.Property(x => x.RemovedByUserId).HasMaxLength(450);
            e.Property(x => x.ClosedByUserId).HasMaxLength(450);
            e.Property(x => x.AssigneeUserId).HasMaxLength(450);
            e.Property(x => x.RiskOwnerUserId).HasMaxLength(450);
            e.Property(x => x.Outcome).HasMaxLength(LogEntry.OutcomeMaxLength);
            e.Property(x => x.RuleAtClose).HasMaxLength(LogEntry.RuleTextMaxLength);
            e.Property(x => x.RuleOverrideReason).HasMaxLength(LogEntry.OutcomeMaxLength);
            e.Property(x => x.Mitigation).HasMaxLength(LogEntry.MitigationMaxLength);
            e.Property(x => x.DecisionRule).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ActionState).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.RiskState).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Goal>().WithMany().HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(x => x.SourceWorkshopId);
            e.HasIndex(x => new { x.PartnershipId, x.CreatedUtc });
            e.HasIndex(x => new { x.PartnershipId, x.UpdatedUtc });
            e.HasIndex(x => x.GoalId);
            e.HasIndex(x => x.AssigneeUserId);
            e.HasIndex(x => new { x.PartnershipId, x.AuthorUserId, x.SubmissionId }).IsUnique();
            // The per-minute posting quota counts a person's recent entries.
            e.HasIndex(x => new { x.AuthorUserId, x.CreatedUtc });
        });

        builder.Entity<DecisionPosition>(p =>
        {
            p.Property(x => x.UserId).HasMaxLength(450);
            p.Property(x => x.Position).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.Reason).HasMaxLength(DecisionPosition.ReasonMaxLength);
            p.HasOne<LogEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
            p.HasIndex(x => new { x.EntryId, x.UserId }).IsUnique();
        });

        builder.Entity<DecisionAmendment>(a =>
        {
            a.Property(x => x.UserId).HasMaxLength(450);
            a.Property(x => x.Text).HasMaxLength(LogEntry.OutcomeMaxLength);
            a.HasOne<LogEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<LogReply>(r =>
        {
            r.Property(x => x.AuthorUserId).HasMaxLength(450);
            r.Property(x => x.RemovedByUserId).HasMaxLength(450);
            r.Property(x => x.Body).HasMaxLength(LogEntry.BodyMaxLength);
            r.Property(x => x.Version).IsConcurrencyToken();
            r.HasOne<LogEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.EntryId, x.CreatedUtc });
            r.HasIndex(x => new { x.EntryId, x.AuthorUserId, x.SubmissionId }).IsUnique();
            r.HasIndex(x => new { x.AuthorUserId, x.CreatedUtc });
        });

        builder.Entity<LogMention>(m =>
        {
            m.Property(x => x.UserId).HasMaxLength(450);
            m.HasOne<LogEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
            m.HasIndex(x => new { x.UserId, x.CreatedUtc });
        });

        builder.Entity<LogReaction>(r =>
        {
            r.Property(x => x.UserId).HasMaxLength(450);
            r.Property(x => x.Emoji).HasMaxLength(16);
            r.HasOne<LogEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.EntryId, x.UserId, x.Emoji }).IsUnique();
        });

        builder.Entity<LogReadState>(s =>
        {
            s.HasKey(x => new { x.PartnershipId, x.UserId });
            s.Property(x => x.UserId).HasMaxLength(450);
        });
    }

    private static void ConfigureGoals(ModelBuilder builder)
    {
        builder.Entity<Goal>(g =>
        {
            g.Property(x => x.Title).HasMaxLength(Goal.TitleMaxLength);
            g.Property(x => x.Description).HasMaxLength(Goal.DescriptionMaxLength);
            g.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            g.Property(x => x.OwnerUserId).HasMaxLength(450);
            g.Property(x => x.Version).IsConcurrencyToken();
            // A field save moves the revision on in its own UPDATE; one moved on meanwhile (a check-in, a
            // contribution) makes it check again, as another field saved meanwhile does (GoalService).
            g.Property(x => x.Revision).IsConcurrencyToken();
            g.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            g.HasOne<Goal>().WithMany().HasForeignKey(x => x.ParentGoalId).OnDelete(DeleteBehavior.Restrict);
            g.HasOne<Organisation>().WithMany().HasForeignKey(x => x.LeadOrganisationId).OnDelete(DeleteBehavior.Restrict);
            g.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
            g.HasIndex(x => x.PartnershipId);
        });

        builder.Entity<GoalContribution>(c =>
        {
            c.Property(x => x.Commitment).HasMaxLength(GoalContribution.CommitmentMaxLength);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.HasOne<Goal>().WithMany().HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.Cascade);
            c.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            c.HasIndex(x => new { x.GoalId, x.OrganisationId }).IsUnique();
        });

        builder.Entity<Indicator>(i =>
        {
            i.Property(x => x.Name).HasMaxLength(Indicator.NameMaxLength);
            i.Property(x => x.Unit).HasMaxLength(Indicator.UnitMaxLength);
            i.Property(x => x.DataSource).HasMaxLength(Indicator.DataSourceMaxLength);
            i.Property(x => x.Direction).HasConversion<string>().HasMaxLength(32);
            i.Property(x => x.Cadence).HasConversion<string>().HasMaxLength(32);
            i.Property(x => x.Version).IsConcurrencyToken();
            i.HasOne<Goal>().WithMany().HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.Cascade);
            i.HasMany(x => x.Milestones).WithOne().HasForeignKey(m => m.IndicatorId).OnDelete(DeleteBehavior.Cascade);
            i.HasIndex(x => x.GoalId);
            i.HasIndex(x => x.PartnershipId);
        });

        builder.Entity<CheckIn>(c =>
        {
            c.Property(x => x.Comment).HasMaxLength(CheckIn.CommentMaxLength);
            c.Property(x => x.RecordedByUserId).HasMaxLength(450);
            c.Property(x => x.Source).HasMaxLength(CheckIn.SourceMaxLength);
            c.HasOne<Indicator>().WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Cascade);
            c.HasIndex(x => new { x.IndicatorId, x.AsOf });
        });

        builder.Entity<ConfidenceRecord>(c =>
        {
            c.Property(x => x.Comment).HasMaxLength(CheckIn.CommentMaxLength);
            c.Property(x => x.RecordedByUserId).HasMaxLength(450);
            c.HasOne<Indicator>().WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Cascade);
            c.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            c.HasIndex(x => new { x.IndicatorId, x.RecordedUtc });
        });

        builder.Entity<GoalDraft>(d =>
        {
            d.Property(x => x.UserId).HasMaxLength(450);
            d.Property(x => x.Field).HasMaxLength(64);
            d.Property(x => x.Text).HasMaxLength(Goal.DescriptionMaxLength);
            d.Property(x => x.OriginalText).HasMaxLength(Goal.DescriptionMaxLength);
            d.HasOne<Goal>().WithMany().HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => new { x.GoalId, x.UserId, x.Field }).IsUnique();
        });

        builder.Entity<CoText>(t =>
        {
            t.Property(x => x.OwnerKind).HasMaxLength(64);
            t.Property(x => x.RunUserId).HasMaxLength(450);
            t.Property(x => x.Revision).IsConcurrencyToken();
            t.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
            t.HasIndex(x => new { x.OwnerKind, x.OwnerId }).IsUnique();
        });

        builder.Entity<CoTextOperation>(o =>
        {
            o.Property(x => x.AuthorUserId).HasMaxLength(450);
            o.Property(x => x.ClientId).HasMaxLength(CoTypingService.ClientIdMaxLength);
            o.HasOne<CoText>().WithMany().HasForeignKey(x => x.CoTextId).OnDelete(DeleteBehavior.Cascade);
            // Two nodes applying the same revision: one insert fails and that node transforms again.
            o.HasIndex(x => new { x.CoTextId, x.Revision }).IsUnique();
            // A resend after a reconnect finds the operation already applied and is acknowledged again.
            o.HasIndex(x => new { x.CoTextId, x.ClientId, x.ClientSeq }).IsUnique();
        });
    }
}

public sealed class SqliteWorkspaceDbContext(DbContextOptions<SqliteWorkspaceDbContext> options) : WorkspaceDbContext(options);

public sealed class SqlServerWorkspaceDbContext(DbContextOptions<SqlServerWorkspaceDbContext> options) : WorkspaceDbContext(options);
