using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Health;

/// <summary>
/// The partnership health check: a facilitator sets the cadence and opens and closes numbered rounds;
/// every member answers each principle's statement on a 1–5 scale while a round is open. Results are
/// worked out by <see cref="HealthResults"/> only for closed rounds, so no figure moves while people answer,
/// and an anonymous round's individual answers never leave this service. The audit trail records that
/// someone answered, never the scores.
/// </summary>
public sealed partial class HealthService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, Dialogue.LogService log)
{
    public const string SettingsEntity = nameof(HealthSettings);
    public const string RoundEntity = nameof(HealthRound);
    public const string AnswerEntity = nameof(HealthAnswer);

    public async Task<Result<HealthView>> GetAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        var cadence = await db.HealthSettings.Where(s => s.PartnershipId == partnershipId).Select(s => (HealthCadence?)s.Cadence).FirstOrDefaultAsync(cancellationToken);
        var rounds = await db.HealthRounds.AsNoTracking().Where(r => r.PartnershipId == partnershipId).OrderByDescending(r => r.Number).ToListAsync(cancellationToken);
        var open = rounds.FirstOrDefault(r => r.ClosedUtc is null);
        var closed = new List<ClosedRoundView>();
        foreach (var round in rounds.Where(r => r.ClosedUtc is not null))
        {
            closed.Add(await ResultsAsync(db, round, cancellationToken));
        }

        var mine = open is null
            ? []
            : await db.HealthAnswers.Where(a => a.RoundId == open.Id && a.UserId == userId)
                .ToDictionaryAsync(a => a.Principle, a => new MyAnswer(a.Score, a.Comment), cancellationToken);
        return new HealthView(
            cadence ?? HealthCadence.Off,
            rounds.Count == 0 ? null : rounds[0].OpenedUtc,
            open is null ? null : await OpenViewAsync(db, open, cancellationToken),
            closed,
            await FindingsAsync(db, partnershipId, cancellationToken),
            mine,
            new HealthPermissions(Facilitate: role == PartnershipRole.Facilitator));
    }

    /// <summary>The latest closed rounds with their results, latest first, for the dashboard's health panel and its trend.</summary>
    public static async Task<List<ClosedRoundView>> LatestClosedAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rounds = await db.HealthRounds.AsNoTracking().Where(r => r.PartnershipId == partnershipId && r.ClosedUtc != null)
            .OrderByDescending(r => r.Number).Take(HealthOverview.TrendLength).ToListAsync(cancellationToken);
        var closed = new List<ClosedRoundView>();
        foreach (var round in rounds)
        {
            closed.Add(await ResultsAsync(db, round, cancellationToken));
        }

        return closed;
    }

    public async Task<Result<HealthCadence>> SetCadenceAsync(string userId, Guid partnershipId, HealthCadence cadence, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "set how often the health check runs", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rules = new InputRules().Defined("Cadence", "How often", cadence);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var settings = await db.HealthSettings.FirstOrDefaultAsync(s => s.PartnershipId == partnershipId, cancellationToken);
        var before = settings?.Cadence ?? HealthCadence.Off;
        if (before == cadence)
        {
            return cadence;
        }

        if (settings is null)
        {
            settings = new HealthSettings { PartnershipId = partnershipId };
            db.HealthSettings.Add(settings);
        }

        settings.Cadence = cadence;
        settings.UpdatedUtc = now;
        settings.UpdatedByUserId = userId;
        db.Record(partnershipId, userId, now, SettingsEntity, partnershipId, nameof(HealthSettings.Cadence), before.ToString(), cadence.ToString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
        {
            return ServiceError.Conflict("Another facilitator set the cadence a moment ago. Reload to see it.");
        }

        await events.PublishAsync(new HealthCadenceChanged(partnershipId, userId, cadence), cancellationToken);
        return cadence;
    }

    /// <summary>Opens the next round for every member to answer; one round is open at a time.</summary>
    public async Task<Result<OpenRoundView>> OpenRoundAsync(string userId, Guid partnershipId, bool anonymous, DateOnly? closesOn, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "open a health check round", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rules = new InputRules().Date("ClosesOn", "a closing date", closesOn)
            .Check(closesOn is null || closesOn >= DateOnly.FromDateTime(now), "ClosesOn", "Choose a closing date from today on.");
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var last = await db.HealthRounds.Where(r => r.PartnershipId == partnershipId).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        if (last is { ClosedUtc: null })
        {
            return ServiceError.Conflict($"Round {last.Number} is still open. Close it before opening another.");
        }

        var round = new HealthRound
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Number = (last?.Number ?? 0) + 1,
            Anonymous = anonymous,
            OpenedUtc = now,
            OpenedByUserId = userId,
            ClosesOn = closesOn,
        };
        db.HealthRounds.Add(round);
        db.Record(partnershipId, userId, now, RoundEntity, round.Number, "Opened", null,
            (anonymous ? "Anonymous" : "Named") + (closesOn is { } on ? $", closes {on:yyyy-MM-dd}" : ""));
        await Notify.HealthRoundOpenedAsync(db, partnershipId, userId, round.Number, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
        {
            return ServiceError.Conflict($"Round {round.Number} was opened by someone else a moment ago.");
        }

        var view = await OpenViewAsync(db, round, cancellationToken);
        await events.PublishAsync(new HealthRoundOpened(partnershipId, userId, view), cancellationToken);
        await Notify.AnnounceAsync(events, db, cancellationToken);
        return view;
    }

    /// <summary>Closes the open round for good; its results are then shown to every member.</summary>
    public async Task<Result<ClosedRoundView>> CloseRoundAsync(string userId, Guid partnershipId, int number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "close a health check round", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var round = await db.HealthRounds.FirstOrDefaultAsync(r => r.PartnershipId == partnershipId && r.Number == number, cancellationToken);
        if (round is null)
        {
            return ServiceError.NotFound;
        }

        if (round.ClosedUtc is not null)
        {
            return ServiceError.Conflict($"Round {number} is already closed.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        round.ClosedUtc = now;
        round.ClosedByUserId = userId;
        var respondents = await db.HealthAnswers.Where(a => a.RoundId == round.Id).Select(a => a.UserId).Distinct().CountAsync(cancellationToken);
        db.Record(partnershipId, userId, now, RoundEntity, round.Number, "Closed", null, $"{respondents} answered");
        await db.SaveChangesAsync(cancellationToken);
        var results = await ResultsAsync(db, round, cancellationToken);
        await events.PublishAsync(new HealthRoundClosed(partnershipId, userId, results), cancellationToken);
        return results;
    }

    private static async Task<OpenRoundView> OpenViewAsync(WorkspaceDbContext db, HealthRound round, CancellationToken cancellationToken)
    {
        var opener = await db.Users.Where(u => u.Id == round.OpenedByUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "A former member";
        var respondents = await db.HealthAnswers.Where(a => a.RoundId == round.Id).Select(a => a.UserId).Distinct().CountAsync(cancellationToken);
        var members = await db.Memberships.CountAsync(m => m.PartnershipId == round.PartnershipId, cancellationToken);
        return new OpenRoundView(round.Number, round.OpenedUtc, opener, round.ClosesOn, round.Anonymous, respondents, Math.Max(members, respondents));
    }

    /// <summary>A closed round's results: the only place its answers are read for others to see, always through <see cref="HealthResults"/>.</summary>
    private static async Task<ClosedRoundView> ResultsAsync(WorkspaceDbContext db, HealthRound round, CancellationToken cancellationToken)
    {
        var answers = await (
                from a in db.HealthAnswers.AsNoTracking()
                where a.RoundId == round.Id
                join u in db.Users on a.UserId equals u.Id into users
                from u in users.DefaultIfEmpty()
                join o in db.Organisations on a.OrganisationId equals o.Id into organisations
                from o in organisations.DefaultIfEmpty()
                select new HealthResponse(a.UserId, u == null ? "A former member" : u.DisplayName, a.OrganisationId, o == null ? null : o.Name,
                    o == null ? null : o.Sector, a.Principle, a.Score, a.Comment))
            .ToListAsync(cancellationToken);
        var members = await db.Memberships.CountAsync(m => m.PartnershipId == round.PartnershipId && m.JoinedUtc <= round.ClosedUtc, cancellationToken);
        var respondents = answers.Select(a => a.UserId).Distinct().Count();
        return new ClosedRoundView(round.Number, round.OpenedUtc, round.ClosedUtc!.Value, round.Anonymous, respondents, Math.Max(members, respondents),
            HealthResults.Compute(round.Anonymous, answers));
    }

    private static async Task<List<FindingView>> FindingsAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken) =>
        await (from f in db.HealthFindings
               where f.PartnershipId == partnershipId
               join r in db.HealthRounds on f.RoundId equals r.Id
               join e in db.LogEntries on f.LogEntryId equals e.Id
               where e.RemovedUtc == null
               orderby f.CreatedUtc
               select new FindingView(r.Number, f.Principle, e.Id, e.Title))
            .ToListAsync(cancellationToken);
}
