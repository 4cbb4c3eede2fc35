using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Support;

/// <summary>Puts people, organisations and partnerships straight into the test database.</summary>
public static class TestData
{
    public const string DefaultOrganisationName = "Riverside Council";

    public static Guid AddOrganisation(this TestDatabase database, string name, Sector sector = Sector.Public, Guid? parentId = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.CreateDbContext();
        var organisation = new Organisation { Id = Guid.NewGuid(), Name = name, Sector = sector, ParentId = parentId, CreatedUtc = DateTime.UtcNow };
        db.Organisations.Add(organisation);
        db.SaveChanges();
        return organisation.Id;
    }

    /// <summary>Adds a person with a confirmed account; they belong to <paramref name="organisationId"/> or a default organisation.</summary>
    public static string AddPerson(this TestDatabase database, string displayName, string? email = null, Guid? organisationId = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(displayName);
        email ??= $"{displayName.Split(' ')[0].ToLowerInvariant()}@example.org";
        organisationId ??= database.Read(db => db.Organisations.Where(o => o.Name == DefaultOrganisationName).Select(o => (Guid?)o.Id).FirstOrDefault())
            ?? database.AddOrganisation(DefaultOrganisationName);

        return AddUser(database, displayName, email, organisationId);
    }

    /// <summary>Adds a person with a confirmed account who speaks for no organisation yet.</summary>
    public static string AddPersonWithoutOrganisation(this TestDatabase database, string displayName, string email) =>
        AddUser(database, displayName, email, organisationId: null);

    private static string AddUser(TestDatabase database, string displayName, string email, Guid? organisationId)
    {
        using var db = database.CreateDbContext();
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid().ToString(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = displayName,
            OrganisationId = organisationId,
            OrganisationJoinedVia = organisationId is null ? null : OrganisationJoinedVia.AdminApproval,
            OrganisationJoinedUtc = organisationId is null ? null : DateTime.UtcNow,
            CreatedUtc = DateTime.UtcNow,
        };
        db.Users.Add(user);
        db.SaveChanges();
        return user.Id;
    }

    /// <summary>Makes a person an admin of the organisation they speak for.</summary>
    public static void MakeOrganisationAdmin(this TestDatabase database, string userId)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.CreateDbContext();
        db.Users.Single(u => u.Id == userId).IsOrganisationAdmin = true;
        db.SaveChanges();
    }

    public static Guid AddPartnership(this TestDatabase database, string name, params (string UserId, PartnershipRole Role)[] members)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(members);
        using var db = database.CreateDbContext();
        var partnership = new Partnership
        {
            Id = Guid.NewGuid(),
            Name = name,
            Purpose = $"The purpose of {name}.",
            Status = PartnershipStatus.Active,
            CreatedUtc = DateTime.UtcNow,
        };
        db.Partnerships.Add(partnership);
        db.SaveChanges();
        foreach (var (userId, role) in members)
        {
            database.AddMember(partnership.Id, userId, role);
        }

        return partnership.Id;
    }

    public static void AddMember(this TestDatabase database, Guid partnershipId, string userId, PartnershipRole role)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.CreateDbContext();
        db.Memberships.Add(new Membership
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            UserId = userId,
            Role = role,
            JoinedUtc = DateTime.UtcNow,
        });
        db.SaveChanges();
    }

    /// <summary>Adds a pending invitation that expires in seven days; returns its id and the link token.</summary>
    public static (Guid Id, string Token) AddInvitation(this TestDatabase database, Guid partnershipId, string email, PartnershipRole role,
        string invitedByUserId, DateTime createdUtc)
    {
        ArgumentNullException.ThrowIfNull(database);
        var token = InvitationTokens.NewToken();
        using var db = database.CreateDbContext();
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Email = email,
            Role = role,
            TokenHash = InvitationTokens.Hash(token),
            InvitedByUserId = invitedByUserId,
            CreatedUtc = createdUtc,
            ExpiresUtc = createdUtc.AddDays(7),
        };
        db.Invitations.Add(invitation);
        db.SaveChanges();
        return (invitation.Id, token);
    }

    public static PartnershipRole? RoleOf(this TestDatabase database, Guid partnershipId, string userId)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Read(db => db.Memberships
            .Where(m => m.PartnershipId == partnershipId && m.UserId == userId)
            .Select(m => (PartnershipRole?)m.Role)
            .FirstOrDefault());
    }

    /// <summary>Adds a goal (version 1) with no history, as if it had always been there.</summary>
    public static Guid AddGoal(this TestDatabase database, Guid partnershipId, string title, Guid? parentGoalId = null, string? ownerUserId = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.CreateDbContext();
        var goal = new Goal
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            ParentGoalId = parentGoalId,
            Title = title,
            Status = GoalStatus.NotStarted,
            OwnerUserId = ownerUserId,
            CreatedUtc = DateTime.UtcNow,
            UpdatedUtc = DateTime.UtcNow,
        };
        db.Goals.Add(goal);
        db.SaveChanges();
        return goal.Id;
    }

    /// <summary>Adds an indicator (version 1) to a goal, with no check-ins.</summary>
    public static Guid AddIndicator(this TestDatabase database, Guid goalId, string name, double baseline, double target,
        IndicatorDirection direction = IndicatorDirection.Increase)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.CreateDbContext();
        var partnershipId = db.Goals.Where(g => g.Id == goalId).Select(g => g.PartnershipId).Single();
        var indicator = new Indicator
        {
            Id = Guid.NewGuid(),
            GoalId = goalId,
            PartnershipId = partnershipId,
            Name = name,
            Baseline = baseline,
            Target = target,
            Direction = direction,
            Cadence = Cadence.Monthly,
            CreatedUtc = DateTime.UtcNow,
        };
        db.Indicators.Add(indicator);
        db.SaveChanges();
        return indicator.Id;
    }

    /// <summary>
    /// Adds a log entry (version 1) with no history, written by <paramref name="authorUserId"/> for their organisation.
    /// Decisions are open consent rounds, actions open and assigned to the author, risks open at 3 × 3, unless configured.
    /// </summary>
    public static Guid AddLogEntry(this TestDatabase database, Guid partnershipId, string authorUserId, EntryKind kind, string title,
        Action<LogEntry>? configure = null, DateTime? createdUtc = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.CreateDbContext();
        var at = createdUtc ?? DateTime.UtcNow;
        var entry = new LogEntry
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Kind = kind,
            Title = title,
            AuthorUserId = authorUserId,
            AuthorOrganisationId = db.Users.Where(u => u.Id == authorUserId).Select(u => u.OrganisationId).Single(),
            CreatedUtc = at,
            UpdatedUtc = at,
        };
        switch (kind)
        {
            case EntryKind.Decision:
                entry.DecisionRule = DecisionRule.Consent;
                break;
            case EntryKind.Action:
                entry.AssigneeUserId = authorUserId;
                entry.ActionState = ActionState.Open;
                break;
            case EntryKind.Risk:
                (entry.Likelihood, entry.Impact, entry.RiskState) = (3, 3, RiskState.Open);
                break;
        }

        configure?.Invoke(entry);
        db.LogEntries.Add(entry);
        db.SaveChanges();
        return entry.Id;
    }
}
