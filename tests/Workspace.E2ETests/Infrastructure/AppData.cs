using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.E2ETests.Infrastructure;

/// <summary>
/// Arranges and checks data through the running app's own services, for the parts of a scenario
/// that are not what the test is about.
/// </summary>
public sealed class AppData(IServiceProvider services)
{
    public async Task<string> UserIdAsync(string email)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        return user.Id;
    }

    /// <summary>A person with a confirmed account who speaks for no organisation yet.</summary>
    public async Task<string> CreatePersonAsync(string email, string displayName, string password)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedUtc = DateTime.UtcNow };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? user.Id : throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
    }

    /// <summary>The organisation <paramref name="userId"/> speaks for.</summary>
    public async Task<Guid> OrganisationIdAsync(string userId)
    {
        await using var db = await DbAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId!.Value).SingleAsync();
    }

    public async Task<Guid> DemoPartnershipIdAsync()
    {
        await using var db = await DbAsync();
        return await db.Partnerships.Where(p => p.Name == DemoData.PartnershipName).Select(p => p.Id).SingleAsync();
    }

    public async Task<Guid> DemoGoalIdAsync()
    {
        var partnership = await DemoPartnershipIdAsync();
        await using var db = await DbAsync();
        return await db.Goals.Where(g => g.PartnershipId == partnership && g.ParentGoalId == null)
            .OrderBy(g => g.Title).Select(g => g.Id).FirstAsync();
    }

    /// <summary>Calls one of the running app's services in its own scope.</summary>
    public async Task<T> UseAsync<TService, T>(Func<TService, Task<T>> call)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(call);
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<Guid> CreatePartnershipAsync(string facilitatorEmail, string name)
    {
        await using var scope = services.CreateAsyncScope();
        var partnerships = scope.ServiceProvider.GetRequiredService<PartnershipService>();
        var result = await partnerships.CreateAsync(await UserIdAsync(facilitatorEmail), new PartnershipInput
        {
            Name = name,
            Purpose = "Arranged by an end-to-end test.",
        });
        return result.Succeeded ? result.Value : throw new InvalidOperationException(result.Error!.Message);
    }

    /// <summary>Invites <paramref name="email"/> and returns the link token.</summary>
    public async Task<string> InviteAsync(string facilitatorEmail, Guid partnershipId, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var members = scope.ServiceProvider.GetRequiredService<MemberService>();
        var result = await members.InviteAsync(await UserIdAsync(facilitatorEmail), partnershipId, new InviteInput { Email = email });
        return result.Succeeded ? result.Value!.Token : throw new InvalidOperationException(result.Error!.Message);
    }

    public async Task AcceptInvitationAsync(string email, string token)
    {
        await using var scope = services.CreateAsyncScope();
        var members = scope.ServiceProvider.GetRequiredService<MemberService>();
        var result = await members.AcceptInvitationAsync(await UserIdAsync(email), token);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Error!.Message);
        }
    }

    public async Task ExpireInvitationAsync(string token)
    {
        await using var db = await DbAsync();
        var hash = InvitationTokens.Hash(token);
        var invitation = await db.Invitations.SingleAsync(i => i.TokenHash == hash);
        invitation.ExpiresUtc = DateTime.UtcNow.AddDays(-1);
        await db.SaveChangesAsync();
    }

    public async Task<int> CountInvitationsAsync(Guid partnershipId)
    {
        await using var db = await DbAsync();
        return await db.Invitations.CountAsync(i => i.PartnershipId == partnershipId);
    }

    public async Task<int> CountPartnershipsAsync()
    {
        await using var db = await DbAsync();
        return await db.Partnerships.CountAsync();
    }

    /// <summary>Adds a goal as <paramref name="email"/> (a contributor or facilitator) and returns its id.</summary>
    public async Task<Guid> CreateGoalAsync(string email, Guid partnershipId, string title)
    {
        await using var scope = services.CreateAsyncScope();
        var goals = scope.ServiceProvider.GetRequiredService<GoalService>();
        var result = await goals.CreateAsync(await UserIdAsync(email), partnershipId, new NewGoalInput { Title = title });
        return result.Succeeded ? result.Value!.Id : throw new InvalidOperationException(result.Error!.Message);
    }

    /// <summary>Saves one field of a goal as <paramref name="email"/>, from whatever it holds now.</summary>
    public async Task SaveGoalFieldAsync(string email, Guid partnershipId, Guid goalId, GoalField field, string? value)
    {
        var before = await GoalAsync(goalId);
        var original = field switch
        {
            GoalField.Title => before.Title,
            GoalField.Description => before.Description,
            GoalField.Status => before.Status.ToString(),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Only title, description and status are supported here."),
        };
        await using var scope = services.CreateAsyncScope();
        var goals = scope.ServiceProvider.GetRequiredService<GoalService>();
        var result = await goals.SaveFieldAsync(await UserIdAsync(email), partnershipId, goalId, field, original, value);
        if (!result.Succeeded || !result.Value!.Saved)
        {
            throw new InvalidOperationException(result.Error?.Message ?? "The field was not saved.");
        }
    }

    /// <summary>Adds an indicator (increase from 10 to 50) to a goal and returns its id.</summary>
    public async Task<Guid> AddIndicatorAsync(string email, Guid partnershipId, Guid goalId, string name, string unit = "people")
    {
        await using var scope = services.CreateAsyncScope();
        var indicators = scope.ServiceProvider.GetRequiredService<IndicatorService>();
        var result = await indicators.AddAsync(await UserIdAsync(email), partnershipId, goalId, new IndicatorInput
        {
            Name = name,
            Unit = unit,
            Baseline = 10,
            Target = 50,
        });
        return result.Succeeded ? result.Value!.Id : throw new InvalidOperationException(result.Error!.Message);
    }

    /// <summary>Records <paramref name="email"/>'s organisation's confidence (1–5) in an indicator.</summary>
    public async Task RecordConfidenceAsync(string email, Guid partnershipId, Guid indicatorId, int level)
    {
        await using var scope = services.CreateAsyncScope();
        var indicators = scope.ServiceProvider.GetRequiredService<IndicatorService>();
        var result = await indicators.RecordConfidenceAsync(await UserIdAsync(email), partnershipId, indicatorId, level, null);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Error!.Message);
        }
    }

    public async Task<Goal> GoalAsync(Guid goalId)
    {
        await using var db = await DbAsync();
        return await db.Goals.AsNoTracking().SingleAsync(g => g.Id == goalId);
    }

    public async Task<int> CountIndicatorsAsync(Guid goalId)
    {
        await using var db = await DbAsync();
        return await db.Indicators.CountAsync(i => i.GoalId == goalId);
    }

    public async Task<int> CountCheckInsAsync(Guid indicatorId)
    {
        await using var db = await DbAsync();
        return await db.CheckIns.CountAsync(c => c.IndicatorId == indicatorId);
    }

    /// <summary>Posts a log entry as <paramref name="email"/> and returns its id.</summary>
    public async Task<Guid> PostLogEntryAsync(string email, Guid partnershipId, EntryInput input)
    {
        await using var scope = services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<LogService>();
        var result = await log.PostAsync(await UserIdAsync(email), partnershipId, input);
        return result.Succeeded ? result.Value!.Id : throw new InvalidOperationException(result.Error!.Message);
    }

    public async Task<LogEntry> LogEntryAsync(Guid entryId)
    {
        await using var db = await DbAsync();
        return await db.LogEntries.AsNoTracking().SingleAsync(e => e.Id == entryId);
    }

    public async Task<int> CountLogEntriesAsync(Guid partnershipId, string title)
    {
        await using var db = await DbAsync();
        return await db.LogEntries.CountAsync(e => e.PartnershipId == partnershipId && e.Title == title);
    }

    public async Task<int> CountLogEntriesAsync(Guid partnershipId)
    {
        await using var db = await DbAsync();
        return await db.LogEntries.CountAsync(e => e.PartnershipId == partnershipId);
    }

    /// <summary>Adds <paramref name="count"/> notes titled "Entry 0000"… (oldest first, a minute apart) in one save.</summary>
    public async Task AddLogNotesAsync(string email, Guid partnershipId, int count)
    {
        var userId = await UserIdAsync(email);
        await using var db = await DbAsync();
        var organisation = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleAsync();
        var start = DateTime.UtcNow.AddDays(-30);
        db.LogEntries.AddRange(Enumerable.Range(0, count).Select(i => new LogEntry
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Kind = EntryKind.Note,
            Title = $"Entry {i:D4}",
            Body = $"Note number {i}.",
            AuthorUserId = userId,
            AuthorOrganisationId = organisation,
            CreatedUtc = start.AddMinutes(i),
            UpdatedUtc = start.AddMinutes(i),
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>Replies to an entry as <paramref name="email"/> and returns the reply's id.</summary>
    public async Task<Guid> ReplyAsync(string email, Guid partnershipId, Guid entryId, string body)
    {
        await using var scope = services.CreateAsyncScope();
        var replies = scope.ServiceProvider.GetRequiredService<ReplyService>();
        var result = await replies.ReplyAsync(await UserIdAsync(email), partnershipId, entryId, body, []);
        return result.Succeeded ? result.Value!.Id : throw new InvalidOperationException(result.Error!.Message);
    }

    public async Task<string> ReplyBodyAsync(Guid replyId)
    {
        await using var db = await DbAsync();
        return await db.LogReplies.Where(r => r.Id == replyId).Select(r => r.Body).SingleAsync();
    }

    private Task<WorkspaceDbContext> DbAsync() =>
        services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>().CreateDbContextAsync();
}
