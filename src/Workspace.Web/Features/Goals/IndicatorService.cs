using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

public sealed class IndicatorInput
{
    public string Name { get; set; } = "";

    public string Unit { get; set; } = "";

    public double? Baseline { get; set; }

    public double? Target { get; set; }

    public IndicatorDirection Direction { get; set; } = IndicatorDirection.Increase;

    public Cadence Cadence { get; set; } = Cadence.Monthly;

    public string DataSource { get; set; } = "";

    public List<MilestoneInput> Milestones { get; set; } = [];

    /// <summary>The version the edit started from; ignored when adding.</summary>
    public long Version { get; set; }
}

public sealed class MilestoneInput
{
    public DateOnly? Date { get; set; }

    public double? TargetValue { get; set; }
}

public sealed class CheckInInput
{
    public double? Value { get; set; }

    public DateOnly? AsOf { get; set; }

    public string Comment { get; set; } = "";
}

internal static class IndicatorQueries
{
    public static async Task<IReadOnlyList<IndicatorView>> ForGoalAsync(WorkspaceDbContext db, Guid goalId, CancellationToken cancellationToken)
    {
        var indicators = await db.Indicators.AsNoTracking().Include(i => i.Milestones)
            .Where(i => i.GoalId == goalId).OrderBy(i => i.CreatedUtc).ToListAsync(cancellationToken);
        return await ViewsAsync(db, indicators, cancellationToken);
    }

    public static async Task<IndicatorView> OneAsync(WorkspaceDbContext db, Guid indicatorId, CancellationToken cancellationToken)
    {
        var indicator = await db.Indicators.AsNoTracking().Include(i => i.Milestones).FirstAsync(i => i.Id == indicatorId, cancellationToken);
        return (await ViewsAsync(db, [indicator], cancellationToken))[0];
    }

    private static async Task<IReadOnlyList<IndicatorView>> ViewsAsync(WorkspaceDbContext db, List<Indicator> indicators, CancellationToken cancellationToken)
    {
        var ids = indicators.Select(i => i.Id).ToList();
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => ids.Contains(c.IndicatorId))
            .Select(c => new
            {
                c.IndicatorId,
                View = new CheckInView(c.Id, c.Value, c.AsOf, c.Comment,
                    c.Source ?? db.Users.Where(u => u.Id == c.RecordedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "A former member",
                    db.Users.Where(u => u.Id == c.RecordedByUserId).Select(u => u.Organisation!.Name).FirstOrDefault(),
                    c.RecordedUtc),
            })
            .ToListAsync(cancellationToken);
        var confidences = await db.ConfidenceRecords.AsNoTracking().Where(c => ids.Contains(c.IndicatorId))
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new
            {
                c.IndicatorId,
                View = new ConfidenceView(o.Id, o.Name, o.Sector, c.Level, c.Comment,
                    db.Users.Where(u => u.Id == c.RecordedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "A former member",
                    c.RecordedUtc),
            })
            .ToListAsync(cancellationToken);

        return [.. indicators.Select(i => new IndicatorView(
            i.Id, i.GoalId, i.Name, i.Unit, i.Baseline, i.Target, i.Direction, i.Cadence, i.DataSource,
            [.. i.Milestones.OrderBy(m => m.Date).Select(m => new MilestoneView(m.Date, m.TargetValue))],
            [.. checkIns.Where(c => c.IndicatorId == i.Id).Select(c => c.View).OrderBy(c => c.AsOf).ThenBy(c => c.RecordedUtc)],
            [.. confidences.Where(c => c.IndicatorId == i.Id).Select(c => c.View).OrderBy(c => c.RecordedUtc)],
            i.Version))];
    }
}

/// <summary>Indicators of goals, their check-ins and each partner organisation's confidence.</summary>
public sealed class IndicatorService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    /// <summary>Values beyond this are refused as mistakes (and keep arithmetic well away from overflow).</summary>
    public const double MaxMagnitude = 1e12;

    public async Task<Result<IndicatorView>> AddAsync(string userId, Guid partnershipId, Guid goalId, IndicatorInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "add indicators", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (!await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        var rules = Validate(input);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var indicator = new Indicator { Id = Guid.NewGuid(), GoalId = goalId, PartnershipId = partnershipId, CreatedUtc = now };
        Apply(indicator, input);
        db.Indicators.Add(indicator);
        db.Record(partnershipId, userId, now, nameof(Indicator), indicator.Id, "Created", null, indicator.Name, goalId);
        await db.SaveChangesAsync(cancellationToken);
        return await PublishAsync(db, userId, partnershipId, goalId, indicator.Id, cancellationToken);
    }

    /// <summary>Saves an indicator's definition; refused as a conflict when someone saved it after <see cref="IndicatorInput.Version"/>.</summary>
    public async Task<Result<IndicatorView>> UpdateAsync(string userId, Guid partnershipId, Guid indicatorId, IndicatorInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "change indicators", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var indicator = await db.Indicators.Include(i => i.Milestones)
            .FirstOrDefaultAsync(i => i.Id == indicatorId && i.PartnershipId == partnershipId, cancellationToken);
        if (indicator is null)
        {
            return ServiceError.NotFound;
        }

        var rules = Validate(input);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if (indicator.Version != input.Version)
        {
            return ServiceError.Conflict("Someone else changed this indicator while you were editing it. Your changes are still in the form: review theirs, then save again.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = Describe(indicator);
        Apply(indicator, input);
        foreach (var (field, (old, @new)) in before.Zip(Describe(indicator)).Where(p => p.First.Value != p.Second.Value)
            .Select(p => (p.First.Key, (p.First.Value, p.Second.Value))))
        {
            db.Record(partnershipId, userId, now, nameof(Indicator), indicatorId, field, old, @new, indicator.GoalId);
        }

        db.Entry(indicator).Property(i => i.Version).IsModified = true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("Someone else changed this indicator at the same moment. Your changes are still in the form: review theirs, then save again.");
        }

        return await PublishAsync(db, userId, partnershipId, indicator.GoalId, indicatorId, cancellationToken);
    }

    public async Task<Result<IndicatorView>> RecordCheckInAsync(string userId, Guid partnershipId, Guid indicatorId, CheckInInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "record check-ins", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        return await RecordCheckInAsync(db, userId, null, partnershipId, indicatorId, input, cancellationToken);
    }

    /// <summary>
    /// Records a check-in sent by a partner's system with an API token, which the caller has checked may
    /// write this indicator: the token, not a person, is its author, and history says so.
    /// </summary>
    public async Task<Result<IndicatorView>> RecordCheckInViaApiAsync(string tokenName, Guid partnershipId, Guid indicatorId, CheckInInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenName);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RecordCheckInAsync(db, null, tokenName, partnershipId, indicatorId, input, cancellationToken);
    }

    /// <summary>How a check-in recorded through the API names its author, e.g. "API token 'Council data feed'".</summary>
    public static string ApiSource(string tokenName) => $"API token '{tokenName}'";

    private async Task<Result<IndicatorView>> RecordCheckInAsync(WorkspaceDbContext db, string? userId, string? apiTokenName, Guid partnershipId, Guid indicatorId, CheckInInput input, CancellationToken cancellationToken)
    {
        var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Id == indicatorId && i.PartnershipId == partnershipId, cancellationToken);
        if (indicator is null)
        {
            return ServiceError.NotFound;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rules = new InputRules().MaxLength(nameof(CheckInInput.Comment), "Comment", input.Comment, CheckIn.CommentMaxLength);
        CheckNumber(rules, nameof(CheckInInput.Value), "Value", input.Value);
        if (input.AsOf is not { } asOf)
        {
            rules.Add(nameof(CheckInInput.AsOf), "Enter the date the value was measured.");
        }
        else if (asOf > today.AddDays(1) || !InputRules.InRange(asOf))
        {
            rules.Add(nameof(CheckInInput.AsOf), $"The measurement date must be between 1 January {InputRules.FirstYear} and today.");
        }

        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var checkIn = new CheckIn
        {
            Id = Guid.NewGuid(),
            IndicatorId = indicatorId,
            Value = input.Value!.Value,
            AsOf = input.AsOf!.Value,
            Comment = InputRules.Stored(input.Comment),
            RecordedByUserId = userId ?? "",
            Source = apiTokenName is null ? null : ApiSource(apiTokenName),
            RecordedUtc = now,
        };
        db.CheckIns.Add(checkIn);
        var value = $"{checkIn.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} {indicator.Unit} as of {checkIn.AsOf:d MMM yyyy}".Trim();
        db.Record(partnershipId, userId, now, nameof(CheckIn), indicatorId, apiTokenName is null ? "Value" : "ValueViaApi", null,
            apiTokenName is null ? value : AuditTrail.Join(apiTokenName, value), indicator.GoalId);
        await Webhooks.WebhookOutbox.CheckInRecordedAsync(db, partnershipId, indicator, checkIn, apiTokenName, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await PublishAsync(db, userId, partnershipId, indicator.GoalId, indicatorId, cancellationToken);
    }

    /// <summary>Records the confidence of the person's own organisation that the indicator will reach its target.</summary>
    public async Task<Result<IndicatorView>> RecordConfidenceAsync(string userId, Guid partnershipId, Guid indicatorId, int level, string? comment, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "record confidence", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Id == indicatorId && i.PartnershipId == partnershipId, cancellationToken);
        if (indicator is null)
        {
            return ServiceError.NotFound;
        }

        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        var rules = new InputRules()
            .Check(level is >= 1 and <= 5, "Level", "Choose a confidence from 1 (very low) to 5 (very high).")
            .Check(organisationId is not null, "Level", "Set your organisation in your profile first: confidence is recorded per organisation.")
            .MaxLength("Comment", "Comment", comment, CheckIn.CommentMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.ConfidenceRecords.Add(new ConfidenceRecord
        {
            Id = Guid.NewGuid(),
            IndicatorId = indicatorId,
            OrganisationId = organisationId!.Value,
            Level = level,
            Comment = InputRules.Stored(comment),
            RecordedByUserId = userId,
            RecordedUtc = now,
        });
        db.Record(partnershipId, userId, now, nameof(ConfidenceRecord), indicatorId, "Confidence", null, $"{level} of 5", indicator.GoalId);
        await db.SaveChangesAsync(cancellationToken);
        return await PublishAsync(db, userId, partnershipId, indicator.GoalId, indicatorId, cancellationToken);
    }

    private async Task<Result<IndicatorView>> PublishAsync(WorkspaceDbContext db, string? userId, Guid partnershipId, Guid goalId, Guid indicatorId, CancellationToken cancellationToken)
    {
        // The change is committed: its revision and picture follow in a transaction of their own.
        GoalSummary summary;
        IndicatorView indicator;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var revision = await GoalQueries.NextRevisionAsync(db, goalId, cancellationToken);
            (summary, indicator) = await GoalQueries.PictureAsync(db, partnershipId, goalId, revision, null, () => IndicatorQueries.OneAsync(db, indicatorId, cancellationToken), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var view = indicator with { Revision = summary.Revision };
        await events.PublishAsync(new IndicatorSaved(partnershipId, userId, view, summary), cancellationToken);
        return view;
    }

    public static InputRules Validate(IndicatorInput input)
    {
        var rules = new InputRules()
            .Required(nameof(IndicatorInput.Name), "Name", input.Name, Indicator.NameMaxLength)
            .MaxLength(nameof(IndicatorInput.Unit), "Unit", input.Unit, Indicator.UnitMaxLength)
            .MaxLength(nameof(IndicatorInput.DataSource), "Data source", input.DataSource, Indicator.DataSourceMaxLength)
            .Defined(nameof(IndicatorInput.Direction), "Direction", input.Direction)
            .Defined(nameof(IndicatorInput.Cadence), "Cadence", input.Cadence);
        CheckNumber(rules, nameof(IndicatorInput.Baseline), "Baseline", input.Baseline);
        CheckNumber(rules, nameof(IndicatorInput.Target), "Target", input.Target);
        if (input.Baseline is { } baseline && input.Target is { } target && rules.IsValid)
        {
            switch (input.Direction)
            {
                case IndicatorDirection.Increase when target <= baseline:
                    rules.Add(nameof(IndicatorInput.Target), "For an indicator that should increase, the target must be above the baseline.");
                    break;
                case IndicatorDirection.Decrease when target >= baseline:
                    rules.Add(nameof(IndicatorInput.Target), "For an indicator that should decrease, the target must be below the baseline.");
                    break;
            }
        }

        for (var i = 0; i < input.Milestones.Count; i++)
        {
            var milestone = input.Milestones[i];
            if (milestone.Date is not { } date || !InputRules.InRange(date))
            {
                rules.Add($"Milestones[{i}].Date", $"Milestone {i + 1}: enter a date between the years {InputRules.FirstYear} and {InputRules.LastYear}.");
            }

            CheckNumber(rules, $"Milestones[{i}].TargetValue", $"Milestone {i + 1} target", milestone.TargetValue);
        }

        if (input.Milestones.Where(m => m.Date is not null).GroupBy(m => m.Date).Any(g => g.Count() > 1))
        {
            rules.Add("Milestones", "Two milestones have the same date: keep one per date.");
        }

        return rules;
    }

    private static void CheckNumber(InputRules rules, string field, string label, double? value)
    {
        if (value is not { } number)
        {
            rules.Add(field, $"Enter the {label.ToLowerInvariant()} as a number.");
        }
        else if (!double.IsFinite(number) || Math.Abs(number) > MaxMagnitude)
        {
            rules.Add(field, $"{label} must be a number between -1,000,000,000,000 and 1,000,000,000,000.");
        }
    }

    private static void Apply(Indicator indicator, IndicatorInput input)
    {
        indicator.Name = InputRules.Stored(input.Name);
        indicator.Unit = InputRules.Stored(input.Unit);
        indicator.Baseline = input.Baseline!.Value;
        indicator.Target = input.Target!.Value;
        indicator.Direction = input.Direction;
        indicator.Cadence = input.Cadence;
        indicator.DataSource = InputRules.Stored(input.DataSource);
        var wanted = input.Milestones.Select(m => (Date: m.Date!.Value, Target: m.TargetValue!.Value)).ToList();
        indicator.Milestones.RemoveAll(m => !wanted.Contains((m.Date, m.TargetValue)));
        foreach (var (date, target) in wanted.Where(w => !indicator.Milestones.Any(m => m.Date == w.Date && m.TargetValue == w.Target)))
        {
            // No Id: EF Core generates it. A new entity found with its key already set is taken to be an
            // existing row and UPDATEd, which fails as a concurrency conflict when editing an indicator.
            indicator.Milestones.Add(new IndicatorMilestone { IndicatorId = indicator.Id, Date = date, TargetValue = target });
        }
    }

    private static Dictionary<string, string> Describe(Indicator indicator) => new()
    {
        [nameof(Indicator.Name)] = indicator.Name,
        [nameof(Indicator.Unit)] = indicator.Unit,
        [nameof(Indicator.Baseline)] = indicator.Baseline.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [nameof(Indicator.Target)] = indicator.Target.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [nameof(Indicator.Direction)] = indicator.Direction.ToString(),
        [nameof(Indicator.Cadence)] = indicator.Cadence.ToString(),
        [nameof(Indicator.DataSource)] = indicator.DataSource,
        [nameof(Indicator.Milestones)] = string.Join("; ", indicator.Milestones.OrderBy(m => m.Date)
            .Select(m => $"{m.Date:yyyy-MM-dd}: {m.TargetValue.ToString(System.Globalization.CultureInfo.InvariantCulture)}")),
    };
}
