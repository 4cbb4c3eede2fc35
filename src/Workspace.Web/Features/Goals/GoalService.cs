using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

public sealed record GoalList(IReadOnlyList<GoalSummary> Goals, PartnershipRole MyRole);

/// <summary>
/// Shared goals: reading, creating, and saving one field at a time so that two people changing
/// different fields both keep their change, and the same field is never silently overwritten.
/// </summary>
public sealed class GoalService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, CoTypingService coTyping)
{
    private const string EditAction = "edit goals";

    // A field save whose goal row moved meanwhile (another field, a check-in, a confidence) reads it again and
    // retries. Three tries were used up by ten confidences arriving with a title save on a busy machine.
    private const int SaveAttempts = 10;

    public async Task<Result<GoalList>> ListAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        return new GoalList(await GoalQueries.SummariesAsync(db, partnershipId, null, cancellationToken), role.Value);
    }

    public async Task<Result<GoalDetail>> GetAsync(string? userId, Guid partnershipId, Guid goalId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null
            || !await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        return await DetailAsync(db, partnershipId, goalId, cancellationToken);
    }

    public async Task<Result<GoalSummary>> CreateAsync(string userId, Guid partnershipId, NewGoalInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "add goals", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rules = new InputRules()
            .Required(nameof(NewGoalInput.Title), "Title", input.Title, Goal.TitleMaxLength)
            .Defined(nameof(NewGoalInput.Status), "Status", input.Status);
        CheckDueDate(rules, input.DueDate, nameof(NewGoalInput.DueDate));
        if (input.ParentGoalId is { } parentId && !await db.Goals.AnyAsync(g => g.Id == parentId && g.PartnershipId == partnershipId, cancellationToken))
        {
            rules.Add(nameof(NewGoalInput.ParentGoalId), "Choose a parent goal from this partnership.");
        }

        if (input.LeadOrganisationId is { } leadId && !await db.Organisations.AnyAsync(o => o.Id == leadId, cancellationToken))
        {
            rules.Add(nameof(NewGoalInput.LeadOrganisationId), "Choose the lead organisation from the list.");
        }

        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var goal = new Goal
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            ParentGoalId = input.ParentGoalId,
            Title = InputRules.Stored(input.Title),
            Status = input.Status,
            LeadOrganisationId = input.LeadOrganisationId,
            OwnerUserId = userId,
            DueDate = input.DueDate,
            CreatedUtc = now,
            UpdatedUtc = now,
            Revision = 1,
        };
        db.Goals.Add(goal);
        db.Record(partnershipId, userId, now, nameof(Goal), goal.Id, "Created", null, goal.Title, goal.Id);
        GoalSummary summary;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            summary = await GoalQueries.PictureAsync(db, partnershipId, goal.Id, goal.Revision, goal, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await events.PublishAsync(new GoalSaved(partnershipId, userId, summary, null, goal.Description), cancellationToken);
        return summary;
    }

    /// <summary>
    /// Saves one field. <paramref name="original"/> is the value the person started from: when the
    /// stored value still equals it (or equals the new value) the save goes through, whatever else
    /// changed on the goal meanwhile; otherwise nothing is saved and the conflict is returned.
    /// </summary>
    public async Task<Result<FieldSave>> SaveFieldAsync(
        string userId, Guid partnershipId, Guid goalId, GoalField field, string? original, string? value, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

            // One connection for every command of this save, instead of one open and close per query.
            await db.Database.OpenConnectionAsync(cancellationToken);

            // The membership and role are read from the database with the goal, in one query.
            var found = await GoalQueries.RoleAndGoalAsync(db, partnershipId, userId, goalId, cancellationToken);
            var access = PartnershipAccess.Check(found?.Role, PartnershipRole.Contributor, EditAction);
            if (!access.Succeeded)
            {
                return access.Error!;
            }

            var goal = found!.Goal;
            if (goal is null)
            {
                return ServiceError.NotFound;
            }

            var normalised = Normalise(field, value);
            var rules = await ValidateAsync(db, goal, field, normalised, cancellationToken);
            if (!rules.IsValid)
            {
                return rules.ToError();
            }

            var current = Read(goal, field);
            if (current == normalised)
            {
                return new FieldSave(await GoalQueries.SummaryOfAsync(db, goal, cancellationToken), null);
            }

            if (current != Normalise(field, original))
            {
                var last = await db.ChangeRecords.AsNoTracking()
                    .Where(c => c.EntityType == nameof(Goal) && c.EntityId == goalId.ToString() && c.Field == field.ToString())
                    .OrderByDescending(c => c.Id)
                    .Select(c => new { c.UserId, c.AtUtc })
                    .FirstOrDefaultAsync(cancellationToken);
                var by = last?.UserId is null ? null : await db.Users.Where(u => u.Id == last.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
                return new FieldSave(
                    await GoalQueries.SummaryOfAsync(db, goal, cancellationToken),
                    new FieldConflict(field, current, normalised, by, last?.AtUtc ?? goal.UpdatedUtc));
            }

            var now = clock.GetUtcNow().UtcDateTime;
            Write(goal, field, normalised);
            goal.UpdatedUtc = now;
            db.Record(partnershipId, userId, now, nameof(Goal), goalId, field.ToString(), current, normalised, goalId);
            // The revision moves on in the save's own UPDATE, checked like the version; the picture is read
            // just after, not under the save's write lock (see GoalQueries.PictureAsync).
            goal.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < SaveAttempts)
            {
                // Another field of this goal was saved at the same moment: check again against the new state.
                continue;
            }

            var summary = await GoalQueries.PictureAsync(db, partnershipId, goalId, goal.Revision, goal, cancellationToken);
            await events.PublishAsync(new GoalSaved(partnershipId, userId, summary, field, goal.Description), cancellationToken);
            if (field == GoalField.Description)
            {
                // The description is co-typed: open editors take the saved value (a restore) now, not at their next keystroke.
                await coTyping.AdoptAsync(userId, partnershipId, CoText.GoalDescription, goalId, cancellationToken);
            }

            return new FieldSave(summary, null);
        }
    }

    public async Task<Result<IReadOnlyList<HistoryEntry>>> HistoryAsync(string? userId, Guid partnershipId, Guid goalId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null
            || !await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        var records = await db.ChangeRecords.AsNoTracking()
            .Where(c => c.PartnershipId == partnershipId && c.GoalId == goalId)
            .OrderByDescending(c => c.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        var names = await NamesAsync(db, partnershipId, cancellationToken);
        var indicatorNames = await db.Indicators.AsNoTracking().Where(i => i.GoalId == goalId)
            .ToDictionaryAsync(i => i.Id.ToString(), i => i.Name, cancellationToken);

        return Result<IReadOnlyList<HistoryEntry>>.Ok([.. records.Select(r =>
        {
            var isGoalField = r.EntityType == nameof(Goal) && Enum.TryParse<GoalField>(r.Field, out var goalField);
            var label = r.EntityType switch
            {
                nameof(Indicator) or nameof(CheckIn) or nameof(ConfidenceRecord) => indicatorNames.GetValueOrDefault(r.EntityId) ?? "an indicator",
                nameof(GoalContribution) => names.Organisations.GetValueOrDefault(r.EntityId) ?? "an organisation",
                _ => "goal",
            };
            // A check-in through the API names the token, not a person: "12 people as of 1 Dec 2026, via API, token 'Council data feed'".
            var viaApi = r.EntityType == nameof(CheckIn) && r.Field == "ValueViaApi" ? AuditTrail.Split(r.NewValue) : default;
            return new HistoryEntry(
                r.Id, r.AtUtc, r.UserId is null ? "The system" : names.People.GetValueOrDefault(r.UserId) ?? "A former member",
                r.EntityType, label, r.Field,
                isGoalField ? names.Display(Enum.Parse<GoalField>(r.Field), r.OldValue) : r.OldValue,
                isGoalField ? names.Display(Enum.Parse<GoalField>(r.Field), r.NewValue) : viaApi.Context is { } token ? $"{viaApi.Value}, via API, token '{token}'" : r.NewValue,
                CanRestore: isGoalField);
        })]);
    }

    /// <summary>Puts back the value a field had before a recorded change; the restore is itself a recorded change.</summary>
    public async Task<Result<FieldSave>> RestoreAsync(string userId, Guid partnershipId, Guid goalId, long changeRecordId, CancellationToken cancellationToken = default)
    {
        GoalField field;
        string? oldValue;
        string? currentValue;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "restore earlier values", cancellationToken);
            if (!access.Succeeded)
            {
                return access.Error!;
            }

            var record = await db.ChangeRecords.AsNoTracking().FirstOrDefaultAsync(
                c => c.Id == changeRecordId && c.PartnershipId == partnershipId && c.GoalId == goalId && c.EntityType == nameof(Goal), cancellationToken);
            if (record is null || !Enum.TryParse(record.Field, out field))
            {
                return ServiceError.NotFound;
            }

            var goal = await db.Goals.AsNoTracking().FirstAsync(g => g.Id == goalId, cancellationToken);
            oldValue = record.OldValue;
            currentValue = Read(goal, field);
        }

        return await SaveFieldAsync(userId, partnershipId, goalId, field, currentValue, oldValue, cancellationToken);
    }

    /// <summary>Adds or changes what an organisation commits to a goal.</summary>
    public async Task<Result> SetContributionAsync(string userId, Guid partnershipId, Guid goalId, Guid organisationId, string commitment, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, EditAction, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (!await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        var rules = new InputRules().MaxLength("Commitment", "Contribution", commitment, GoalContribution.CommitmentMaxLength);
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            rules.Add("Organisation", "Choose the organisation from the list.");
        }

        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var text = InputRules.Stored(commitment);
        var contribution = await db.GoalContributions.FirstOrDefaultAsync(c => c.GoalId == goalId && c.OrganisationId == organisationId, cancellationToken);
        if (contribution is null)
        {
            db.GoalContributions.Add(new GoalContribution { Id = Guid.NewGuid(), GoalId = goalId, OrganisationId = organisationId, Commitment = text });
            db.Record(partnershipId, userId, now, nameof(GoalContribution), organisationId, "Commitment", null, text, goalId);
        }
        else if (contribution.Commitment != text)
        {
            db.Record(partnershipId, userId, now, nameof(GoalContribution), organisationId, "Commitment", contribution.Commitment, text, goalId);
            contribution.Commitment = text;
        }
        else
        {
            return Result.Ok();
        }

        await TouchAndPublishContributionsAsync(db, userId, partnershipId, goalId, now, cancellationToken);
        return Result.Ok();
    }

    public async Task<Result> RemoveContributionAsync(string userId, Guid partnershipId, Guid goalId, Guid organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, EditAction, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var contribution = await db.GoalContributions
            .FirstOrDefaultAsync(c => c.GoalId == goalId && c.OrganisationId == organisationId
                && db.Goals.Any(g => g.Id == goalId && g.PartnershipId == partnershipId), cancellationToken);
        if (contribution is null)
        {
            return ServiceError.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.GoalContributions.Remove(contribution);
        db.Record(partnershipId, userId, now, nameof(GoalContribution), organisationId, "Commitment", contribution.Commitment, null, goalId);
        await TouchAndPublishContributionsAsync(db, userId, partnershipId, goalId, now, cancellationToken);
        return Result.Ok();
    }

    private async Task TouchAndPublishContributionsAsync(WorkspaceDbContext db, string userId, Guid partnershipId, Guid goalId, DateTime now, CancellationToken cancellationToken)
    {
        GoalSummary summary;
        IReadOnlyList<ContributionView> contributions;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            var revision = await GoalQueries.NextRevisionAsync(db, goalId, cancellationToken);
            (summary, contributions) = await GoalQueries.PictureAsync(db, partnershipId, goalId, revision, null, () => ContributionsAsync(db, goalId, cancellationToken), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await events.PublishAsync(new GoalContributionsChanged(partnershipId, userId, goalId, contributions, summary), cancellationToken);
    }

    internal static async Task<GoalDetail> DetailAsync(WorkspaceDbContext db, Guid partnershipId, Guid goalId, CancellationToken cancellationToken)
    {
        var summary = await GoalQueries.SummaryAsync(db, partnershipId, goalId, cancellationToken);
        var description = await db.Goals.Where(g => g.Id == goalId).Select(g => g.Description).FirstAsync(cancellationToken);
        var indicators = await IndicatorQueries.ForGoalAsync(db, goalId, cancellationToken);
        return new GoalDetail(summary, description, await ContributionsAsync(db, goalId, cancellationToken), indicators);
    }

    private static async Task<IReadOnlyList<ContributionView>> ContributionsAsync(WorkspaceDbContext db, Guid goalId, CancellationToken cancellationToken)
    {
        var rows = await db.GoalContributions.AsNoTracking().Where(c => c.GoalId == goalId)
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new ContributionView(c.Id, o.Id, o.Name, o.Sector, c.Commitment, c.Version))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.OrganisationName, StringComparer.CurrentCultureIgnoreCase)];
    }

    internal static string? Read(Goal goal, GoalField field) => GoalFields.Of(field).Read(goal);

    private static void Write(Goal goal, GoalField field, string? value) => GoalFields.Of(field).Write(goal, value);

    /// <summary>The stored form of a value: trimmed text (descriptions as stored Markdown), null for empty optional fields.</summary>
    internal static string? Normalise(GoalField field, string? value) => GoalFields.Of(field).Normalise(value);

    private static async Task<InputRules> ValidateAsync(WorkspaceDbContext db, Goal goal, GoalField field, string? value, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        await GoalFields.Of(field).Validate(new GoalFieldCheck(db, goal, value, rules, cancellationToken) { Name = field.ToString() });
        return rules;
    }

    private static void CheckDueDate(InputRules rules, DateOnly? date, string field) => rules.Date(field, "a due date", date);

    private static async Task<DisplayNames> NamesAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var people = await db.Memberships.AsNoTracking().Where(m => m.PartnershipId == partnershipId)
            .Select(m => new { m.UserId, m.User!.DisplayName }).ToDictionaryAsync(m => m.UserId, m => m.DisplayName, cancellationToken);
        var formerIds = await db.ChangeRecords.AsNoTracking().Where(c => c.PartnershipId == partnershipId && c.UserId != null)
            .Select(c => c.UserId!).Distinct().ToListAsync(cancellationToken);
        foreach (var former in await db.Users.AsNoTracking().Where(u => formerIds.Contains(u.Id) && !people.Keys.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
        {
            people[former.Id] = former.DisplayName;
        }

        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id.ToString(), o => o.Name, cancellationToken);
        var goals = await db.Goals.AsNoTracking().Where(g => g.PartnershipId == partnershipId)
            .ToDictionaryAsync(g => g.Id.ToString(), g => g.Title, cancellationToken);
        return new DisplayNames(people, organisations, goals);
    }

    private sealed record DisplayNames(Dictionary<string, string> People, Dictionary<string, string> Organisations, Dictionary<string, string> Goals)
    {
        public string? Display(GoalField field, string? value) =>
            GoalFields.Display(field, value, Organisations.GetValueOrDefault, People.GetValueOrDefault, Goals.GetValueOrDefault);
    }
}
