using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Contributions;

/// <summary>
/// The register of what each partner brings. Any member reads it; a member records contributions only
/// for the organisation their account speaks for, a facilitator for any partner organisation. Every
/// change is recorded in the audit trail and published to the partnership's viewers after it commits.
/// </summary>
public sealed class ContributionService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    public const string Entity = nameof(Contribution);
    public const string DefaultCurrency = "GBP";
    public const decimal MaxAmount = 1_000_000_000_000m;
    public const decimal MaxDays = 100_000m;

    public async Task<Result<ContributionsView>> GetAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        var partners = await PartnersAsync(db, partnershipId, cancellationToken);
        var goals = await db.Goals.AsNoTracking().Where(g => g.PartnershipId == partnershipId)
            .Select(g => new GoalOption(g.Id, g.Title)).ToListAsync(cancellationToken);
        var contributions = await ViewsAsync(db, partnershipId, null, cancellationToken);
        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleAsync(cancellationToken);
        var currency = contributions.Where(c => c.Currency is not null).OrderByDescending(c => c.UpdatedUtc).Select(c => c.Currency).FirstOrDefault();
        return new ContributionsView(
            contributions, partners, [.. goals.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase)],
            Permissions(role.Value, organisationId, partners), currency ?? DefaultCurrency);
    }

    /// <summary>Records a new contribution.</summary>
    public Task<Result<ContributionEntry>> AddAsync(string userId, Guid partnershipId, ContributionInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(userId, partnershipId, null, 0, input, cancellationToken);

    /// <summary>Changes a contribution against the version the edit started from, so a change made meanwhile is not overwritten.</summary>
    public Task<Result<ContributionEntry>> UpdateAsync(string userId, Guid partnershipId, Guid contributionId, long expectedVersion, ContributionInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(userId, partnershipId, contributionId, expectedVersion, input, cancellationToken);

    public async Task<Result<ContributionEntry>> MarkDeliveredAsync(string userId, Guid partnershipId, Guid contributionId, long expectedVersion, DateOnly deliveredOn, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindForChangeAsync(db, userId, partnershipId, contributionId, expectedVersion, "mark it delivered", cancellationToken);
        if (found.Value is not { } contribution)
        {
            return found.Error!;
        }

        var rules = new InputRules();
        CheckDelivery(rules, deliveredOn, Today);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if (contribution.Status == ContributionStatus.Delivered)
        {
            return ServiceError.Conflict("This contribution is already marked delivered.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        contribution.Status = ContributionStatus.Delivered;
        contribution.DeliveredOn = deliveredOn;
        Touch(contribution, userId, now);
        db.Record(partnershipId, userId, now, Entity, contribution.Id, "Delivered", null,
            AuditTrail.Join(await OrganisationNameAsync(db, contribution.OrganisationId, cancellationToken), $"{contribution.Description} (on {deliveredOn:yyyy-MM-dd})"));
        return await CommitAsync(db, userId, partnershipId, contribution.Id, cancellationToken);
    }

    /// <summary>Removes a contribution from the register; it stays in the audit trail.</summary>
    public async Task<Result<ContributionEntry>> RemoveAsync(string userId, Guid partnershipId, Guid contributionId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindForChangeAsync(db, userId, partnershipId, contributionId, expectedVersion, "remove it", cancellationToken);
        if (found.Value is not { } contribution)
        {
            return found.Error!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = await DescribeAsync(db, contribution, cancellationToken);
        contribution.RemovedUtc = now;
        Touch(contribution, userId, now);
        db.Record(partnershipId, userId, now, Entity, contribution.Id, "Removed", before, null);
        return await CommitAsync(db, userId, partnershipId, contribution.Id, cancellationToken);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<Result<ContributionEntry>> SaveAsync(string userId, Guid partnershipId, Guid? contributionId, long expectedVersion, ContributionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Contribution? contribution = null;
        if (contributionId is { } id)
        {
            var found = await FindForChangeAsync(db, userId, partnershipId, id, expectedVersion, "change it", cancellationToken);
            if (found.Value is null)
            {
                return found.Error!;
            }

            contribution = found.Value;
        }
        else
        {
            var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "record contributions", cancellationToken);
            if (!access.Succeeded)
            {
                return access.Error!;
            }
        }

        // The organisation it is for: one the caller may record for (the new one, when an edit moves it).
        var can = await PermissionsAsync(db, userId, partnershipId, cancellationToken);
        if (!can.MayRecordFor(input.OrganisationId))
        {
            return can.RecordFor.Count == 0
                ? ServiceError.Forbidden(can.WhyNot ?? "You cannot record contributions here.")
                : ServiceError.Invalid("OrganisationId", can.RecordFor.Count == 1
                    ? "You can record contributions only for your own organisation."
                    : "Choose one of the partner organisations.");
        }

        var goalIds = (input.GoalIds ?? []).Distinct().ToList();
        var knownGoals = await db.Goals.Where(g => g.PartnershipId == partnershipId && goalIds.Contains(g.Id)).CountAsync(cancellationToken);
        var rules = Validate(input, Today).Check(knownGoals == goalIds.Count, "GoalIds", "Choose goals of this partnership.");
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = contribution is null ? null : await DescribeAsync(db, contribution, cancellationToken);
        if (contribution is null)
        {
            contribution = new Contribution { Id = Guid.NewGuid(), PartnershipId = partnershipId, CreatedUtc = now, CreatedByUserId = userId };
            db.Contributions.Add(contribution);
        }

        contribution.OrganisationId = input.OrganisationId;
        contribution.Kind = input.Kind;
        contribution.Description = InputRules.Stored(input.Description);
        contribution.Amount = input.Kind == ContributionKind.Money ? input.Amount : null;
        contribution.Currency = input.Kind == ContributionKind.Money ? Currency(input.Currency) : null;
        contribution.Days = input.Kind == ContributionKind.StaffTime ? input.Days : null;
        contribution.PeriodStart = input.PeriodStart!.Value;
        contribution.PeriodEnd = input.PeriodEnd!.Value;
        contribution.Status = input.Status;
        contribution.DeliveredOn = input.Status == ContributionStatus.Delivered ? input.DeliveredOn : null;
        var linked = contribution.Goals.Select(g => g.GoalId).ToHashSet();
        contribution.Goals.RemoveAll(g => !goalIds.Contains(g.GoalId));
        contribution.Goals.AddRange(goalIds.Where(g => !linked.Contains(g)).Select(g => new ContributionGoal { ContributionId = contribution.Id, GoalId = g }));
        Touch(contribution, userId, now);

        var after = await DescribeAsync(db, contribution, cancellationToken);
        if (before == after)
        {
            return (await ViewsAsync(db, partnershipId, contribution.Id, cancellationToken)).Single();
        }

        db.Record(partnershipId, userId, now, Entity, contribution.Id, before is null ? "Recorded" : "Changed", before, after);
        return await CommitAsync(db, userId, partnershipId, contribution.Id, cancellationToken);
    }

    /// <summary>The input's rules, with messages that say what to fix. Amounts and days are checked only for the kind they belong to.</summary>
    internal static InputRules Validate(ContributionInput input, DateOnly today)
    {
        var rules = new InputRules()
            .Check(Enum.IsDefined(input.Kind), "Kind", "Choose what kind of contribution this is.")
            .Required("Description", "Description", input.Description, Contribution.DescriptionMaxLength)
            .Check(Enum.IsDefined(input.Status), "Status", "Choose whether it is committed or delivered.");
        if (input.Kind == ContributionKind.Money)
        {
            rules.Check(input.Amount is > 0 and <= MaxAmount, "Amount", input.Amount is null ? "Amount is required for money." : $"Amount must be more than 0 and at most {MaxAmount:#,0}.")
                .Check(input.Amount is not { } amount || decimal.Round(amount, 2) == amount, "Amount", "Amount can have at most two decimal places.")
                .Check(Currency(input.Currency) is { Length: 3 } code && code.All(char.IsAsciiLetterUpper), "Currency", "Currency must be a three-letter ISO 4217 code, like GBP or EUR.");
        }

        if (input.Kind == ContributionKind.StaffTime)
        {
            rules.Check(input.Days is > 0 and <= MaxDays, "Days", input.Days is null ? "Days are required for staff time." : $"Days must be more than 0 and at most {MaxDays:#,0}.")
                .Check(input.Days is not { } days || decimal.Round(days, 2) == days, "Days", "Days can have at most two decimal places, like 2.5.");
        }

        rules.Check(input.PeriodStart is { } start && InputRules.InRange(start), "PeriodStart", PeriodMessage("Start", input.PeriodStart))
            .Check(input.PeriodEnd is { } end && InputRules.InRange(end), "PeriodEnd", PeriodMessage("End", input.PeriodEnd));
        if (input is { PeriodStart: { } from, PeriodEnd: { } to } && to < from)
        {
            rules.Check(false, "PeriodEnd", "End must be on or after the start.");
        }

        if (input.Status == ContributionStatus.Delivered)
        {
            if (input.DeliveredOn is { } on)
            {
                CheckDelivery(rules, on, today);
            }
            else
            {
                rules.Check(false, "DeliveredOn", "Say when it was delivered.");
            }
        }

        return rules;
    }

    private static void CheckDelivery(InputRules rules, DateOnly deliveredOn, DateOnly today) =>
        rules.Check(InputRules.InRange(deliveredOn) && deliveredOn <= today, "DeliveredOn",
            deliveredOn > today ? "The delivery date cannot be in the future." : $"Enter a date between {InputRules.FirstYear} and {InputRules.LastYear}.");

    private static string PeriodMessage(string which, DateOnly? date) =>
        date is null ? $"{which} date is required." : $"{which} date must be between {InputRules.FirstYear} and {InputRules.LastYear}.";

    private static string Currency(string? code) => InputRules.Stored(code).ToUpperInvariant();

    private static void Touch(Contribution contribution, string userId, DateTime now)
    {
        contribution.UpdatedUtc = now;
        contribution.UpdatedByUserId = userId;
    }

    private async Task<Result<ContributionEntry>> CommitAsync(WorkspaceDbContext db, string userId, Guid partnershipId, Guid contributionId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ChangedMeanwhileAsync(contributionId, cancellationToken);
        }

        var view = (await ViewsAsync(db, partnershipId, contributionId, cancellationToken)).Single();
        await events.PublishAsync(new ContributionChanged(partnershipId, userId, view), cancellationToken);
        return view;
    }

    private async Task<ServiceError> ChangedMeanwhileAsync(Guid contributionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var by = await db.Contributions.Where(c => c.Id == contributionId)
            .Select(c => new { c.RemovedUtc, Name = db.Users.Where(u => u.Id == c.UpdatedByUserId).Select(u => u.DisplayName).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        return by?.RemovedUtc is not null
            ? ServiceError.Conflict($"{by.Name ?? "Someone"} removed this contribution meanwhile.")
            : ServiceError.Conflict($"{by?.Name ?? "Someone"} changed this contribution while you were editing it. What you typed is still here: check theirs, then save again.");
    }

    /// <summary>The contribution to change, when it exists here and the caller may change it, at the version they started from.</summary>
    private async Task<Result<Contribution>> FindForChangeAsync(WorkspaceDbContext db, string userId, Guid partnershipId, Guid contributionId, long expectedVersion, string action, CancellationToken cancellationToken)
    {
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "change contributions", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var contribution = await db.Contributions.Include(c => c.Goals)
            .FirstOrDefaultAsync(c => c.Id == contributionId && c.PartnershipId == partnershipId, cancellationToken);
        if (contribution is null)
        {
            return ServiceError.NotFound;
        }

        if (contribution.RemovedUtc is not null)
        {
            return await ChangedMeanwhileAsync(contributionId, cancellationToken);
        }

        var can = await PermissionsAsync(db, userId, partnershipId, cancellationToken);
        if (!can.MayRecordFor(contribution.OrganisationId))
        {
            return ServiceError.Forbidden($"Only the organisation's own people or a facilitator can {action}.");
        }

        if (contribution.Version != expectedVersion)
        {
            return await ChangedMeanwhileAsync(contributionId, cancellationToken);
        }

        return contribution;
    }

    private static async Task<ContributionPermissions> PermissionsAsync(WorkspaceDbContext db, string userId, Guid partnershipId, CancellationToken cancellationToken)
    {
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleAsync(cancellationToken);
        return Permissions(role ?? PartnershipRole.Observer, organisationId, await PartnersAsync(db, partnershipId, cancellationToken));
    }

    /// <summary>Who may record for whom. An account speaks for an organisation only once its membership is verified.</summary>
    internal static ContributionPermissions Permissions(PartnershipRole role, Guid? organisationId, IReadOnlyList<PartnerOption> partners) =>
        (role, organisationId) switch
        {
            (PartnershipRole.Facilitator, _) => new([.. partners.Select(p => p.Id)], null),
            (PartnershipRole.Observer, _) => new([], "Observers can read the register; contributors and facilitators record contributions."),
            (_, null) => new([], "Your account does not speak for an organisation yet, so you cannot record its contributions. Join your organisation from your profile."),
            (_, { } mine) when partners.Any(p => p.Id == mine) => new([mine], null),
            _ => new([], "Your organisation is not a partner here."),
        };

    internal static async Task<List<PartnerOption>> PartnersAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken) =>
        [.. (await db.Memberships.AsNoTracking().Where(m => m.PartnershipId == partnershipId && m.User!.OrganisationId != null)
                .Select(m => new { m.User!.Organisation!.Id, m.User.Organisation.Name, m.User.Organisation.Sector })
                .Distinct().ToListAsync(cancellationToken))
            .Select(p => new PartnerOption(p.Id, p.Name, p.Sector))
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)];

    /// <summary>The partnership's contributions in the shape the register shows (one when <paramref name="onlyId"/> is given, removed or not).</summary>
    internal static async Task<List<ContributionEntry>> ViewsAsync(WorkspaceDbContext db, Guid partnershipId, Guid? onlyId, CancellationToken cancellationToken)
    {
        var query = db.Contributions.AsNoTracking().Where(c => c.PartnershipId == partnershipId);
        query = onlyId is { } id ? query.Where(c => c.Id == id) : query.Where(c => c.RemovedUtc == null);
        var rows = await query
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new
            {
                Contribution = c,
                Organisation = o.Name,
                o.Sector,
                Goals = c.Goals.Select(g => g.GoalId).ToList(),
                By = db.Users.Where(u => u.Id == c.UpdatedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. ContributionsState.Sorted(rows.Select(r => new ContributionEntry(
            r.Contribution.Id, r.Contribution.OrganisationId, r.Organisation, r.Sector, r.Contribution.Kind, r.Contribution.Description,
            r.Contribution.Amount, r.Contribution.Currency, r.Contribution.Days, r.Contribution.PeriodStart, r.Contribution.PeriodEnd,
            r.Contribution.Status, r.Contribution.DeliveredOn, r.Goals, r.By ?? "A former member", r.Contribution.UpdatedUtc,
            r.Contribution.Version, r.Contribution.RemovedUtc is not null)))];
    }

    private static async Task<string> OrganisationNameAsync(WorkspaceDbContext db, Guid organisationId, CancellationToken cancellationToken) =>
        await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Name).SingleAsync(cancellationToken);

    /// <summary>The whole contribution in one line, for the audit trail: what it was before a change and after.</summary>
    private static async Task<string> DescribeAsync(WorkspaceDbContext db, Contribution c, CancellationToken cancellationToken)
    {
        var goalIds = c.Goals.Select(g => g.GoalId).ToList();
        var goals = await db.Goals.Where(g => goalIds.Contains(g.Id)).Select(g => g.Title).ToListAsync(cancellationToken);
        var measure = c.Kind switch
        {
            ContributionKind.Money => $"{c.Currency} {c.Amount:#,0.##}",
            ContributionKind.StaffTime => $"{ContributionTally.FormatDays(c.Days ?? 0)} days",
            _ => null,
        };
        var parts = new[]
        {
            await OrganisationNameAsync(db, c.OrganisationId, cancellationToken), c.Kind.ToText(), measure, c.Description,
            $"{c.PeriodStart:yyyy-MM-dd} to {c.PeriodEnd:yyyy-MM-dd}",
            c.Status == ContributionStatus.Delivered ? $"delivered {c.DeliveredOn:yyyy-MM-dd}" : "committed",
            goals.Count == 0 ? null : "goals: " + string.Join(", ", goals.Order(StringComparer.CurrentCulture)),
        };
        return string.Join(" · ", parts.Where(p => !string.IsNullOrEmpty(p)));
    }
}
